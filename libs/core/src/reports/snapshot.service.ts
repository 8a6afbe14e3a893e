import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { type DataSource, type EntityManager } from 'typeorm';
import { AppError } from '../../../common/src/app-error.js';
import { ErrorCodes } from '../../../common/src/error-codes.js';
import { CLOCK, type Clock } from '../clock.js';
import { isValidPeriod, periodBounds, reportingPeriod } from '../tasks/deadlines.js';
import { TASK_STATUSES, type TaskStatus } from '../tasks/task-status.js';
import type { AuthUser } from '../users/auth-user.js';
import { LIGHTS, type CappedList, type Light, type SnapshotTask, type WeeklySnapshotData } from './report-types.js';
import { OPEN_STATUSES_SQL, ReportErrors, ReportsService, reportWeek } from './reports.service.js';
import { addCounts, emptyCounts, type TaskCounts, withRate } from './rollup.js';
import { weeklySummary } from './weekly-summary.js';
import { WeeklySnapshot } from './weekly-snapshot.entity.js';

/** Lists in a snapshot name at most this many tasks; the total is always exact. */
export const SNAPSHOT_LIST_CAP = 200;

/** The whole ledger: the snapshot is the office's view, not an agency's. */
const OFFICE: AuthUser = { id: 'system', email: 'system', role: 'supervisor', agencyId: null };

const TASK_REF_SQL = `t.id AS "taskId", t.number, t.title, d.title AS "documentTitle",
  to_char(coalesce(t.extended_deadline, t.deadline_date), 'YYYY-MM-DD') AS deadline,
  coalesce((SELECT array_agg(g.name ORDER BY g.name) FROM task_assignments a JOIN agencies g ON g.id = a.agency_id
             WHERE a.task_id = t.id AND a.role = 'lead'), '{}') AS "leadAgencies"`;

/**
 * The weekly report (周报): built every Monday morning for the week just
 * ended and kept, so past weeks stay readable and make trend lines. Figures
 * are taken as of the end of the week (overdue means past its deadline by
 * then); building a week again over the same data gives the same figures.
 */
