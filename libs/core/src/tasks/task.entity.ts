import {
  Check,
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  OneToMany,
  PrimaryGeneratedColumn,
  type Relation,
  UpdateDateColumn,
  VersionColumn,
} from 'typeorm';
import type { DocumentSection } from '../documents/document-section.entity.js';
import type { PolicyDocument } from '../documents/policy-document.entity.js';
import type { TaskAssignment } from './task-assignment.entity.js';
import { TASK_STATUSES, type TaskStatus } from './task-status.js';

/** One numbered action item of a policy document, tracked through the 督办 lifecycle. */
@Entity('tasks')
@Check('tasks_status_check', `status IN (${TASK_STATUSES.map((s) => `'${s}'`).join(', ')})`)
@Check('tasks_span_check', 'span_start >= 0 AND span_end >= span_start')
@Check('tasks_deadline_check', 'NOT (ongoing AND deadline_date IS NOT NULL)')
// The overdue board: open tasks by deadline.
@Index('tasks_status_deadline_idx', ['status', 'deadlineDate'])
@Index('tasks_document_source_key_idx', ['documentId', 'sourceKey'])
// Chinese text search with pg_trgm (GIN over title and text), created by hand in a migration.
@Index('tasks_search_trgm_idx', { synchronize: false })
// The office's ledger in deadline order (expression index, created in a migration).
@Index('tasks_effective_deadline_idx', { synchronize: false })
export class Task {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Index('tasks_document_id_idx')
  @Column({ name: 'document_id', type: 'uuid' })
  documentId: string;

  @ManyToOne('PolicyDocument', { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'document_id' })
  document: Relation<PolicyDocument>;

  @Index('tasks_section_id_idx')
  @Column({ name: 'section_id', type: 'uuid', nullable: true })
  sectionId: string | null;

  @ManyToOne('DocumentSection', { nullable: true, onDelete: 'SET NULL' })
  @JoinColumn({ name: 'section_id' })
  section: Relation<DocumentSection> | null;

  /**
   * Identity of the task inside its document across versions (heading path +
   * number), so that re-importing a revised document updates instead of duplicating.
   */
  @Column({ name: 'source_key', type: 'text' })
  sourceKey: string;

  /** Owners as the document prints them, resolved or not (the review keeps what it says). */
  @Column({ name: 'printed_owners', type: 'jsonb' })
  printedOwners: { lead: string[]; co: string[] };

  /** The number as printed: `1`, `(三)`, `十二`. */
  @Column({ type: 'text' })
  number: string;

  @Column({ type: 'text' })
  title: string;

  @Column({ type: 'text' })
  text: string;

  @Column({ name: 'span_start', type: 'integer' })
  spanStart: number;

  @Column({ name: 'span_end', type: 'integer' })
  spanEnd: number;

  @Column({ name: 'deadline_date', type: 'date', nullable: true })
  deadlineDate: string | null;

  /** The deadline as printed (`2020 年 12 月底`), kept for review. */
  @Column({ name: 'deadline_text', type: 'text', nullable: true })
  deadlineText: string | null;

  /** The date of an approved extension (延期); the original deadline stays in deadline_date. */
  @Column({ name: 'extended_deadline', type: 'date', nullable: true })
  extendedDeadline: string | null;

  /** The state a suspended task resumes to. */
  @Column({ name: 'suspended_from', type: 'text', nullable: true })
  suspendedFrom: TaskStatus | null;

  /** 持续推进 / 长期: no end date. */
  @Column({ type: 'boolean', default: false })
  ongoing: boolean;

  @Column({ type: 'text', default: 'registered' })
  status: TaskStatus;

  /** When the task was first handed over (交办): the start of its 序时进度. */
  @Column({ name: 'assigned_at', type: 'timestamptz', nullable: true })
  assignedAt: Date | null;

  /** When it was completed (办结), for the weekly report's "newly completed". */
  @Column({ name: 'completed_at', type: 'timestamptz', nullable: true })
  completedAt: Date | null;

  @OneToMany('TaskAssignment', (assignment: TaskAssignment) => assignment.task)
  assignments: Relation<TaskAssignment>[];

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;

  /** Optimistic locking: a write with a stale version is refused. */
  @VersionColumn({ type: 'integer' })
  version: number;
}
