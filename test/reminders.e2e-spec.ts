import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { type INestApplicationContext } from '@nestjs/common';
import { RemindersProcessor } from '../apps/worker/src/reminders.processor.js';
import { Agency } from '../libs/core/src/agencies/agency.entity.js';
import { Notification } from '../libs/core/src/reminders/notification.entity.js';
import { Reminder } from '../libs/core/src/reminders/reminder.entity.js';
import { ReminderService } from '../libs/core/src/reminders/reminder.service.js';
import { TaskAssignment } from '../libs/core/src/tasks/task-assignment.entity.js';
import { Task } from '../libs/core/src/tasks/task.entity.js';
import {
  createDocument,
  createUser,
  eventually,
  login,
  setNow,
  startTestApp,
  startTestWorker,
  type TestApp,
} from './support/app.js';
import { createTestDatabase, type TestDatabase } from './support/database.js';

type Body = Record<string, unknown>;

describe('reminders on China’s working-day calendar', () => {
  let database: TestDatabase;
  let api: TestApp;
  let service: ReminderService;
  const token: Record<string, string> = {};
  const users: Record<string, string> = {};
  let documentId: string;
  let leadAgency: string;
  const queue = { QUEUE_PREFIX: `r${randomBytes(4).toString('hex')}` };

  beforeAll(async () => {
    database = await createTestDatabase();
    api = await startTestApp(database.url, process.env.REDIS_URL, queue);
    service = api.app.get(ReminderService);
    leadAgency = (await api.dataSource.getRepository(Agency).save({ name: '市财政局', kind: 'municipal_bureau' })).id;
    for (const [name, role, agencyId] of [
      ['coord', 'coordinator', null],
      ['super', 'supervisor', null],
      ['finance', 'agency', leadAgency],
    ] as const) {
      users[name] = (await createUser(api.dataSource, { email: `${name}@test.cn`, role, agencyId })).id;
      token[name] = await login(api, `${name}@test.cn`);
    }
    documentId = await createDocument(api.dataSource, '测试');
  });

  afterAll(async () => {
    await api?.close();
    await database?.drop();
  });

  async function newTask(title: string, deadline: string) {
    const task = await api.dataSource.getRepository(Task).save({
      documentId,
      sourceKey: title,
      printedOwners: { lead: [], co: [] },
      number: '1',
      title,
      text: title,
      spanStart: 0,
      spanEnd: 4,
      deadlineDate: deadline,
      status: 'registered',
    });
    await api.dataSource.getRepository(TaskAssignment).insert({ taskId: task.id, agencyId: leadAgency, role: 'lead' });
    return task.id;
  }

  const act = async (who: string, id: string, action: string, extra: Body = {}) => {
    const { version } = (await api.request({ method: 'GET', url: `/api/tasks/${id}`, token: token.coord }))
      .body as Body;
    const response = await api.request({
      method: 'POST',
      url: `/api/tasks/${id}/actions/${action}`,
      token: token[who],
      body: { version, ...extra },
    });
    expect(response.status).toBe(200);
  };

  const pending = async (taskId: string) =>
    (
      await api.dataSource
        .getRepository(Reminder)
        .find({ where: { taskId, state: 'pending' }, order: { dueAt: 'ASC' } })
    ).map((r) => `${r.kind}@${r.dueAt.toISOString()}`);

  let taskId: string;

  it('plans deadline reminders at 09:00 on working days when the task is handed over, across holidays and make-up days', async () => {
    await setNow(api, '2026-09-18T02:00:00Z'); // Friday 18 September, 10:00 in Beijing
    taskId = await newTask('推进登记便利化改革', '2026-10-12');
    expect(await pending(taskId)).toEqual([]); // registered: nobody owes anything yet
    await act('coord', taskId, 'assign');
    expect(await pending(taskId)).toEqual([
      'deadline_approaching@2026-09-21T01:00:00.000Z', // 10 working days before (25 Sept is the Mid-Autumn holiday)
      'deadline_approaching@2026-10-08T01:00:00.000Z', // 3: the first working day after National Day
      'deadline_approaching@2026-10-10T01:00:00.000Z', // 1: Saturday 10 October, a make-up working day
    ]);
  });

  it('reschedules at once when the deadline moves', async () => {
    await act('finance', taskId, 'acknowledge');
    const asked = await api.request({
      method: 'POST',
      url: `/api/tasks/${taskId}/extensions`,
      token: token.finance,
      body: { requestedDeadline: '2026-10-30', reason: '需联合发文' },
    });
    await api.request({
      method: 'POST',
      url: `/api/extensions/${asked.body.id}/approve`,
      token: token.coord,
      body: {},
    });
    const deadlines = (await pending(taskId)).filter((r) => r.startsWith('deadline'));
    expect(deadlines).toEqual([
      'deadline_approaching@2026-10-16T01:00:00.000Z',
      'deadline_approaching@2026-10-27T01:00:00.000Z',
      'deadline_approaching@2026-10-29T01:00:00.000Z',
    ]);
    const cancelled = await api.dataSource.getRepository(Reminder).countBy({ taskId, state: 'cancelled' });
    expect(cancelled).toBe(3);
  });

  it('sends a run as one digest per person, exactly once, and skips what is no longer due', async () => {
    const second = await newTask('完善资金保障机制', '2026-10-30');
    await act('coord', second, 'assign');
    await setNow(api, '2026-10-16T01:00:00Z');
    const first = await service.sendRun(new Date('2026-10-16T01:00:00Z'));
    expect(first.sent).toBeGreaterThanOrEqual(2);
    const again = await service.sendRun(new Date('2026-10-16T01:00:00Z'));
    expect(again).toEqual({ sent: 0, skipped: 0, notifications: 0, deliveries: [], more: false });

    const inbox = (await api.request({ method: 'GET', url: '/api/inbox', token: token.finance })).body as Body;
    expect(inbox.total).toBe(1); // everything due for this officer in the run, in one message
    const [digest] = inbox.items as Array<{ id: string; title: string; items: Array<{ title: string; kind: string }> }>;
    expect(new Set(digest.items.map((i) => i.title))).toEqual(new Set(['完善资金保障机制', '推进登记便利化改革']));
    expect(
      digest.items
        .filter((i) => i.kind === 'deadline_approaching')
        .map((i) => i.title)
        .sort(),
    ).toEqual([
      '完善资金保障机制', // 10 working days before 30 October
      '推进登记便利化改革', // 10 working days before 30 October (after the extension)
    ]);
    expect(digest.title).toBe(`督办提醒：${digest.items.length} 项任务需要关注`);
    const sentRows = await api.dataSource.getRepository(Reminder).countBy({ state: 'sent' });
    expect(sentRows).toBe(first.sent);

    const unread = await api.request({ method: 'GET', url: '/api/inbox/unread-count', token: token.finance });
    expect(unread.body).toEqual({ unread: 1 });
    await api.request({ method: 'POST', url: `/api/inbox/${digest.id}/read`, token: token.finance });
    expect((await api.request({ method: 'GET', url: '/api/inbox/unread-count', token: token.finance })).body).toEqual({
      unread: 0,
    });
    const foreign = await api.request({ method: 'POST', url: `/api/inbox/${digest.id}/read`, token: token.coord });
    expect(foreign.status).toBe(404);
  });

  it('escalates a missing weekly report: the office hears of it, then again after the grace period', async () => {
    // The task was acknowledged in week 2026-W42 (no report). Re-plan as of Monday of W43, 08:00 in Beijing.
    await setNow(api, '2026-10-19T00:00:00Z');
    await api.dataSource.transaction((manager) => service.sync(manager, [taskId]));
    expect((await pending(taskId)).filter((r) => r.startsWith('report_m') || r.startsWith('report_e'))).toEqual([
      'report_missing@2026-10-19T01:00:00.000Z',
      'report_escalation@2026-10-21T01:00:00.000Z',
    ]);
    await setNow(api, '2026-10-19T01:00:00Z');
    await service.sendRun(new Date('2026-10-19T01:00:00Z'));
    const toOffice = await api.dataSource
      .getRepository(Notification)
      .findOneByOrFail({ userId: users.coord, runKey: '2026-10-19T01:00' });
    expect(toOffice.items.map((i) => i.kind)).toEqual(['report_missing']);
  });

  it('cancels every pending reminder when the task is completed, and the run skips stale ones', async () => {
    await api.dataSource.getRepository(Task).update({ id: taskId }, { status: 'completed' });
    // A change made behind the service's back: the run re-checks and skips instead of sending.
    const result = await service.sendRun(new Date('2026-10-21T01:00:00Z'));
    expect(result.skipped).toBeGreaterThanOrEqual(1);
    expect(await pending(taskId)).toEqual([]);
  });

  describe('through the worker', () => {
    const workers: INestApplicationContext[] = [];

    afterAll(async () => {
      for (const worker of workers) await worker.close();
    });

    it('two workers sweeping side by side deliver the run once', async () => {
      // Only this task's reminders are left to send.
      await api.dataSource.query(`UPDATE reminders SET state = 'cancelled', reason = 'test' WHERE state = 'pending'`);
      const third = await newTask('加强统计监测', '2026-12-31');
      await setNow(api, '2026-11-20T02:00:00Z');
      await act('coord', third, 'assign');
      await api.dataSource.query(
        `UPDATE reminders SET due_at = '2026-11-20T01:30:00Z' WHERE task_id = $1 AND state = 'pending'`,
        [third],
      );
      for (let i = 0; i < 2; i++) {
        // The clock is set before the worker starts: its first sweep runs at once.
        workers.push(await startTestWorker(database.url, queue, new Date('2026-11-20T02:00:00Z')));
      }
      await Promise.all(workers.map((w) => w.get(RemindersProcessor).sweep()));
      const digests = await eventually(async () => {
        const rows = await api.dataSource
          .getRepository(Notification)
          .findBy({ userId: users.finance, runKey: '2026-11-20T02:00' });
        const sent = await api.dataSource.getRepository(Reminder).countBy({ taskId: third, state: 'pending' });
        return rows.length > 0 && sent === 0 && rows;
      });
      expect(digests).toHaveLength(1);
      expect(digests[0].items.map((i) => i.title)).toEqual(['加强统计监测', '加强统计监测', '加强统计监测']);
      const status = await api.request({ method: 'GET', url: '/api/reminders/status', token: token.coord });
      expect(status.status).toBe(403);
    });
  });
});
