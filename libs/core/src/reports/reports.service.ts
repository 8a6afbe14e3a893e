import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { type DataSource, type EntityManager } from 'typeorm';
import { AppError } from '../../../common/src/app-error.js';
import { CLOCK, type Clock } from '../clock.js';
import { ESCALATION_LEVELS, type EscalationLevel } from '../reminders/reminder-policy.js';
import { periodBounds, reportingPeriod, shanghaiDate } from '../tasks/deadlines.js';
import { AgencyErrors } from '../agencies/agencies.service.js';
import { loadVisibleTask } from '../tasks/task-access.js';
import type { AuthUser } from '../users/auth-user.js';
import { LIGHTS, type LedgerRow, type Light } from './report-types.js';
import type { TaskStatus } from '../tasks/task-status.js';
import { emptyCounts, rollUpSections, round4, type TaskCounts, withRate } from './rollup.js';

export const ReportErrors = {
  DOCUMENT_NOT_FOUND: 'DOCUMENT.NOT_FOUND',
  SNAPSHOT_NOT_FOUND: 'REPORT.SNAPSHOT_NOT_FOUND',
  WEEK_NOT_OVER: 'REPORT.WEEK_NOT_OVER',
} as const;

/** Statuses still owed work (they can be overdue). */
export const OPEN_STATUSES_SQL = `('registered','assigned','acknowledged','in_progress','completion_requested')`;

/**
 * The counts of a group of tasks `t` (joined to its light `l`), as SQL select
 * items; `$1` is today's date in Shanghai. Shared by every roll-up so that
 * they agree with each other and with the weekly snapshot. Cancelled tasks
 * count nowhere, so the lights add up to `tasks`.
 */
export const COUNTS_SQL = `
  count(*) FILTER (WHERE t.status <> 'cancelled')::int AS tasks,
  count(*) FILTER (WHERE t.status = 'registered')::int AS registered,
  count(*) FILTER (WHERE t.status IN ('assigned','acknowledged','in_progress','completion_requested'))::int AS in_progress,
  count(*) FILTER (WHERE t.status IN ('completed','closed'))::int AS completed,
  count(*) FILTER (WHERE t.status = 'suspended')::int AS suspended,
  count(*) FILTER (WHERE t.status IN ${OPEN_STATUSES_SQL}
                     AND coalesce(t.extended_deadline, t.deadline_date) < $1::date)::int AS overdue,
  ${LIGHTS.map((light) => `count(*) FILTER (WHERE t.status <> 'cancelled' AND l.light = '${light}')::int AS light_${light}`).join(',\n  ')}`;

export interface CountsRow {
  tasks: number;
  registered: number;
  in_progress: number;
  completed: number;
  suspended: number;
  overdue: number;
  light_none: number;
  light_green: number;
  light_blue: number;
  light_yellow: number;
  light_red: number;
}

export function countsFrom(row: CountsRow | undefined): TaskCounts {
  if (!row) return emptyCounts();
  return withRate({
    tasks: row.tasks,
    registered: row.registered,
    inProgress: row.in_progress,
    completed: row.completed,
    suspended: row.suspended,
    overdue: row.overdue,
    lights: Object.fromEntries(LIGHTS.map((l) => [l, row[`light_${l}`]])) as Record<Light, number>,
    completionRate: 0,
  });
}

/** Agency users see the tasks their agency has a part in; everyone else sees all. */
function scopeOf(user: AuthUser): string | null {
  return user.role === 'agency' ? user.agencyId : null;
}

/** `AND` clause limiting `t` to the agency in parameter `$n` when it is not null. */
function scopeSql(n: number): string {
  return `AND ($${n}::uuid IS NULL OR EXISTS (SELECT 1 FROM task_assignments s WHERE s.task_id = t.id AND s.agency_id = $${n}))`;
}

/**
 * Figures as of another day (and, for punctuality, other weeks) than now, read
 * through another connection: the weekly snapshot passes its own transaction.
 */
