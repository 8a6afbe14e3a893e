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
import type { Agency } from '../agencies/agency.entity.js';
import type { Task } from './task.entity.js';
import { ASSIGNMENT_ROLES, type AssignmentRole, type TaskStatus } from './task-status.js';

/** An agency's part in a task: lead (牵头) or co-operating (协办). */
@Entity('task_assignments')
@Unique('task_assignments_task_agency_key', ['taskId', 'agencyId'])
@Check('task_assignments_role_check', `role IN (${ASSIGNMENT_ROLES.map((r) => `'${r}'`).join(', ')})`)
// "My agency's tasks" and per-agency roll-ups.
@Index('task_assignments_agency_role_idx', ['agencyId', 'role'])
// An agency's ledger in deadline order, read straight off the index.
@Index('task_assignments_agency_deadline_idx', ['agencyId', 'effectiveDeadline', 'taskId'])
export class TaskAssignment {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'task_id', type: 'uuid' })
  taskId: string;

  @ManyToOne('Task', (task: Task) => task.assignments, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'task_id' })
  task: Relation<Task>;

  @Column({ name: 'agency_id', type: 'uuid' })
  agencyId: string;

  @ManyToOne('Agency', { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'agency_id' })
  agency: Relation<Agency>;

  @Column({ type: 'text' })
  role: AssignmentRole;

  /** 局内主责处室: the agency's internal division in charge. */
  @Column({ name: 'internal_division', type: 'text', nullable: true })
  internalDivision: string | null;

  @Column({ name: 'contact_person', type: 'text', nullable: true })
  contactPerson: string | null;

  /**
   * The task's deadline in force (extension or original), copied here by
   * database triggers so that an agency's task list sorts on one index.
   */
  @Column({ name: 'effective_deadline', type: 'date', nullable: true, insert: false, update: false })
  effectiveDeadline: string | null;

  /** The task's status, hand-over and completion, copied by the same triggers for per-agency roll-ups. */
  @Column({ name: 'task_status', type: 'text', insert: false, update: false })
  taskStatus: TaskStatus;

  @Column({ name: 'task_assigned_at', type: 'timestamptz', nullable: true, insert: false, update: false })
  taskAssignedAt: Date | null;

  @Column({ name: 'task_completed_at', type: 'timestamptz', nullable: true, insert: false, update: false })
  taskCompletedAt: Date | null;

  /** The weeks (2026-W46) whose report came in on time: its first revision before the week ended. */
  @Column({ name: 'on_time_periods', type: 'text', array: true, default: () => "'{}'", insert: false, update: false })
  onTimePeriods: string[];

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
