import { Check, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, type Relation } from 'typeorm';
import type { Task } from '../tasks/task.entity.js';

export const EXTENSION_STATUSES = ['pending', 'approved', 'refused'] as const;
export type ExtensionStatus = (typeof EXTENSION_STATUSES)[number];

/** 延期申请: a lead agency asks for a later deadline; the office approves or refuses. */
@Entity('extension_requests')
@Check('extension_requests_status_check', `status IN (${EXTENSION_STATUSES.map((s) => `'${s}'`).join(', ')})`)
// At most one pending request per task.
@Index('extension_requests_one_pending_idx', ['taskId'], { unique: true, where: `status = 'pending'` })
export class ExtensionRequest {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Index('extension_requests_task_id_idx')
  @Column({ name: 'task_id', type: 'uuid' })
  taskId: string;

  @ManyToOne('Task', { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'task_id' })
  task: Relation<Task>;

  @Column({ name: 'agency_id', type: 'uuid' })
  agencyId: string;

  @Column({ name: 'requested_by', type: 'uuid' })
  requestedBy: string;

  @Column({ name: 'requested_at', type: 'timestamptz', default: () => 'now()' })
  requestedAt: Date;

  /** The deadline in force when the request was made. */
  @Column({ name: 'current_deadline', type: 'date', nullable: true })
  currentDeadline: string | null;

  @Column({ name: 'requested_deadline', type: 'date' })
  requestedDeadline: string;

  @Column({ type: 'text' })
  reason: string;

  @Column({ type: 'text', default: 'pending' })
  status: ExtensionStatus;

  @Column({ name: 'decided_by', type: 'uuid', nullable: true })
  decidedBy: string | null;

  @Column({ name: 'decided_at', type: 'timestamptz', nullable: true })
  decidedAt: Date | null;

  @Column({ name: 'decision_comment', type: 'text', nullable: true })
  decisionComment: string | null;
}
