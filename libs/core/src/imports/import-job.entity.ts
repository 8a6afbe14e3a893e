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
import type { SourceFile } from '../documents/source-file.entity.js';
import type { ExtractionResult } from '../../../extraction/src/types.js';
import type { ImportPlan } from './import-plan.js';
import type { ImportReview } from './import-review.js';

export const IMPORT_STATUSES = [
  'queued', // uploaded, waiting for the worker
  'extracting',
  'review', // extracted; a coordinator reviews and edits before commit
  'committed',
  'rejected',
  'failed', // the file could not be read; see error_code
  'duplicate', // the same bytes were imported before; nothing changed
] as const;
export type ImportStatus = (typeof IMPORT_STATUSES)[number];

export interface ImportExtraction extends ExtractionResult {
  encoding: string;
  text: string;
}

/** One uploaded file on its way from bytes to tasks: extraction, review, commit. */
@Entity('import_jobs')
@Check('import_jobs_status_check', `status IN (${IMPORT_STATUSES.map((s) => `'${s}'`).join(', ')})`)
@Check('import_jobs_progress_check', 'progress BETWEEN 0 AND 100')
export class ImportJob {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Index('import_jobs_status_idx')
  @Column({ type: 'text', default: 'queued' })
  status: ImportStatus;

  @Column({ type: 'smallint', default: 0 })
  progress: number;

  @Column({ name: 'file_name', type: 'text' })
  fileName: string;

  @Column({ name: 'byte_size', type: 'integer' })
  byteSize: number;

  @Index('import_jobs_sha256_idx')
  @Column({ type: 'char', length: 64 })
  sha256: string;

  /** The uploaded bytes, kept until the import is committed or rejected. */
  @Column({ type: 'bytea', nullable: true, select: false })
  content: Buffer | null;

  @Column({ name: 'uploaded_by', type: 'uuid', nullable: true })
  uploadedBy: string | null;

  @Column({ name: 'error_code', type: 'text', nullable: true })
  errorCode: string | null;

  @Column({ name: 'error_message', type: 'text', nullable: true })
  errorMessage: string | null;

  @Column({ type: 'jsonb', nullable: true, select: false })
  extraction: ImportExtraction | null;

  @Column({ type: 'jsonb', nullable: true })
  plan: ImportPlan | null;

  @Column({ type: 'jsonb' })
  review: ImportReview;

  @Column({ name: 'source_file_id', type: 'uuid', nullable: true })
  sourceFileId: string | null;

  @ManyToOne('SourceFile', { nullable: true, onDelete: 'SET NULL' })
  @JoinColumn({ name: 'source_file_id' })
  sourceFile: Relation<SourceFile> | null;

  @Column({ name: 'committed_by', type: 'uuid', nullable: true })
  committedBy: string | null;

  @Column({ name: 'committed_at', type: 'timestamptz', nullable: true })
  committedAt: Date | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
