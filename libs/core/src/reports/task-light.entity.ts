import { Check, Column, Entity, Index, JoinColumn, OneToOne, PrimaryColumn, type Relation } from 'typeorm';
import type { Task } from '../tasks/task.entity.js';
import { LIGHTS, type Light, type LightReason } from './report-types.js';

const lightCheck = (column: string) => `${column} IN (${LIGHTS.map((l) => `'${l}'`).join(', ')})`;

/**
 * A task's warning light as last evaluated, with the rules that set it. Written
 * only when the light or its reasons change, so the nightly pass over every
 * open task touches few rows.
 */
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

  /** When the task took this light. */
  @Column({ type: 'timestamptz' })
  since: Date;
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
