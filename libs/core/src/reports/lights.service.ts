import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { type DataSource, type EntityManager } from 'typeorm';
import { CLOCK, type Clock } from '../clock.js';
import { SettingsService } from '../settings/settings.service.js';
import { periodBounds, reportingPeriod, shanghaiDate } from '../tasks/deadlines.js';
import type { TaskStatus } from '../tasks/task-status.js';
import type { ReportRating } from '../progress/task-report.entity.js';
import { type Light, type LightReason } from './report-types.js';
import { evaluateLight, type LightRules } from './warning-lights.js';
import { LIGHT_LABELS } from './exports/labels.js';

interface FactsRow {
  id: string;
  title: string;
  status: TaskStatus;
  deadline: string | null;
  assigned_on: string | null;
  percent: number | null;
  rating: ReportRating | null;
  reported_last_week: boolean;
  light: Light | null;
  reasons: LightReason[] | null;
}

/** zh-CN words for the reasons, for the notice a red light sends. */
const REASON_LABELS: Record<LightReason, string> = {
  on_track: '按计划推进',
  deadline_near: '临近完成时限',
  behind_schedule: '进度落后于序时进度',
  self_rated_at_risk: '自评存在风险',
  report_missing: '周报未报送',
  overdue: '已逾期',
  self_rated_off_track: '自评严重滞后',
  not_tracked: '不再跟踪',
};

/**
 * Keeps each task's warning light current: evaluated inside the transaction
 * of every change that can move it (report, status, extension, assignment),
 * and for every open task once a day, since time alone turns lights blue and
 * red. A change is kept in the light's history; a task turning red tells its
 * lead agency's officers in their inbox.
 */
