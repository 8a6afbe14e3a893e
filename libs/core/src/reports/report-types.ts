import type { EscalationLevel } from '../reminders/reminder-policy.js';
import type { TaskStatus } from '../tasks/task-status.js';

/** Warning lights (预警灯), worst last. `none` is for tasks that are no longer tracked (done, cancelled). */
export const LIGHTS = ['none', 'green', 'blue', 'yellow', 'red'] as const;
export type Light = (typeof LIGHTS)[number];

/** Why a task has its light; every rule that fired is listed. */
export const LIGHT_REASONS = [
  'on_track', // green: nothing wrong
  'deadline_near', // blue: the deadline in force is within N working days
  'behind_schedule', // yellow: reported percent behind 序时进度 by more than the tolerance
  'self_rated_at_risk', // yellow: the latest report says at risk
  'report_missing', // yellow: no report for the last closed reporting week
  'overdue', // red: past the deadline in force (after any approved extension)
  'self_rated_off_track', // red: the latest report says off track
  'not_tracked', // none: completed, closed, cancelled, or suspended
] as const;
export type LightReason = (typeof LIGHT_REASONS)[number];

/** One row of the ledger (台账) export: what an office prints and files. */
export interface LedgerRow {
  documentTitle: string;
  /** The chapter / section path as printed, `一、… › （三）…`; empty when none. */
  sectionPath: string;
  number: string;
  title: string;
  leadAgencies: string[];
  coAgencies: string[];
  /** 局内主责处室 of the lead assignments, joined with `；`. */
  internalDivision: string;
  /** YYYY-MM-DD, the deadline in force; null for 持续推进 tasks. */
  deadline: string | null;
  /** The original deadline when an extension moved it, else null. */
  originalDeadline: string | null;
  ongoing: boolean;
  status: TaskStatus;
  light: Light;
  /** The latest report: `2026-W47 60% 本周进展…`, or empty. */
  latestProgress: string;
  daysOverdue: number;
}

/** A task named in a weekly snapshot. */
export interface SnapshotTask {
  taskId: string;
  number: string;
  title: string;
  documentTitle: string;
  leadAgencies: string[];
  deadline: string | null;
}

/** A list in a snapshot is capped; `total` is the full count. */
export interface CappedList<T> {
  total: number;
  items: T[];
}

export interface SnapshotDocumentRow {
  documentId: string;
  title: string;
  tasks: number;
  inProgress: number;
  completed: number;
  overdue: number;
  /** completed (incl. closed) / tasks, 0..1 */
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
  /** Reports due this week (tasks in progress it leads) and how many came in within the week. */
  reportsDue: number;
  reportsOnTime: number;
  /** reportsOnTime / reportsDue, or null when nothing was due. */
  punctuality: number | null;
  /** Average days past the deadline of its overdue tasks (0 when none). */
  averageDaysOverdue: number;
}

export interface SnapshotOverdueRow extends SnapshotTask {
  daysOverdue: number;
  /** The highest escalation sent: 提醒 → 催办 → 督办 → 通报. */
  escalationLevel: EscalationLevel | null;
}

/** The weekly report (周报) for one ISO week, as stored and exported. */
export interface WeeklySnapshotData {
  /** `2026-W47` */
  period: string;
  /** Monday and Sunday, YYYY-MM-DD. */
  periodStart: string;
  periodEnd: string;
  /** ISO instant the snapshot was built at. */
  builtAt: string;
  totals: {
    tasks: number;
    byStatus: Record<TaskStatus, number>;
    byLight: Record<Light, number>;
    overdue: number;
    /** completed (incl. closed) / (tasks − cancelled), 0..1 */
    completionRate: number;
  };
  changes: {
    newlyCompleted: CappedList<SnapshotTask>;
    newlyOverdue: CappedList<SnapshotTask>;
    missingReports: CappedList<SnapshotTask>;
    extensionsGranted: CappedList<SnapshotTask & { from: string | null; to: string }>;
  };
  documents: SnapshotDocumentRow[];
  agencies: SnapshotAgencyRow[];
  overdue: CappedList<SnapshotOverdueRow>;
}
