// GET /api/reports/weekly/:period: the stored weekly report (周报), as
// libs/core/src/reports/report-types.ts (WeeklySnapshotData) describes it.
import type { Light, TaskStatus } from '../../lib/types';
import type { EscalationLevel } from '../reports/types';

/** A task named in a weekly snapshot. */
export interface SnapshotTask {
  taskId: string;
  number: string;
  title: string;
  documentTitle: string;
  leadAgencies: string[];
  deadline: string | null;
}

/** A list capped at 200 names; `total` is the full count. */
export interface CappedList<T> {
  total: number;
  items: T[];
}

export interface SnapshotExtension extends SnapshotTask {
  from: string | null;
  to: string;
}

export interface SnapshotDocumentRow {
  documentId: string;
  title: string;
  tasks: number;
  inProgress: number;
  completed: number;
  overdue: number;
  completionRate: number;
  lights: Record<Light, number>;
}

export interface SnapshotAgencyRow {
  agencyId: string;
  name: string;
  lead: number;
  co: number;
  completed: number;
  overdue: number;
  reportsDue: number;
  reportsOnTime: number;
  punctuality: number | null;
  averageDaysOverdue: number;
}

export interface SnapshotOverdueRow extends SnapshotTask {
  daysOverdue: number;
  escalationLevel: EscalationLevel | null;
}

export interface WeeklySnapshot {
  period: string;
  periodStart: string;
  periodEnd: string;
  builtAt: string;
  totals: {
    tasks: number;
    byStatus: Record<TaskStatus, number>;
    byLight: Record<Light, number>;
    overdue: number;
    completionRate: number;
  };
  changes: {
    newlyCompleted: CappedList<SnapshotTask>;
    newlyOverdue: CappedList<SnapshotTask>;
    missingReports: CappedList<SnapshotTask>;
    extensionsGranted: CappedList<SnapshotExtension>;
  };
  documents: SnapshotDocumentRow[];
  agencies: SnapshotAgencyRow[];
  overdue: CappedList<SnapshotOverdueRow>;
}
