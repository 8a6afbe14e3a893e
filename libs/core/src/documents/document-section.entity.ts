import { Check, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, type Relation } from 'typeorm';
import type { PolicyDocument } from './policy-document.entity.js';

/** A heading of a document (`三、工作任务`, `(一)优化税收政策体系`), as a tree. */
@Entity('document_sections')
@Check('document_sections_span_check', 'span_start >= 0 AND span_end >= span_start')
export class DocumentSection {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Index('document_sections_document_id_idx')
  @Column({ name: 'document_id', type: 'uuid' })
  documentId: string;

  @ManyToOne('PolicyDocument', { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'document_id' })
  document: Relation<PolicyDocument>;

  @Index('document_sections_parent_id_idx')
  @Column({ name: 'parent_id', type: 'uuid', nullable: true })
  parentId: string | null;

  @ManyToOne('DocumentSection', { nullable: true, onDelete: 'CASCADE' })
  @JoinColumn({ name: 'parent_id' })
  parent: Relation<DocumentSection> | null;

  /** The label as printed: `三、`, `(一)`. */
  @Column({ type: 'text' })
  label: string;

  @Column({ type: 'text' })
  heading: string;

  @Column({ type: 'smallint' })
  level: number;

  /** Order among the document's sections. */
  @Column({ type: 'integer' })
  position: number;

  @Column({ name: 'span_start', type: 'integer' })
  spanStart: number;

  @Column({ name: 'span_end', type: 'integer' })
  spanEnd: number;
}