export interface AsOf {
  today?: string;
  weeks?: ReportWeek[];
  db?: EntityManager;
}

export interface AgencyRollup {
  agencyId: string;
  name: string;
  kind: string;
  lead: number;
  co: number;
  open: number;
  completed: number;
  overdue: number;
  /** completed / lead tasks (cancelled excluded), 0..1 */
  completionRate: number;
  /** Average days past the deadline of its overdue lead tasks; 0 when none. */
  averageDaysOverdue: number;
  /** Weekly reports owed over the window, and how many came in within their week. */
  reportsDue: number;
  reportsOnTime: number;
  punctuality: number | null;
}

export interface OverdueItem {
  taskId: string;
  documentId: string;
  documentTitle: string;
  number: string;
  title: string;
  status: string;
  deadline: string;
  daysOverdue: number;
  escalationLevel: EscalationLevel | null;
  leadAgencies: string[];
  light: Light | null;
}

const REPORT_WINDOW_WEEKS = 4;

export interface LedgerFilters {
  documentId?: string;
  agencyId?: string;
  status?: TaskStatus[];
  light?: Light[];
  overdue?: boolean;
}

interface LedgerSqlRow {
  id: string;
  span_start: number;
  document_title: string;
  number: string;
  title: string;
  status: TaskStatus;
  ongoing: boolean;
  deadline: string | null;
  original_deadline: string | null;
  days_overdue: number;
  light: Light;
  section_path: string | null;
  lead_agencies: string[] | null;
  co_agencies: string[] | null;
  internal_division: string | null;
  latest_progress: string | null;
}

/**
 * The roll-ups supervisors and leaders read. Each is one SQL aggregation over
 * tasks, assignments, lights and reports; nothing loads tasks into memory.
 */
