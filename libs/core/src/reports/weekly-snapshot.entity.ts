import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { WeeklySnapshotData } from './report-types.js';

/** The weekly report (周报) of one ISO week, built once after the week ends and kept for trends. */
@Entity('weekly_snapshots')
export class WeeklySnapshot {
  /** `2026-W47` */
  @PrimaryColumn({ type: 'text' })
  period: string;

  @Column({ name: 'period_end', type: 'date' })
  periodEnd: string;

  @Column({ name: 'built_at', type: 'timestamptz' })
  builtAt: Date;

  @Column({ type: 'jsonb' })
  data: WeeklySnapshotData;
}
