import { Check, Column, Entity, Index, JoinColumn, OneToOne, PrimaryColumn, type Relation } from 'typeorm';
import type { Task } from '../tasks/task.entity.js';
import { LIGHTS, type Light, type LightReason } from './report-types.js';

const lightCheck = (column: string) => `${column} IN (${LIGHTS.map((l) => `'${l}'`).join(', ')})`;

/** A task's warning light as last evaluated, with the rules that set it. */
@Entity('task_lights')
@Check('task_lights_light_check', lightCheck('light'))
@Index('task_lights_light_idx', ['light'])
export class TaskLight {
  @PrimaryColumn({ name: 'task_id', type: 'uuid' })
  taskId: string;

  @OneToOne('Task', { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'task_id' })
  task: Relation<Task>;

  @Column({ type: 'text' })
  light: Light;

  @Column({ type: 'text', array: true })
  reasons: LightReason[];

  /** 序时进度 at the last evaluation, 0..100; null without a deadline or an assignment. */
  @Column({ name: 'expected_percent', type: 'numeric', precision: 4, scale: 1, nullable: true })
  expectedPercent: string | null;

  /** When the task took this light. */
  @Column({ type: 'timestamptz' })
  since: Date;

  @Column({ name: 'evaluated_at', type: 'timestamptz' })
  evaluatedAt: Date;
}

/** Every change of a task's light, with its reasons: the light's history. */
@Entity('task_light_changes')
@Check('task_light_changes_light_check', lightCheck('light'))
@Index('task_light_changes_task_idx', ['taskId', 'changedAt'])
@Index('task_light_changes_changed_at_idx', ['changedAt'])
export class TaskLightChange {
  @PrimaryColumn({ type: 'bigint', generated: 'identity' })
  id: string;

  @Column({ name: 'task_id', type: 'uuid' })
  taskId: string;

  @Column({ name: 'previous_light', type: 'text', nullable: true })
  previousLight: Light | null;

  @Column({ type: 'text' })
  light: Light;

  @Column({ type: 'text', array: true })
  reasons: LightReason[];

  @Column({ name: 'changed_at', type: 'timestamptz' })
  changedAt: Date;
}
