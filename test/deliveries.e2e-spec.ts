import { createServer, type Server } from 'node:http';
import { type AddressInfo } from 'node:net';
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { type INestApplicationContext } from '@nestjs/common';
import { SMTPServer } from 'smtp-server';
import { DeliveriesProcessor } from '../apps/worker/src/deliveries.processor.js';
import { Agency } from '../libs/core/src/agencies/agency.entity.js';
import { CLOCK } from '../libs/core/src/clock.js';
import { Delivery } from '../libs/core/src/reminders/delivery.entity.js';
import { DeliveryService, inQuietHours } from '../libs/core/src/reminders/delivery.service.js';
import { ReminderService } from '../libs/core/src/reminders/reminder.service.js';
import { verifyWebhook } from '../libs/core/src/reminders/webhook-signature.js';
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

/** The subject and text of a message the mailer sent (base64 text, RFC 2047 subject). */
function readMail(raw: string): { subject: string; text: string } {
  const [head, ...rest] = raw.split('\r\n\r\n');
  const unfolded = head.replace(/\r\n[ \t]+/g, ' ');
  const subject = (/^Subject: (.*)$/m.exec(unfolded)?.[1] ?? '').replace(
    /=\?UTF-8\?B\?([^?]*)\?=\s*/gi,
    (_, b64: string) => Buffer.from(b64, 'base64').toString('utf8'),
  );
  const text = Buffer.from(rest.join('\r\n\r\n').replace(/\s+/g, ''), 'base64').toString('utf8');
  return { subject, text };
}

interface Received {
  to: string;
  subject: string;
  raw: string;
}

