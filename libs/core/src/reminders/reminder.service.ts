import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { type DataSource, type EntityManager, In, IsNull } from 'typeorm';
import { AppError } from '../../../common/src/app-error.js';
import { CLOCK, type Clock } from '../clock.js';
import { TaskReport } from '../progress/task-report.entity.js';
import { effectiveDeadline, reportingPeriod, shanghaiDate } from '../tasks/deadlines.js';
import { TaskAssignment } from '../tasks/task-assignment.entity.js';
import { Task } from '../tasks/task.entity.js';
import { User } from '../users/user.entity.js';
import { AgencyContact } from '../agencies/agency-contact.entity.js';
import { type DeliveryChannel } from './delivery.entity.js';
import { Notification, type NotificationItem } from './notification.entity.js';
import { WebhookEndpoint } from './webhook-endpoint.entity.js';
import { SettingsService } from '../settings/settings.service.js';
import { planReminders, type ReminderKind, type ReminderPolicy } from './reminder-policy.js';
import { Reminder } from './reminder.entity.js';

const RUN_BATCH = 5_000;

const KIND_WORDS: Record<ReminderKind, string> = {
  deadline_approaching: '即将到期',
  report_due: '本周进展未报送',
  report_missing: '上周进展未报送',
  report_escalation: '进展逾期未报送（升级）',
  overdue: '已逾期',
};

function groupBy<T>(items: T[], key: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const group = groups.get(key(item));
    if (group) group.push(item);
    else groups.set(key(item), [item]);
  }
  return groups;
}

/** Task id → the ISO weeks it has a (not returned) report for; built once per batch, not per task. */
function reportedPeriodsByTask(reports: Array<Pick<TaskReport, 'taskId' | 'period'>>): Map<string, Set<string>> {
  const byTask = new Map<string, Set<string>>();
  for (const { taskId, period } of reports) byTask.set(taskId, (byTask.get(taskId) ?? new Set()).add(period));
  return byTask;
}

/** The minute a reminder run stands for, as a stable key: `2026-11-19T01:00`. */
export function runKey(runAt: Date): string {
  return runAt.toISOString().slice(0, 16);
}

/**
 * Keeps each task's reminders in step with its state, and sends them: all that
 * is due in one run goes to each recipient as one digest in the in-app inbox.
 */