@Injectable()
export class ReportsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  private today(): string {
    return shanghaiDate(this.clock.now());
  }

  /** Totals by status and light, overdue and completion rate. */
  async summary(user: AuthUser): Promise<TaskCounts> {
    const [row] = await this.dataSource.query(
      `SELECT ${COUNTS_SQL} FROM tasks t LEFT JOIN task_lights l ON l.task_id = t.id WHERE true ${scopeSql(2)}`,
      [this.today(), scopeOf(user)],
    );
    return countsFrom(row);
  }

  /** Every document with its counts (overdue as of `today`). */
  async documents(user: AuthUser, at: AsOf = {}) {
    const { today = this.today(), db = this.dataSource.manager } = at;
    const rows: Array<CountsRow & { id: string; title: string; doc_number: string | null }> = await db.query(
      // Grouped on the tasks' own column, then named: 500 documents are joined, not every task.
      `SELECT d.id, d.title, d.doc_number, c.*
         FROM (SELECT t.document_id, ${COUNTS_SQL}
                 FROM tasks t LEFT JOIN task_lights l ON l.task_id = t.id
                WHERE true ${scopeSql(2)}
                GROUP BY t.document_id) c
         JOIN policy_documents d ON d.id = c.document_id
        ORDER BY d.title, d.id`,
      [today, scopeOf(user)],
    );
    return rows.map((row) => ({ documentId: row.id, title: row.title, docNumber: row.doc_number, ...countsFrom(row) }));
  }

  /** One document in its own structure: chapter → section → …, each with its counts. */
  async document(user: AuthUser, documentId: string) {
    const [document] = await this.dataSource.query('SELECT id, title, doc_number FROM policy_documents WHERE id = $1', [
      documentId,
    ]);
    if (!document) throw AppError.notFound(ReportErrors.DOCUMENT_NOT_FOUND, '文件不存在 (no such document)');
    const sections: Array<{ id: string; parentId: string | null; label: string; heading: string; position: number }> =
      await this.dataSource.query(
        `SELECT id, parent_id AS "parentId", label, heading, position FROM document_sections WHERE document_id = $1`,
        [documentId],
      );
    const rows: Array<CountsRow & { section_id: string | null }> = await this.dataSource.query(
      `SELECT t.section_id, ${COUNTS_SQL}
         FROM tasks t LEFT JOIN task_lights l ON l.task_id = t.id
        WHERE t.document_id = $3 ${scopeSql(2)}
        GROUP BY t.section_id`,
      [this.today(), scopeOf(user), documentId],
    );
    const direct = new Map(rows.map((row) => [row.section_id ?? '', countsFrom(row)]));
    const tree = rollUpSections(sections, direct);
    return { documentId, title: document.title as string, docNumber: document.doc_number as string | null, ...tree };
  }

  /**
   * Per agency: its tasks as lead and co, open, completed, overdue, average
   * days overdue, and weekly-report punctuality over the last four closed
   * weeks. `agencyId` narrows it to one agency (an agency user gets only its own).
   */
  async agencies(user: AuthUser, agencyId?: string, at: AsOf = {}): Promise<AgencyRollup[]> {
    const only = scopeOf(user) ?? agencyId ?? null;
    const {
      today = this.today(),
      weeks = closedWeeks(this.clock.now(), REPORT_WINDOW_WEEKS),
      db = this.dataSource.manager,
    } = at;
    const rows: Array<{
      id: string;
      name: string;
      kind: string;
      lead: number;
      co: number;
      open: number;
      completed: number;
      overdue: number;
      days_overdue: string | null;
      due: number;
      on_time: number;
    }> = await db.query(
      // Everything is read from the assignment rows: triggers copy onto them the task's status, dates
      // and deadline, and the weeks whose report came in on time. One agency costs its own rows only.
      // (One pass for both parts was tried: its ten filters over rows × weeks cost more than two scans.)
      `WITH counts AS (
         SELECT a.agency_id,
                count(*) FILTER (WHERE a.role = 'lead' AND a.task_status <> 'cancelled')::int AS lead,
                count(*) FILTER (WHERE a.role = 'co' AND a.task_status <> 'cancelled')::int AS co,
                count(*) FILTER (WHERE a.role = 'lead' AND a.task_status IN ${OPEN_STATUSES_SQL})::int AS open,
                count(*) FILTER (WHERE a.role = 'lead' AND a.task_status IN ('completed','closed'))::int AS completed,
                count(*) FILTER (WHERE a.role = 'lead' AND a.task_status IN ${OPEN_STATUSES_SQL}
                                   AND a.effective_deadline < $1::date)::int AS overdue,
                avg($1::date - a.effective_deadline) FILTER (WHERE a.role = 'lead' AND a.task_status IN ${OPEN_STATUSES_SQL}
                                   AND a.effective_deadline < $1::date) AS days_overdue
           FROM task_assignments a
          WHERE ($2::uuid IS NULL OR a.agency_id = $2)
          GROUP BY a.agency_id),
       weeks AS (
         SELECT * FROM unnest($3::text[], $4::timestamptz[], $5::timestamptz[]) AS w(period, starts, ends)),
       punctuality AS (
         SELECT a.agency_id, count(*)::int AS due,
                count(*) FILTER (WHERE w.period = ANY(a.on_time_periods))::int AS on_time
           FROM task_assignments a
           JOIN weeks w ON a.task_assigned_at < w.starts AND (a.task_completed_at IS NULL OR a.task_completed_at >= w.ends)
          WHERE a.role = 'lead' AND ($2::uuid IS NULL OR a.agency_id = $2)
            AND a.task_status IN ('acknowledged','in_progress','completion_requested','completed','closed')
          GROUP BY a.agency_id)
       SELECT g.id, g.name, g.kind,
              coalesce(c.lead, 0) AS lead, coalesce(c.co, 0) AS co, coalesce(c.open, 0) AS open,
              coalesce(c.completed, 0) AS completed, coalesce(c.overdue, 0) AS overdue, c.days_overdue,
              coalesce(p.due, 0) AS due, coalesce(p.on_time, 0) AS on_time
         FROM agencies g
         LEFT JOIN counts c ON c.agency_id = g.id
         LEFT JOIN punctuality p ON p.agency_id = g.id
        WHERE ($2::uuid IS NULL OR g.id = $2) AND (c.agency_id IS NOT NULL OR $2::uuid IS NOT NULL)
        ORDER BY g.name, g.id`,
      [today, only, weeks.map((w) => w.period), weeks.map((w) => w.starts), weeks.map((w) => w.ends)],
    );
    if (only && rows.length === 0) throw AppError.notFound(AgencyErrors.NOT_FOUND, '单位不存在 (no such agency)');
    return rows.map((row) => ({
      agencyId: row.id,
      name: row.name,
      kind: row.kind,
      lead: row.lead,
      co: row.co,
      open: row.open,
      completed: row.completed,
      overdue: row.overdue,
      completionRate: row.lead > 0 ? round4(row.completed / row.lead) : 0,
      averageDaysOverdue: row.days_overdue === null ? 0 : Math.round(Number(row.days_overdue) * 10) / 10,
      reportsDue: row.due,
      reportsOnTime: row.on_time,
      punctuality: row.due > 0 ? round4(row.on_time / row.due) : null,
    }));
  }

  /**
   * The league table (排名): agencies with lead tasks, best first — fewest
   * overdue per task, then highest completion rate, then punctuality.
   */
  async league(user: AuthUser) {
    const rows = (await this.agencies(user)).filter((row) => row.lead > 0);
    const score = (row: AgencyRollup) => [
      row.overdue / row.lead,
      -row.completionRate,
      -(row.punctuality ?? 0),
      row.averageDaysOverdue,
    ];
    const ranked = rows.sort((a, b) => {
      const [sa, sb] = [score(a), score(b)];
      for (let i = 0; i < sa.length; i++) if (sa[i] !== sb[i]) return sa[i] - sb[i];
      return a.name.localeCompare(b.name, 'zh-CN');
    });
    return ranked.map((row, index) => ({ rank: index + 1, ...row }));
  }

  /**
   * The overdue board: open tasks past their deadline in force, longest overdue
   * first, then highest escalation. The escalation is the highest level an
   * overdue reminder reached (催办 → 督办 → 通报); reminders of a coming deadline
   * or a missing weekly report climb ladders of their own and do not count.
   */
  async overdue(user: AuthUser, page = 1, pageSize = 50, at: AsOf = {}) {
    const { today = this.today(), db: manager = this.dataSource.manager } = at;
    const params = [today, scopeOf(user)];
    const where = `t.status IN ${OPEN_STATUSES_SQL} AND coalesce(t.extended_deadline, t.deadline_date) < $1::date ${scopeSql(2)}`;
    const [{ total }] = await manager.query(`SELECT count(*)::int AS total FROM tasks t WHERE ${where}`, params);
    const rows: Array<{
      id: string;
      document_id: string;
      document_title: string;
      number: string;
      title: string;
      status: string;
      deadline: string;
      days_overdue: number;
      level: number | null;
      lead_agencies: string[] | null;
      light: Light | null;
    }> = await manager.query(
      `SELECT t.id, t.document_id, d.title AS document_title, t.number, t.title, t.status,
              to_char(coalesce(t.extended_deadline, t.deadline_date), 'YYYY-MM-DD') AS deadline,
              ($1::date - coalesce(t.extended_deadline, t.deadline_date))::int AS days_overdue,
              -- The highest rung reached, by the overdue reminders sent or by a notice sent by hand.
              greatest(
                (SELECT max(array_position($5::text[], r.level)) FROM reminders r
                  WHERE r.task_id = t.id AND r.kind = 'overdue' AND r.state = 'sent'),
                (SELECT max(array_position($5::text[], CASE n.kind WHEN 'chase' THEN 'chase' ELSE 'supervise' END))
                   FROM supervision_notices n WHERE n.task_id = t.id)) AS level,
              (SELECT array_agg(g.name ORDER BY g.name) FROM task_assignments a JOIN agencies g ON g.id = a.agency_id
                WHERE a.task_id = t.id AND a.role = 'lead') AS lead_agencies,
              l.light
         FROM tasks t JOIN policy_documents d ON d.id = t.document_id
         LEFT JOIN task_lights l ON l.task_id = t.id
        WHERE ${where}
        ORDER BY coalesce(t.extended_deadline, t.deadline_date) ASC, level DESC NULLS LAST, t.id
        LIMIT $3 OFFSET $4`,
      [...params, pageSize, (page - 1) * pageSize, ESCALATION_LEVELS],
    );
    const items: OverdueItem[] = rows.map((row) => ({
      taskId: row.id,
      documentId: row.document_id,
      documentTitle: row.document_title,
      number: row.number,
      title: row.title,
      status: row.status,
      deadline: row.deadline,
      daysOverdue: row.days_overdue,
      escalationLevel: row.level === null ? null : ESCALATION_LEVELS[row.level - 1],
      leadAgencies: row.lead_agencies ?? [],
      light: row.light,
    }));
    return { total: total as number, page, pageSize, items };
  }

  /**
   * The ledger (台账) rows in document order, read in keyset batches so that an
   * export of any size holds one batch in memory.
   */
  async *ledgerRows(user: AuthUser, filters: LedgerFilters = {}, batchSize = 1_000): AsyncGenerator<LedgerRow> {
    // $1 (today) is used by every query, not only the overdue filter: PostgreSQL must be able to type it.
    const params: unknown[] = [this.today(), scopeOf(user)];
    const conditions = [`true ${scopeSql(2)}`];
    const add = (sql: (n: number) => string, value: unknown) => {
      params.push(value);
      conditions.push(sql(params.length));
    };
    if (filters.agencyId)
      add(
        (n) => `EXISTS (SELECT 1 FROM task_assignments f WHERE f.task_id = t.id AND f.agency_id = $${n})`,
        filters.agencyId,
      );
    if (filters.status?.length) add((n) => `t.status = ANY($${n}::text[])`, filters.status);
    if (filters.light?.length) add((n) => `coalesce(l.light, 'none') = ANY($${n}::text[])`, filters.light);
    if (filters.overdue)
      conditions.push(`t.status IN ${OPEN_STATUSES_SQL} AND coalesce(t.extended_deadline, t.deadline_date) < $1::date`);
    // Documents in title order, each one's tasks in printed order: a keyset walk per document
    // sorts one document's tasks at a time, never the whole ledger.
    const documents: Array<{ id: string }> = await this.dataSource.query(
      `SELECT d.id FROM policy_documents d
        WHERE ($1::uuid IS NULL OR d.id = $1) AND EXISTS (SELECT 1 FROM tasks t WHERE t.document_id = d.id)
        ORDER BY d.title, d.id`,
      [filters.documentId ?? null],
    );
    for (const document of documents) {
      let after: [number, string] = [-1, '00000000-0000-0000-0000-000000000000'];
      for (;;) {
        const n = params.length;
        const rows: LedgerSqlRow[] = await this.dataSource.query(
          `SELECT t.id, t.span_start, d.title AS document_title, t.number, t.title, t.status, t.ongoing,
                to_char(coalesce(t.extended_deadline, t.deadline_date), 'YYYY-MM-DD') AS deadline,
                CASE WHEN t.extended_deadline IS NOT NULL THEN to_char(t.deadline_date, 'YYYY-MM-DD') END AS original_deadline,
                CASE WHEN t.status IN ${OPEN_STATUSES_SQL} AND coalesce(t.extended_deadline, t.deadline_date) < $1::date
                     THEN $1::date - coalesce(t.extended_deadline, t.deadline_date) ELSE 0 END AS days_overdue,
                coalesce(l.light, 'none') AS light,
                (SELECT string_agg(CASE WHEN p.heading LIKE p.label || '%' THEN p.heading
                                        WHEN p.label ~ '[、.．]$' THEN p.label || p.heading
                                        ELSE p.label || ' ' || p.heading END,
                                   ' › ' ORDER BY p.level)
                   FROM document_sections p
                  WHERE p.document_id = t.document_id AND p.span_start <= t.span_start AND p.span_end >= t.span_end) AS section_path,
                (SELECT array_agg(g.name ORDER BY g.name) FROM task_assignments a JOIN agencies g ON g.id = a.agency_id
                  WHERE a.task_id = t.id AND a.role = 'lead') AS lead_agencies,
                (SELECT array_agg(g.name ORDER BY g.name) FROM task_assignments a JOIN agencies g ON g.id = a.agency_id
                  WHERE a.task_id = t.id AND a.role = 'co') AS co_agencies,
                (SELECT string_agg(DISTINCT a.internal_division, '；') FROM task_assignments a
                  WHERE a.task_id = t.id AND a.role = 'lead' AND a.internal_division IS NOT NULL) AS internal_division,
                (SELECT r.period || ' ' || r.percent || '% ' || r.work_done FROM task_reports r WHERE r.task_id = t.id
                  ORDER BY r.period DESC, r.revision DESC LIMIT 1) AS latest_progress
           FROM tasks t JOIN policy_documents d ON d.id = t.document_id
           LEFT JOIN task_lights l ON l.task_id = t.id
          WHERE ${conditions.join(' AND ')}
            AND t.document_id = $${n + 1}::uuid AND (t.span_start, t.id) > ($${n + 2}::int, $${n + 3}::uuid)
          ORDER BY t.span_start, t.id
          LIMIT ${batchSize}`,
          [...params, document.id, after[0], after[1]],
        );
        for (const row of rows) {
          yield {
            documentTitle: row.document_title,
            sectionPath: row.section_path ?? '',
            number: row.number,
            title: row.title,
            leadAgencies: row.lead_agencies ?? [],
            coAgencies: row.co_agencies ?? [],
            internalDivision: row.internal_division ?? '',
            deadline: row.deadline,
            originalDeadline: row.original_deadline,
            ongoing: row.ongoing,
            status: row.status,
            light: row.light,
            latestProgress: row.latest_progress ?? '',
            daysOverdue: row.days_overdue,
          };
        }
        if (rows.length < batchSize) break;
        const last = rows[rows.length - 1];
        after = [last.span_start, last.id];
      }
    }
  }

  /** A task's light now and every change, newest first. */
  async lightHistory(user: AuthUser, taskId: string) {
    await loadVisibleTask(this.dataSource.manager, taskId, user);
    const [current] = await this.dataSource.query('SELECT light, reasons, since FROM task_lights WHERE task_id = $1', [
      taskId,
    ]);
    const changes = await this.dataSource.query(
      `SELECT previous_light AS "previousLight", light, reasons, changed_at AS "changedAt"
         FROM task_light_changes WHERE task_id = $1 ORDER BY changed_at DESC, id DESC`,
      [taskId],
    );
    return { current: current ?? null, changes };
  }
}

/** An ISO week with the instants bounding it in Shanghai ([starts, ends)). */
export interface ReportWeek {
  period: string;
  starts: string;
  ends: string;
}

export function reportWeek(period: string): ReportWeek {
  const { start, end } = periodBounds(period);
  return {
    period,
    starts: new Date(`${start}T00:00:00+08:00`).toISOString(),
    ends: new Date(Date.parse(`${end}T00:00:00+08:00`) + 86_400_000).toISOString(),
  };
}

/** The last `count` closed ISO weeks before now, oldest first. */
export function closedWeeks(now: Date, count: number): ReportWeek[] {
  const weeks: ReportWeek[] = [];
  for (let i = count; i >= 1; i--)
    weeks.push(reportWeek(reportingPeriod(new Date(now.getTime() - i * 7 * 86_400_000))));
  return weeks;
}
