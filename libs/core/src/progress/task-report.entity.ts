import {
  Check,
  Column,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
  type Relation,
  Unique,
} from 'typeorm';
import type { Task } from '../tasks/task.entity.js';

export const REPORT_RATINGS = ['on_track', 'at_risk', 'off_track'] as const;
export type ReportRating = (typeof REPORT_RATINGS)[number];

/**
 * The lead agency's weekly progress report (周报) for one task and one ISO
 * week. A resubmission is a new revision of the same report, never a second
 * report: (task, period, revision) is unique.
 */
@Entity('task_reports')
@Unique('task_reports_task_period_revision_key', ['taskId', 'period', 'revision'])
@Check('task_reports_rating_check', `rating IN (${REPORT_RATINGS.map((r) => `'${r}'`).join(', ')})`)
@Check('task_reports_percent_check', 'percent BETWEEN 0 AND 100')
@Check('task_reports_period_check', `period ~ '^[0-9]{4}-W[0-9]{2}$'`)
@Index('task_reports_period_idx', ['period'])
export class TaskReport {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'task_id', type: 'uuid' })
  taskId: string;

  @ManyToOne('Task', { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'task_id' })
  task: Relation<Task>;

  /** ISO week in Asia/Shanghai: `2026-W47`. */
  @Column({ type: 'text' })
  period: string;

  @Column({ type: 'integer' })
  revision: number;

  @Column({ name: 'agency_id', type: 'uuid' })
  agencyId: string;

  @Column({ name: 'submitted_by', type: 'uuid' })
  submittedBy: string;

  @Column({ name: 'submitted_at', type: 'timestamptz', default: () => 'now()' })
  submittedAt: Date;

  @Column({ type: 'text' })
  rating: ReportRating;

  @Column({ type: 'smallint' })
  percent: number;

  /** 本周进展 */
  @Column({ name: 'work_done', type: 'text' })
  workDone: string;

  /** 下步计划 */
  @Column({ name: 'next_steps', type: 'text', default: '' })
  nextSteps: string;

  /** 需协调解决的问题 */
  @Column({ type: 'text', default: '' })
  problems: string;

  /** The report that closes the work, required before completion is requested. */
  @Column({ name: 'is_final', type: 'boolean', default: false })
  isFinal: boolean;

  /** Submitted after its week was over (accepted, and marked). */
  @Column({ type: 'boolean', default: false })
  late: boolean;

  @Column({ name: 'returned_at', type: 'timestamptz', nullable: true })
  returnedAt: Date | null;

  @Column({ name: 'returned_by', type: 'uuid', nullable: true })
  returnedBy: string | null;

  @Column({ name: 'return_comment', type: 'text', nullable: true })
  returnComment: string | null;
}