@Injectable()
export class ReminderService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly settings: SettingsService,
  ) {}

  /**
   * Re-plans the reminders of these tasks inside the caller's transaction:
   * pending ones no longer in the plan are cancelled, new ones added, and a
   * reminder already sent is never planned again (its key stays taken).
   */
  async sync(manager: EntityManager, taskIds: string[], now: Date = this.clock.now()): Promise<void> {
    if (taskIds.length === 0) return;
    const tasks = await manager.find(Task, {
      select: { id: true, status: true, deadlineDate: true, extendedDeadline: true, assignedAt: true },
      where: { id: In(taskIds) },
    });
    const recent = [reportingPeriod(new Date(now.getTime() - 7 * 86_400_000)), reportingPeriod(now)];
    const reports = await manager.find(TaskReport, {
      select: { taskId: true, period: true },
      where: { taskId: In(taskIds), period: In(recent), returnedAt: IsNull() },
    });
    const pending = groupBy(
      await manager.find(Reminder, { where: { taskId: In(taskIds), state: 'pending' } }),
      (r) => r.taskId,
    );
    const reported = reportedPeriodsByTask(reports);
    const policy = await this.settings.get('reminderPolicy', manager);
    const toCancel: string[] = [];
    const toInsert: Array<Pick<Reminder, 'taskId' | 'kind' | 'level' | 'key' | 'dueAt'>> = [];
    for (const task of tasks) {
      const plan = this.planFor(task, reported, now, policy);
      const planned = new Map(plan.map((p) => [p.key, p]));
      for (const reminder of pending.get(task.id) ?? []) {
        const keep = planned.get(reminder.key);
        if (keep && keep.dueAt.getTime() === reminder.dueAt.getTime()) planned.delete(reminder.key);
        // One already due belongs to its run, which re-checks it against the task; a plan made
        // after its time no longer lists it, and cancelling it here would lose it.
        else if (reminder.dueAt > now) toCancel.push(reminder.id);
      }
      for (const p of planned.values()) {
        toInsert.push({ taskId: task.id, kind: p.kind, level: p.level, key: p.key, dueAt: p.dueAt });
      }
    }
    if (toCancel.length > 0) {
      await manager.update(
        Reminder,
        { id: In(toCancel), state: 'pending' },
        { state: 'cancelled', reason: 'replanned' },
      );
    }
    if (toInsert.length > 0) {
      // A key already used is not planned again, unless it was only cancelled by an earlier re-plan.
      await manager.query(
        `INSERT INTO reminders (task_id, kind, level, key, due_at, state)
         SELECT t, k, l, y, d, 'pending' FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::timestamptz[]) AS x(t, k, l, y, d)
         ON CONFLICT (task_id, key) DO UPDATE SET due_at = EXCLUDED.due_at, kind = EXCLUDED.kind, level = EXCLUDED.level,
           state = 'pending', reason = NULL
         WHERE reminders.state = 'cancelled' AND reminders.reason = 'replanned'`,
        [
          toInsert.map((r) => r.taskId),
          toInsert.map((r) => r.kind),
          toInsert.map((r) => r.level),
          toInsert.map((r) => r.key),
          toInsert.map((r) => r.dueAt.toISOString()),
        ],
      );
    }
  }

  /** The plan of one task as of `at`, given the weeks each task has reported. */
  private planFor(task: Task, reported: Map<string, Set<string>>, at: Date, policy: ReminderPolicy) {
    return planReminders(
      {
        status: task.status,
        effectiveDeadline: effectiveDeadline(task),
        reportedPeriods: reported.get(task.id) ?? new Set(),
        assignedOn: task.assignedAt ? shanghaiDate(task.assignedAt) : null,
      },
      at,
      policy,
    );
  }

  /** Re-plans every open task (the daily run: a new week brings new report reminders). */
  async syncAllOpen(batchSize = 1_000): Promise<number> {
    let done = 0;
    for (let after = '00000000-0000-0000-0000-000000000000'; ;) {
      const ids: Array<{ id: string }> = await this.dataSource.query(
        `SELECT id FROM tasks WHERE status IN ('assigned','acknowledged','in_progress','completion_requested')
         AND id > $1 ORDER BY id LIMIT $2`,
        [after, batchSize],
      );
      if (ids.length === 0) return done;
      await this.dataSource.transaction((manager) =>
        this.sync(
          manager,
          ids.map((r) => r.id),
        ),
      );
      done += ids.length;
      after = ids[ids.length - 1].id;
    }
  }

  /** The minutes (as instants) at which pending reminders fall due, up to `until`. */
  async dueRuns(until: Date): Promise<Date[]> {
    const rows: Array<{ minute: Date }> = await this.dataSource.query(
      `SELECT DISTINCT date_trunc('minute', due_at) AS minute FROM reminders
       WHERE state = 'pending' AND due_at <= $1 ORDER BY 1 LIMIT 100`,
      [until],
    );
    return rows.map((r) => new Date(r.minute));
  }

  /**
   * Sends every pending reminder due by `runAt`: re-checks each against the
   * task as it is now (stale ones are skipped), then writes one digest per
   * recipient. Reminder states and the digests commit together, so a crash
   * sends nothing and a retry sends everything, once.
   */
  async sendRun(
    runAt: Date,
  ): Promise<{ sent: number; skipped: number; notifications: number; deliveries: string[]; more: boolean }> {
    return this.dataSource.transaction(async (manager) => {
      const due = await manager
        .getRepository(Reminder)
        .createQueryBuilder('r')
        .where(`r.state = 'pending' AND r.due_at <= :runAt`, { runAt })
        .orderBy('r.due_at', 'ASC')
        .limit(RUN_BATCH)
        .setLock('pessimistic_write')
        .setOnLocked('skip_locked')
        .getMany();
      if (due.length === 0) return { sent: 0, skipped: 0, notifications: 0, deliveries: [], more: false };
      const taskIds = [...new Set(due.map((r) => r.taskId))];
      const tasks = new Map((await manager.findBy(Task, { id: In(taskIds) })).map((t) => [t.id, t]));
      const reports = await manager.find(TaskReport, {
        select: { taskId: true, period: true },
        where: { taskId: In(taskIds), returnedAt: IsNull() },
      });
      const reported = reportedPeriodsByTask(reports);
      const policy = await this.settings.get('reminderPolicy', manager);
      const still: Reminder[] = [];
      const stale: Reminder[] = [];
      for (const reminder of due) {
        const task = tasks.get(reminder.taskId);
        const plan = task ? this.planFor(task, reported, new Date(reminder.dueAt.getTime() - 1), policy) : [];
        (plan.some((p) => p.key === reminder.key) ? still : stale).push(reminder);
      }
      const { digests, agencyDigests } = await this.recipients(manager, still, tasks);
      const key = runKey(runAt);
      // In user order, so that two runs upserting the same digests cannot deadlock.
      for (const [userId, items] of [...digests].sort(([a], [b]) => a.localeCompare(b))) {
        const body = items
          .map(
            (i) => `· ${i.title}（${KIND_WORDS[i.kind as ReminderKind]}${i.deadline ? `，时限 ${i.deadline}` : ''}）`,
          )
          .join('\n');
        // Two workers on one run add to the same digest instead of losing items.
        await manager.query(
          `INSERT INTO notifications (user_id, run_key, title, body, items, created_at) VALUES ($1, $2, $3, $4, $5, $6)
           ON CONFLICT (user_id, run_key) DO UPDATE SET
             items = notifications.items || EXCLUDED.items,
             body = notifications.body || E'\n' || EXCLUDED.body,
             title = '督办提醒：' || jsonb_array_length(notifications.items || EXCLUDED.items) || ' 项任务需要关注'`,
          [userId, key, `督办提醒：${items.length} 项任务需要关注`, body, JSON.stringify(items), this.clock.now()],
        );
      }
      const now = this.clock.now();
      if (still.length > 0)
        await manager.update(Reminder, { id: In(still.map((r) => r.id)) }, { state: 'sent', sentAt: now });
      if (stale.length > 0) {
        await manager.update(
          Reminder,
          { id: In(stale.map((r) => r.id)) },
          { state: 'skipped', reason: 'no longer due' },
        );
      }
      const deliveries = await this.queueDeliveries(manager, key, digests, agencyDigests);
      // Sending an overdue reminder makes room for the next step up the ladder.
      await this.sync(manager, taskIds, runAt);
      return {
        sent: still.length,
        skipped: stale.length,
        notifications: digests.size,
        deliveries,
        // A full batch may have left more behind: the caller runs again.
        more: due.length === RUN_BATCH,
      };
    });
  }

  /** Who hears of each reminder: the lead agency's officers; 通报 also supervisors; missing reports also the office. */
  private async recipients(manager: EntityManager, reminders: Reminder[], tasks: Map<string, Task>) {
    const digests = new Map<string, NotificationItem[]>();
    const agencyDigests = new Map<string, NotificationItem[]>();
    if (reminders.length === 0) return { digests, agencyDigests };
    const leads = await manager.find(TaskAssignment, {
      select: { taskId: true, agencyId: true },
      where: { taskId: In([...new Set(reminders.map((r) => r.taskId))]), role: 'lead' },
    });
    const officers = await manager.find(User, {
      select: { id: true, agencyId: true },
      where: { agencyId: In([...new Set(leads.map((l) => l.agencyId))]), isActive: true },
    });
    const office = await manager.find(User, {
      select: { id: true, role: true },
      where: { role: In(['supervisor', 'coordinator']), isActive: true },
    });
    // Grouped once per batch: a batch holds thousands of reminders.
    const leadsByTask = groupBy(leads, (l) => l.taskId);
    const officersByAgency = groupBy(officers, (u) => u.agencyId ?? '');
    const add = (map: Map<string, NotificationItem[]>, key: string, item: NotificationItem) => {
      const list = map.get(key);
      if (list) list.push(item);
      else map.set(key, [item]);
    };
    for (const reminder of reminders) {
      const task = tasks.get(reminder.taskId) as Task;
      const agencies = new Set((leadsByTask.get(task.id) ?? []).map((l) => l.agencyId));
      const users = new Set([...agencies].flatMap((a) => (officersByAgency.get(a) ?? []).map((u) => u.id)));
      if (reminder.level === 'bulletin') office.filter((u) => u.role === 'supervisor').forEach((u) => users.add(u.id));
      if (reminder.kind === 'report_missing' || reminder.kind === 'report_escalation') {
        office.filter((u) => u.role === 'coordinator').forEach((u) => users.add(u.id));
      }
      const item: NotificationItem = {
        taskId: task.id,
        title: task.title,
        kind: reminder.kind,
        level: reminder.level,
        deadline: effectiveDeadline(task),
      };
      for (const userId of users) add(digests, userId, item);
      for (const agencyId of agencies) add(agencyDigests, agencyId, item);
    }
    return { digests, agencyDigests };
  }

  /**
   * The run's digests that also go out by e-mail (to people who asked for it)
   * and webhook (to the lead agencies' endpoints), as delivery rows in the same
   * transaction; the worker sends them after commit.
   */
  private async queueDeliveries(
    manager: EntityManager,
    key: string,
    digests: Map<string, NotificationItem[]>,
    agencyDigests: Map<string, NotificationItem[]>,
  ): Promise<string[]> {
    const rows: Array<{ channel: DeliveryChannel; target: string; userId: string | null; items: NotificationItem[] }> =
      [];
    if (digests.size > 0) {
      const mailable = await manager.find(User, {
        select: { id: true, email: true },
        where: { id: In([...digests.keys()]), emailNotifications: true },
      });
      for (const user of mailable)
        rows.push({ channel: 'email', target: user.email, userId: user.id, items: digests.get(user.id) ?? [] });
    }
    if (agencyDigests.size > 0) {
      // An agency's contact people hear of its missing reports by e-mail.
      const contacts = await manager.find(AgencyContact, { where: { agencyId: In([...agencyDigests.keys()]) } });
      for (const contact of contacts) {
        const missing = (agencyDigests.get(contact.agencyId) ?? []).filter(
          (item) => item.kind === 'report_missing' || item.kind === 'report_escalation',
        );
        if (contact.email && missing.length > 0) {
          rows.push({ channel: 'email', target: contact.email, userId: null, items: missing });
        }
      }
      const endpoints = await manager.find(WebhookEndpoint, {
        where: { agencyId: In([...agencyDigests.keys()]), isActive: true },
      });
      for (const endpoint of endpoints) {
        rows.push({
          channel: 'webhook',
          target: endpoint.id,
          userId: null,
          items: agencyDigests.get(endpoint.agencyId) ?? [],
        });
      }
    }
    const ids: string[] = [];
    for (const row of rows) {
      // A run larger than one batch adds to the digest still waiting to go out; when that one is
      // already out, the items go in a follow-up (`<run>+2`, …), never dropped and never sent twice.
      for (let part = 1; ; part++) {
        const inserted: Array<{ id: string }> = await manager.query(
          `INSERT INTO deliveries (run_key, channel, target, user_id, payload) VALUES ($1, $2, $3, $4, $5)
           ON CONFLICT (run_key, channel, target) DO UPDATE SET payload = jsonb_build_object(
             'title', '督办提醒：' || jsonb_array_length((deliveries.payload -> 'items') || (EXCLUDED.payload -> 'items'))
                      || ' 项任务需要关注',
             'items', (deliveries.payload -> 'items') || (EXCLUDED.payload -> 'items'))
           WHERE deliveries.state = 'pending'
           RETURNING id`,
          [
            part === 1 ? key : `${key}+${part}`,
            row.channel,
            row.target,
            row.userId,
            JSON.stringify({ title: `督办提醒：${row.items.length} 项任务需要关注`, items: row.items }),
          ],
        );
        if (inserted[0]) {
          ids.push(inserted[0].id);
          break;
        }
      }
    }
    return ids;
  }

  /** How many reminders are in each state (for the admins' dashboard). */
  async stateCounts(): Promise<Record<string, number>> {
    const rows: Array<{ state: string; count: number }> = await this.dataSource.query(
      'SELECT state, count(*)::int AS count FROM reminders GROUP BY state',
    );
    return Object.fromEntries(rows.map((r) => [r.state, r.count]));
  }

  // The in-app inbox.

  async inbox(userId: string, options: { unreadOnly?: boolean; page?: number; pageSize?: number }) {
    const pageSize = Math.min(options.pageSize ?? 20, 100);
    const page = Math.max(options.page ?? 1, 1);
    const [items, total] = await this.dataSource.getRepository(Notification).findAndCount({
      where: { userId, ...(options.unreadOnly ? { readAt: IsNull() } : {}) },
      order: { createdAt: 'DESC', id: 'ASC' },
      skip: (page - 1) * pageSize,
      take: pageSize,
    });
    return { items, total, page, pageSize };
  }

  unreadCount(userId: string): Promise<number> {
    return this.dataSource.getRepository(Notification).countBy({ userId, readAt: IsNull() });
  }

  async markRead(userId: string, id: string): Promise<void> {
    const result = await this.dataSource
      .getRepository(Notification)
      .update({ id, userId, readAt: IsNull() }, { readAt: this.clock.now() });
    if (result.affected === 0 && !(await this.dataSource.getRepository(Notification).existsBy({ id, userId }))) {
      throw AppError.notFound('NOTIFICATION.NOT_FOUND', `消息不存在 (notification not found): ${id}`);
    }
  }

  async markAllRead(userId: string): Promise<number> {
    const result = await this.dataSource
      .getRepository(Notification)
      .update({ userId, readAt: IsNull() }, { readAt: this.clock.now() });
    return result.affected ?? 0;
  }
}
