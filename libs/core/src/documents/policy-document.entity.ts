import {
  Check,
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
  type Relation,
  UpdateDateColumn,
} from 'typeorm';
import type { SourceFile } from './source-file.entity.js';

export const DOCUMENT_KINDS = ['measures', 'work_plan', 'regulation', 'notice', 'cases', 'other'] as const;
export type DocumentKind = (typeof DOCUMENT_KINDS)[number];

/** A policy document (政策文件) as found in a source file, with its place in that file. */
@Entity('policy_documents')
@Check('policy_documents_kind_check', `kind IN (${DOCUMENT_KINDS.map((k) => `'${k}'`).join(', ')})`)
@Check('policy_documents_span_check', 'span_start >= 0 AND span_end >= span_start')
export class PolicyDocument {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Index('policy_documents_source_file_id_idx')
  @Column({ name: 'source_file_id', type: 'uuid' })
  sourceFileId: string;

  @ManyToOne('SourceFile', { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'source_file_id' })
  sourceFile: Relation<SourceFile>;

  @Column({ type: 'text' })
  title: string;

  /**
   * Identity across versions: the document number when printed, else the
   * title. A later file with the same key is a new version of this document.
   */
  @Index('policy_documents_document_key_idx')
  @Column({ name: 'document_key', type: 'text' })
  documentKey: string;

  @Column({ name: 'doc_number', type: 'text', nullable: true })
  docNumber: string | null;

  @Column({ type: 'text', nullable: true })
  issuer: string | null;

  @Column({ name: 'issued_on', type: 'date', nullable: true })
  issuedOn: string | null;

  @Column({ type: 'text', default: 'other' })
  kind: DocumentKind;

  @Column({ name: 'span_start', type: 'integer' })
  spanStart: number;

  @Column({ name: 'span_end', type: 'integer' })
  spanEnd: number;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