describe('e-mail and webhook deliveries of reminder digests', () => {
  let database: TestDatabase;
  let api: TestApp;
  let worker: INestApplicationContext;
  let smtp: SMTPServer;
  let hooks: Server;
  const mails: Received[] = [];
  const posts: Array<{ headers: Record<string, string | undefined>; body: string }> = [];
  let hookStatus = 200;
  const token: Record<string, string> = {};
  let agencyId: string;
  let taskId: string;
  const secret = 'a-webhook-secret-of-some-length';

  beforeAll(async () => {
    smtp = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS'],
      onData(stream, session, callback) {
        let raw = '';
        stream.on('data', (chunk: Buffer) => (raw += chunk.toString('utf8')));
        stream.on('end', () => {
          mails.push({
            to: session.envelope.rcptTo.map((r) => r.address).join(','),
            subject: /Subject: (.*)/.exec(raw)?.[1] ?? '',
            raw,
          });
          callback();
        });
      },
    });
    // A worker killed mid-conversation resets its connection: expected here, not a failure.
    smtp.on('error', () => undefined);
    await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve));
    hooks = createServer((request, response) => {
      let body = '';
      request.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
      request.on('end', () => {
        posts.push({ headers: request.headers as Record<string, string | undefined>, body });
        response.writeHead(hookStatus).end();
      });
    });
    await new Promise<void>((resolve) => hooks.listen(0, '127.0.0.1', resolve));

    database = await createTestDatabase();
    const env = {
      QUEUE_PREFIX: `d${randomBytes(4).toString('hex')}`,
      SMTP_URL: `smtp://127.0.0.1:${(smtp.server.address() as AddressInfo).port}`,
    };
    api = await startTestApp(database.url, process.env.REDIS_URL, env);
    worker = await startTestWorker(database.url, env);
    agencyId = (await api.dataSource.getRepository(Agency).save({ name: '市财政局', kind: 'municipal_bureau' })).id;
    for (const [name, role] of [
      ['admin', 'admin'],
      ['finance', 'agency'],
    ] as const) {
      await createUser(api.dataSource, {
        email: `${name}@test.cn`,
        role,
        agencyId: role === 'agency' ? agencyId : null,
      });
      token[name] = await login(api, `${name}@test.cn`);
    }
    const documentId = await createDocument(api.dataSource, '测试');
    const task = await api.dataSource.getRepository(Task).save({
      documentId,
      sourceKey: 'k',
      printedOwners: { lead: [], co: [] },
      number: '1',
      title: '推进登记便利化改革',
      text: '1.推进登记便利化改革',
      spanStart: 0,
      spanEnd: 4,
      deadlineDate: '2026-12-31',
      status: 'assigned',
    });
    taskId = task.id;
    await api.dataSource.getRepository(TaskAssignment).insert({ taskId, agencyId, role: 'lead' });
  });

  afterAll(async () => {
    await worker?.close();
    await api?.close();
    await database?.drop();
    await new Promise<void>((resolve) => (smtp ? smtp.close(() => resolve()) : resolve()));
    await new Promise<void>((resolve) => (hooks ? hooks.close(() => resolve()) : resolve()));
  });

  it('lets a user ask for e-mail and quiet hours, and an admin add a signed webhook for an agency', async () => {
    const preferences = await api.request({
      method: 'PATCH',
      url: '/api/auth/me/preferences',
      token: token.finance,
      body: { emailNotifications: true, quietHoursStart: 22, quietHoursEnd: 7 },
    });
    expect(preferences.body).toEqual({ emailNotifications: true, quietHoursStart: 22, quietHoursEnd: 7 });
    const url = `http://127.0.0.1:${(hooks.address() as AddressInfo).port}/hook`;
    const added = await api.request({
      method: 'POST',
      url: `/api/agencies/${agencyId}/webhooks`,
      token: token.admin,
      body: { url, secret },
    });
    expect(added.status).toBe(201);
    expect(added.body).not.toHaveProperty('secret');
    const refused = await api.request({
      method: 'POST',
      url: `/api/agencies/${agencyId}/webhooks`,
      token: token.finance,
      body: { url, secret },
    });
    expect(refused.status).toBe(403);
  });

  it('sends the run’s digest once by e-mail (zh-CN, with links) and once to the webhook, signed', async () => {
    const reminders = api.app.get(ReminderService);
    await setNow(api, '2026-12-01T02:00:00Z');
    await api.dataSource.transaction((manager) => reminders.sync(manager, [taskId]));
    await api.dataSource.query(
      `UPDATE reminders SET due_at = '2026-12-01T01:00:00Z' WHERE task_id = $1 AND state = 'pending'`,
      [taskId],
    );
    const run = await reminders.sendRun(new Date('2026-12-01T02:00:00Z'));
    expect(run.deliveries).toHaveLength(2);

    worker.get<{ now: () => Date }>(CLOCK).now = () => new Date('2026-12-01T02:00:00Z'); // 10:00 in Beijing
    const processor = worker.get(DeliveriesProcessor);
    for (const id of run.deliveries)
      await processor.process({ name: 'delivery.send', data: { deliveryId: id } } as never);
    for (const id of run.deliveries)
      await processor.process({ name: 'delivery.send', data: { deliveryId: id } } as never);

    expect(mails).toHaveLength(1);
    expect(mails[0].to).toBe('finance@test.cn');
    const mail = readMail(mails[0].raw);
    expect(mail.subject).toBe('督办提醒：3 项任务需要关注');
    expect(mail.text).toContain('推进登记便利化改革（完成时限 2026-12-31）');
    expect(mail.text).toContain(`/tasks/${taskId}`);
    expect(posts).toHaveLength(1);
    expect(
      verifyWebhook(secret, posts[0].headers, posts[0].body, Math.floor(Date.parse('2026-12-01T02:00:10Z') / 1000)),
    ).toBe(true);
    const payload = JSON.parse(posts[0].body) as { type: string; items: Array<{ taskId: string }> };
    expect(payload.type).toBe('reminder.digest');
    expect(payload.items.map((i) => i.taskId)).toEqual([taskId, taskId, taskId]);
    const states = await api.dataSource.getRepository(Delivery).find();
    expect(states.map((d) => d.state)).toEqual(['sent', 'sent']);
  });

  it('holds e-mail during quiet hours, and keeps a failing webhook for admins after its last retry', async () => {
    expect(inQuietHours(23, 22, 7)).toBe(true);
    expect(inQuietHours(6, 22, 7)).toBe(true);
    expect(inQuietHours(7, 22, 7)).toBe(false);
    const service = worker.get(DeliveryService);
    const [delivery] = await api.dataSource.query(
      `INSERT INTO deliveries (run_key, channel, target, user_id, payload) SELECT 'q', 'email', email, id, '{"title":"t","items":[]}' FROM users WHERE email = 'finance@test.cn' RETURNING id`,
    );
    worker.get<{ now: () => Date }>(CLOCK).now = () => new Date('2026-12-01T15:30:00Z'); // 23:30 in Beijing
    const held = await service.send(delivery.id);
    expect(held).toEqual({ result: 'later', retryAt: new Date('2026-12-01T23:00:00Z') }); // 07:00 in Beijing
    expect(mails).toHaveLength(1);

    hookStatus = 500;
    const [endpoint] = await api.dataSource.query('SELECT id FROM webhook_endpoints');
    const [failing] = await api.dataSource.query(
      `INSERT INTO deliveries (run_key, channel, target, payload) VALUES ('f', 'webhook', $1, '{"title":"t","items":[]}') RETURNING id`,
      [endpoint.id],
    );
    for (let attempt = 1; attempt <= 5; attempt++) await expect(service.send(failing.id)).rejects.toThrow(/500/);
    expect(await service.send(failing.id)).toEqual({ result: 'skipped' });
    const problems = await api.request({
      method: 'GET',
      url: '/api/reminders/deliveries/problems',
      token: token.admin,
    });
    expect(problems.body).toEqual([
      expect.objectContaining({ id: failing.id, state: 'failed', attempts: 5, lastError: 'webhook answered 500' }),
    ]);
  });

  it('takes over a claim left by a dead worker only after its lease, and re-sends it under the same Message-ID', async () => {
    const service = worker.get(DeliveryService);
    const now = new Date('2026-12-02T02:00:00Z'); // 10:00 in Beijing, outside quiet hours
    worker.get<{ now: () => Date }>(CLOCK).now = () => now;
    const [claim] = await api.dataSource.query(
      `INSERT INTO deliveries (run_key, channel, target, user_id, payload, state, attempts, claimed_at)
       SELECT 'dead', 'email', email, id, '{"title":"逾期提醒","items":[]}', 'sending', 1, $1
         FROM users WHERE email = 'finance@test.cn' RETURNING id`,
      [new Date(now.getTime() - 60_000)],
    );
    const before = mails.length;
    // A minute old: the claim may belong to a send still in flight.
    expect(await service.pendingIds()).not.toContain(claim.id);
    expect(await service.send(claim.id)).toEqual({ result: 'skipped' });
    expect(mails).toHaveLength(before);

    await api.dataSource.query(`UPDATE deliveries SET claimed_at = $2 WHERE id = $1`, [
      claim.id,
      new Date(now.getTime() - 11 * 60_000),
    ]);
    expect(await service.pendingIds()).toContain(claim.id);
    expect(await service.send(claim.id)).toEqual({ result: 'sent' });
    expect(await service.send(claim.id)).toEqual({ result: 'skipped' });
    expect(mails).toHaveLength(before + 1);
    expect(mails[before].raw).toMatch(new RegExp(`^Message-ID: <${claim.id}@`, 'im'));
    const [row] = await api.dataSource.query('SELECT state, attempts FROM deliveries WHERE id = $1', [claim.id]);
    expect(row).toEqual({ state: 'sent', attempts: 2 });
  });

  it('sends the items a run adds to a digest while the digest is being claimed', async () => {
    const service = worker.get(DeliveryService);
    const now = new Date('2026-12-02T02:00:00Z'); // 10:00 in Beijing, outside quiet hours
    worker.get<{ now: () => Date }>(CLOCK).now = () => now;
    const item = (title: string) => ({ taskId, title, kind: 'deadline_near', level: 'normal', deadline: null });
    const [digest] = await api.dataSource.query(
      `INSERT INTO deliveries (run_key, channel, target, user_id, payload)
       SELECT 'growing', 'email', email, id, $1 FROM users WHERE email = 'finance@test.cn' RETURNING id`,
      [JSON.stringify({ title: '督办提醒：1 项任务需要关注', items: [item('第一批的任务')] })],
    );
    // The next batch of the same run adds to the pending digest and has not committed yet.
    const run = api.dataSource.createQueryRunner();
    await run.connect();
    await run.startTransaction();
    try {
      await run.query(
        `UPDATE deliveries SET payload = jsonb_build_object('title', '督办提醒：2 项任务需要关注',
           'items', (payload -> 'items') || $2::jsonb) WHERE id = $1`,
        [digest.id, JSON.stringify([item('第二批的任务')])],
      );
      const before = mails.length;
      const sending = service.send(digest.id);
      // The sender has read the digest and waits on the row to claim it.
      await eventually(async () => {
        const [waiting] = await api.dataSource.query(
          `SELECT count(*)::int AS n FROM pg_stat_activity
            WHERE wait_event_type = 'Lock' AND query LIKE 'UPDATE deliveries SET state = ''sending''%'`,
        );
        return waiting.n > 0;
      });
      await run.commitTransaction();
      expect(await sending).toEqual({ result: 'sent' });
      expect(mails).toHaveLength(before + 1);
      const mail = readMail(mails[before].raw);
      expect(mail.subject).toBe('督办提醒：2 项任务需要关注');
      expect(mail.text).toContain('第一批的任务');
      expect(mail.text).toContain('第二批的任务');
    } finally {
      if (run.isTransactionActive) await run.rollbackTransaction();
      await run.release();
    }
  });

  it('tells an agency’s contact person by e-mail when its weekly report is missing', async () => {
    hookStatus = 200;
    const added = await api.request({
      method: 'POST',
      url: `/api/agencies/${agencyId}/contacts`,
      token: token.admin,
      body: { name: '王联络', email: 'liaison@test.cn', phone: '010-12345678' },
    });
    expect(added.status).toBe(201);
    await api.dataSource.getRepository(Task).update({ id: taskId }, { status: 'in_progress' });
    const reminders = api.app.get(ReminderService);
    await setNow(api, '2026-12-07T00:00:00Z'); // Monday 08:00 in Beijing; nothing was reported last week
    await api.dataSource.transaction((manager) => reminders.sync(manager, [taskId]));
    const run = await reminders.sendRun(new Date('2026-12-07T01:00:00Z'));
    const deliveries = await api.dataSource.getRepository(Delivery).findBy({ runKey: '2026-12-07T01:00' });
    const toLiaison = deliveries.find((d) => d.target === 'liaison@test.cn');
    expect(toLiaison?.payload.items.map((i) => i.kind)).toEqual(['report_missing']);
    const processor = worker.get(DeliveriesProcessor);
    worker.get<{ now: () => Date }>(CLOCK).now = () => new Date('2026-12-07T01:00:00Z');
    for (const id of run.deliveries)
      await processor.process({ name: 'delivery.send', data: { deliveryId: id } } as never);
    expect(mails.map((m) => m.to)).toContain('liaison@test.cn');
  });
});