@Injectable()
export class SnapshotService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly reports: ReportsService,
  ) {}

  /** The week that ended most recently. */
  lastClosedPeriod(): string {
    return reportingPeriod(new Date(this.clock.now().getTime() - 7 * 86_400_000));
  }

  /**
   * Builds and stores the week's snapshot; `rebuild` replaces one already stored. Answers the stored one.
   * `closedOnly` refuses a week that has not ended yet (its figures would still move).
   */
  async build(period: string, options: { rebuild?: boolean; closedOnly?: boolean } = {}): Promise<WeeklySnapshot> {
    // The format first: a string that is no ISO week must not be compared with one.
    if (!isValidPeriod(period)) {
      throw AppError.badRequest(ErrorCodes.REQUEST_INVALID, `周次格式应为 2026-W47 (not an ISO week: ${period})`);
    }
    if (options.closedOnly && period > this.lastClosedPeriod()) {
      throw AppError.conflict(ReportErrors.WEEK_NOT_OVER, `${period} 尚未结束 (the week has not ended yet)`);
    }
    const repository = this.dataSource.getRepository(WeeklySnapshot);
    if (!options.rebuild) {
      const stored = await repository.findOneBy({ period });
      if (stored) return stored;
    }
    // One snapshot of the database for every figure, so they agree with each other.
    const data = await this.dataSource.transaction('REPEATABLE READ', (manager) => this.compute(manager, period));
    await repository.upsert({ period, periodEnd: data.periodEnd, builtAt: new Date(data.builtAt), data }, ['period']);
    return repository.findOneByOrFail({ period });
  }

  /**
   * Tells every active supervisor that the week's report is out: one inbox
   * message, and an e-mail with the .docx for those who take e-mail. Keyed by
   * the week, so a second call (a retried job, a second worker) adds nothing.
   * Answers the ids of the new e-mail deliveries, for the worker to send.
   */
  async announce(period: string): Promise<string[]> {
    const snapshot = await this.get(period);
    const runKey = `weekly-report-${period}`;
    const title = `督办周报：${period}（${snapshot.data.periodStart} 至 ${snapshot.data.periodEnd}）`;
    return this.dataSource.transaction(async (manager) => {
      await manager.query(
        `INSERT INTO notifications (user_id, run_key, title, body, items, created_at)
         SELECT id, $1, $2, $3, '[]'::jsonb, $4 FROM users WHERE role = 'supervisor' AND is_active
         ON CONFLICT (user_id, run_key) DO NOTHING`,
        [runKey, title, weeklySummary(snapshot.data), this.clock.now()],
      );
      const rows: Array<{ id: string }> = await manager.query(
        `INSERT INTO deliveries (run_key, channel, target, user_id, payload, created_at)
         SELECT $1, 'email', email, id, $2::jsonb, $3 FROM users
          WHERE role = 'supervisor' AND is_active AND email_notifications
         ON CONFLICT (run_key, channel, target) DO NOTHING RETURNING id`,
        [runKey, JSON.stringify({ title, items: [], weeklyReport: { period } }), this.clock.now()],
      );
      return rows.map((row) => row.id);
    });
  }

  async get(period: string): Promise<WeeklySnapshot> {
    if (!isValidPeriod(period)) {
      throw AppError.badRequest(ErrorCodes.REQUEST_INVALID, `周次格式应为 2026-W47 (not an ISO week: ${period})`);
    }
    const stored = await this.dataSource.getRepository(WeeklySnapshot).findOneBy({ period });
    if (!stored)
      throw AppError.notFound(ReportErrors.SNAPSHOT_NOT_FOUND, `${period} 的周报尚未生成 (no snapshot for ${period})`);
    return stored;
  }

  /** Past weeks, newest first, with the figures trend lines need. */
  async trend(weeks = 12) {
    const rows: Array<{ period: string; built_at: Date; totals: WeeklySnapshotData['totals'] }> =
      await this.dataSource.query(
        `SELECT period, built_at, data->'totals' AS totals FROM weekly_snapshots ORDER BY period DESC LIMIT $1`,
        [weeks],
      );
    return rows.map((row) => ({
      period: row.period,
      builtAt: row.built_at,
      tasks: row.totals.tasks,
      completed: (row.totals.byStatus.completed ?? 0) + (row.totals.byStatus.closed ?? 0),
      completionRate: row.totals.completionRate,
      overdue: row.totals.overdue,
      red: row.totals.byLight.red,
      yellow: row.totals.byLight.yellow,
    }));
  }

  private async compute(manager: EntityManager, period: string): Promise<WeeklySnapshotData> {
    const { start, end } = periodBounds(period);
    const week = reportWeek(period);
    // "As of the end of the week": a task is overdue once its deadline is before the next Monday.
    const asOf = new Date(Date.parse(`${end}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);

    const documentRows = await this.reports.documents(OFFICE, { today: asOf, db: manager });
    // Every task belongs to one document, so the documents add up to the whole (one pass over the tasks, not two).
    const totals = withRate(documentRows.reduce<TaskCounts>((sum, row) => addCounts(sum, row), emptyCounts()));
    const statusRows: Array<{ status: TaskStatus; n: number }> = await manager.query(
      'SELECT status, count(*)::int AS n FROM tasks GROUP BY status',
    );
    const byStatus = Object.fromEntries(TASK_STATUSES.map((s) => [s, 0])) as Record<TaskStatus, number>;
    for (const row of statusRows) byStatus[row.status] = row.n;

    // One pass counts the rows and keeps the ids of the first ones in order; the second reads those few.
    // (A window count with ORDER BY … LIMIT lets the planner pick a plan that sorts first and then
    // probes row by row: 6 s instead of under one at 1,000,000 tasks.)
    const capped = async <T>(from: string, params: unknown[], order: string): Promise<CappedList<T>> => {
      const [{ total, ids }]: Array<{ total: number; ids: string[] | null }> = await manager.query(
        `SELECT count(*)::int AS total, (array_agg(t.id ORDER BY ${order}))[1:${SNAPSHOT_LIST_CAP}] AS ids ${from}`,
        params,
      );
      if (!ids?.length) return { total, items: [] };
      const items: T[] = await manager.query(
        `SELECT ${TASK_REF_SQL} FROM tasks t JOIN policy_documents d ON d.id = t.document_id
          WHERE t.id = ANY($1::uuid[]) ORDER BY array_position($1::uuid[], t.id)`,
        [ids],
      );
      return { total, items };
    };
    const joinDocument = 'FROM tasks t JOIN policy_documents d ON d.id = t.document_id';
    const newlyCompleted = await capped<SnapshotTask>(
      `${joinDocument} WHERE t.completed_at >= $1 AND t.completed_at < $2`,
      [week.starts, week.ends],
      't.completed_at, t.id',
    );
    // Overdue as of this week's end (deadline before the next Monday, as the totals count it) and not
    // as of the last one's: the deadline fell within the week. A Sunday deadline belongs to its own week.
    const newlyOverdue = await capped<SnapshotTask>(
      `${joinDocument} WHERE t.status IN ${OPEN_STATUSES_SQL}
         AND coalesce(t.extended_deadline, t.deadline_date) >= $1::date
         AND coalesce(t.extended_deadline, t.deadline_date) <= $2::date`,
      [start, end],
      'coalesce(t.extended_deadline, t.deadline_date), t.id',
    );
    // Missing when the week ended: a report sent for it afterwards (late) does not fill the gap.
    const missingReports = await capped<SnapshotTask>(
      `${joinDocument} WHERE t.status IN ('acknowledged','in_progress') AND t.assigned_at < $1
         AND NOT EXISTS (SELECT 1 FROM task_reports r WHERE r.task_id = t.id AND r.period = $2 AND r.submitted_at < $3)`,
      [week.starts, period, week.ends],
      'd.title, t.span_start, t.id',
    );
    const extensionFrom = `FROM extension_requests e JOIN tasks t ON t.id = e.task_id
      JOIN policy_documents d ON d.id = t.document_id
      WHERE e.status = 'approved' AND e.decided_at >= $1 AND e.decided_at < $2`;
    const [{ total: extensionTotal }] = await manager.query(`SELECT count(*)::int AS total ${extensionFrom}`, [
      week.starts,
      week.ends,
    ]);
    const extensionItems = await manager.query(
      `SELECT ${TASK_REF_SQL}, to_char(e.current_deadline, 'YYYY-MM-DD') AS "from",
              to_char(e.requested_deadline, 'YYYY-MM-DD') AS "to"
         ${extensionFrom} ORDER BY e.decided_at, e.id LIMIT ${SNAPSHOT_LIST_CAP}`,
      [week.starts, week.ends],
    );

    const documents = documentRows.map((row) => ({
      documentId: row.documentId,
      title: row.title,
      tasks: row.tasks,
      inProgress: row.inProgress,
      completed: row.completed,
      overdue: row.overdue,
      completionRate: row.completionRate,
      lights: row.lights,
    }));
    const agencies = (await this.reports.agencies(OFFICE, undefined, { today: asOf, weeks: [week], db: manager })).map(
      (row) => ({
        agencyId: row.agencyId,
        name: row.name,
        lead: row.lead,
        co: row.co,
        completed: row.completed,
        overdue: row.overdue,
        reportsDue: row.reportsDue,
        reportsOnTime: row.reportsOnTime,
        punctuality: row.punctuality,
        averageDaysOverdue: row.averageDaysOverdue,
      }),
    );
    const overdueBoard = await this.reports.overdue(OFFICE, 1, SNAPSHOT_LIST_CAP, { today: asOf, db: manager });

    return {
      period,
      periodStart: start,
      periodEnd: end,
      builtAt: this.clock.now().toISOString(),
      totals: {
        tasks: totals.tasks,
        byStatus,
        byLight: Object.fromEntries(LIGHTS.map((l) => [l, totals.lights[l]])) as Record<Light, number>,
        overdue: totals.overdue,
        completionRate: totals.completionRate,
      },
      changes: {
        newlyCompleted,
        newlyOverdue,
        missingReports,
        extensionsGranted: { total: extensionTotal, items: extensionItems },
      },
      documents,
      agencies,
      overdue: {
        total: overdueBoard.total,
        items: overdueBoard.items.map((item) => ({
          taskId: item.taskId,
          number: item.number,
          title: item.title,
          documentTitle: item.documentTitle,
          leadAgencies: item.leadAgencies,
          deadline: item.deadline,
          daysOverdue: item.daysOverdue,
          escalationLevel: item.escalationLevel,
        })),
      },
    };
  }
}
