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
  Unique,
} from 'typeorm';
import type { Task } from '../tasks/task.entity.js';
import { ESCALATION_LEVELS, REMINDER_KINDS, type EscalationLevel, type ReminderKind } from './reminder-policy.js';

export const REMINDER_STATES = ['pending', 'sent', 'skipped', 'cancelled'] as const;
export type ReminderState = (typeof REMINDER_STATES)[number];

/**
 * A reminder the tracker owes someone. PostgreSQL is the truth: rows are
 * written in the same transaction as the change that causes them, and the
 * worker only ever sends what is still pending when its time comes.
 */
@Entity('reminders')
@Unique('reminders_task_key_key', ['taskId', 'key'])
@Check('reminders_state_check', `state IN (${REMINDER_STATES.map((s) => `'${s}'`).join(', ')})`)
@Check('reminders_kind_check', `kind IN (${REMINDER_KINDS.map((k) => `'${k}'`).join(', ')})`)
@Check('reminders_level_check', `level IN (${ESCALATION_LEVELS.map((l) => `'${l}'`).join(', ')})`)
// The worker's question: what is pending and due by now?
@Index('reminders_state_due_idx', ['state', 'dueAt'])
export class Reminder {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'task_id', type: 'uuid' })
  taskId: string;

  @ManyToOne('Task', { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'task_id' })
  task: Relation<Task>;

  @Column({ type: 'text' })
  kind: ReminderKind;

  @Column({ type: 'text' })
  level: EscalationLevel;

  /** Stable identity within the task (see planReminders). */
  @Column({ type: 'text' })
  key: string;

  @Column({ name: 'due_at', type: 'timestamptz' })
  dueAt: Date;

  @Column({ type: 'text', default: 'pending' })
  state: ReminderState;

  @Column({ name: 'sent_at', type: 'timestamptz', nullable: true })
  sentAt: Date | null;

  /** Why it was skipped or cancelled (task done, deadline moved, report already in …). */
  @Column({ type: 'text', nullable: true })
  reason: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