@Injectable()
export class LightsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly settings: SettingsService,
  ) {}

  /** Re-evaluates these tasks as of `now`; answers how many lights changed. */
  async refresh(manager: EntityManager, taskIds: string[], now: Date = this.clock.now()): Promise<number> {
    if (taskIds.length === 0) return 0;
    const rules = await this.settings.get('lightRules', manager);
    const today = shanghaiDate(now);
    const lastWeek = reportingPeriod(new Date(now.getTime() - 7 * 86_400_000));
    const rows: FactsRow[] = await manager.query(
      `SELECT t.id, t.title, t.status,
              to_char(coalesce(t.extended_deadline, t.deadline_date), 'YYYY-MM-DD') AS deadline,
              to_char(coalesce(t.assigned_at, first.at) AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM-DD') AS assigned_on,
              latest.percent, latest.rating,
              -- A report returned for rework counts as not in, as it does for the reminders.
              EXISTS (SELECT 1 FROM task_reports r
                       WHERE r.task_id = t.id AND r.period = $2 AND r.returned_at IS NULL) AS reported_last_week,
              l.light, l.reasons
         FROM tasks t
         LEFT JOIN LATERAL (SELECT min(a.created_at) AS at FROM task_assignments a WHERE a.task_id = t.id) first ON true
         LEFT JOIN LATERAL (SELECT r.percent, r.rating FROM task_reports r WHERE r.task_id = t.id AND r.returned_at IS NULL
                             ORDER BY r.period DESC, r.revision DESC LIMIT 1) latest ON true
         LEFT JOIN task_lights l ON l.task_id = t.id
        WHERE t.id = ANY($1::uuid[])`,
      [taskIds, lastWeek],
    );
    const lastWeekStart = periodBounds(lastWeek).start;
    const changed: Array<{ row: FactsRow; light: Light; reasons: LightReason[] }> = [];
    for (const row of rows) {
      const verdict = this.verdict(row, today, lastWeekStart, rules);
      if (row.light === verdict.light && sameReasons(row.reasons, verdict.reasons)) continue;
      changed.push({ row, light: verdict.light, reasons: verdict.reasons });
    }
    if (changed.length === 0) return 0;
    await manager.query(
      `INSERT INTO task_lights (task_id, light, reasons, since)
       SELECT x.task_id, x.light, x.reasons, $2 FROM jsonb_to_recordset($1::jsonb) AS x(task_id uuid, light text, reasons text[])
       ON CONFLICT (task_id) DO UPDATE
         SET reasons = EXCLUDED.reasons,
             since = CASE WHEN task_lights.light = EXCLUDED.light THEN task_lights.since ELSE EXCLUDED.since END,
             light = EXCLUDED.light`,
      [JSON.stringify(changed.map((c) => ({ task_id: c.row.id, light: c.light, reasons: c.reasons }))), now],
    );
    const lightChanges = changed.filter((c) => c.row.light !== c.light);
    if (lightChanges.length > 0) {
      await manager.query(
        `INSERT INTO task_light_changes (task_id, previous_light, light, reasons, changed_at)
         SELECT x.task_id, x.previous_light, x.light, x.reasons, $2
           FROM jsonb_to_recordset($1::jsonb) AS x(task_id uuid, previous_light text, light text, reasons text[])`,
        [
          JSON.stringify(
            lightChanges.map((c) => ({
              task_id: c.row.id,
              previous_light: c.row.light,
              light: c.light,
              reasons: c.reasons,
            })),
          ),
          now,
        ],
      );
      await this.noticeRedLights(
        manager,
        lightChanges.filter((c) => c.light === 'red'),
        now,
      );
    }
    return lightChanges.length;
  }

  /** Every open task (and any task whose stored light is stale), in batches: the daily pass. */
  async refreshAll(batchSize = 2_000, now: Date = this.clock.now()): Promise<{ tasks: number; changed: number }> {
    let tasks = 0;
    let changed = 0;
    for (let after = '00000000-0000-0000-0000-000000000000'; ;) {
      const ids: Array<{ id: string }> = await this.dataSource.query(
        `SELECT t.id FROM tasks t LEFT JOIN task_lights l ON l.task_id = t.id
          WHERE t.id > $1
            AND (t.status NOT IN ('completed', 'closed', 'cancelled', 'suspended') OR l.light IS DISTINCT FROM 'none')
          ORDER BY t.id LIMIT $2`,
        [after, batchSize],
      );
      if (ids.length === 0) return { tasks, changed };
      changed += await this.dataSource.transaction((manager) =>
        this.refresh(
          manager,
          ids.map((r) => r.id),
          now,
        ),
      );
      tasks += ids.length;
      after = ids[ids.length - 1].id;
    }
  }

  private verdict(row: FactsRow, today: string, lastWeekStart: string, rules: LightRules) {
    // A report was owed for last week only by a task already handed over before that week began.
    const owedLastWeek =
      (row.status === 'acknowledged' || row.status === 'in_progress') &&
      row.assigned_on !== null &&
      row.assigned_on < lastWeekStart;
    return evaluateLight(
      {
        status: row.status,
        deadline: row.deadline,
        assignedOn: row.assigned_on,
        latestReport: row.rating && row.percent !== null ? { percent: row.percent, rating: row.rating } : null,
        reportMissing: owedLastWeek && !row.reported_last_week,
      },
      today,
      rules,
    );
  }

  /** One inbox message per officer of the lead agency, per task turning red. */
  private async noticeRedLights(
    manager: EntityManager,
    reds: Array<{ row: FactsRow; reasons: LightReason[] }>,
    now: Date,
  ): Promise<void> {
    if (reds.length === 0) return;
    await manager.query(
      `INSERT INTO notifications (user_id, run_key, title, body, items, created_at)
       SELECT u.id, 'light-red-' || x.task_id || '-' || $2, $3, x.body,
              jsonb_build_array(jsonb_build_object('taskId', x.task_id, 'title', x.title, 'kind', 'light_red',
                                                   'level', 'chase', 'deadline', x.deadline)),
              $4
         FROM jsonb_to_recordset($1::jsonb) AS x(task_id uuid, title text, body text, deadline text)
         JOIN task_assignments a ON a.task_id = x.task_id AND a.role = 'lead'
         JOIN users u ON u.agency_id = a.agency_id AND u.role = 'agency' AND u.is_active
       ON CONFLICT (user_id, run_key) DO NOTHING`,
      [
        JSON.stringify(
          reds.map(({ row, reasons }) => ({
            task_id: row.id,
            title: row.title,
            deadline: row.deadline,
            body: `「${row.title}」亮${LIGHT_LABELS.red}：${reasons.map((r) => REASON_LABELS[r]).join('；')}。`,
          })),
        ),
        now.toISOString().slice(0, 16),
        `预警：任务亮${LIGHT_LABELS.red}`,
        now,
      ],
    );
  }
}

function sameReasons(a: LightReason[] | null, b: LightReason[]): boolean {
  return a !== null && a.length === b.length && a.every((reason, i) => reason === b[i]);
}
