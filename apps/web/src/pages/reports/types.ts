// The shapes of the progress reports (报表) API: libs/core/src/reports/reports.service.ts,
// rollup.ts and snapshot.service.ts. Shared by the dashboard, the overdue board, the weekly
// report and the reports screen (types only: importing them costs no code).
import type { Light, TaskStatus } from '../../lib/types';

/** The counts every roll-up reports for a group of tasks (cancelled tasks count nowhere). */
export interface TaskCounts {
  tasks: number;
  /** 立项, not yet handed over. */
  registered: number;
  /** Handed over and not completed (assigned … completion_requested). */
  inProgress: number;
  /** completed or closed. */
  completed: number;
  suspended: number;
  overdue: number;
  lights: Record<Light, number>;
  /** completed / tasks, 0..1 */
  completionRate: number;
}

/** GET /api/reports/documents: one row per document. */
export interface DocumentRollup extends TaskCounts {
  documentId: string;
  title: string;
  docNumber: string | null;
}

export interface SectionRollup extends TaskCounts {
  id: string;
  label: string;
  heading: string;
  children: SectionRollup[];
}

/** GET /api/reports/documents/:id: the document's own structure, each node counting everything below it. */
export interface DocumentTree {
  documentId: string;
  title: string;
  docNumber: string | null;
  total: TaskCounts;
  unsectioned: TaskCounts;
  sections: SectionRollup[];
}

/** GET /api/reports/agencies: lead counts (open, completed, overdue) are of the tasks it leads. */
export interface AgencyRollup {
  agencyId: string;
  name: string;
  kind: string;
  lead: number;
  co: number;
  open: number;
  completed: number;
  overdue: number;
  completionRate: number;
  averageDaysOverdue: number;
  reportsDue: number;
  reportsOnTime: number;
  /** reportsOnTime / reportsDue over the last four closed weeks; null when nothing was due. */
  punctuality: number | null;
}

/** GET /api/reports/league: agencies with lead tasks, best first. */
export interface LeagueRow extends AgencyRollup {
  rank: number;
}

/** The highest overdue reminder sent: 提醒 → 催办 → 督办 → 通报. */
export const ESCALATION_LEVELS = ['remind', 'chase', 'supervise', 'bulletin'] as const;
export type EscalationLevel = (typeof ESCALATION_LEVELS)[number];

/** GET /api/reports/overdue: one row of the overdue board. */
export interface OverdueItem {
  taskId: string;
  documentId: string;
  documentTitle: string;
  number: string;
  title: string;
  status: TaskStatus;
  deadline: string;
  daysOverdue: number;
  escalationLevel: EscalationLevel | null;
  leadAgencies: string[];
  light: Light | null;
}

/** GET /api/reports/weekly: one stored week, newest first. */
export interface TrendPoint {
  period: string;
  builtAt: string;
  tasks: number;
  completed: number;
  completionRate: number;
  overdue: number;
  red: number;
  yellow: number;
}
