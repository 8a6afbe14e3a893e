import { randomBytes } from 'node:crypto';
import { type AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { ReminderService } from '../libs/core/src/reminders/reminder.service.js';
import { eventually, startTestApp, type TestApp } from './support/app.js';
import { createTestDatabase, type TestDatabase } from './support/database.js';
import { type WorkerProcess, WorkerProcesses } from './support/fault-workers.js';
import { startThrowawayRedis, type ThrowawayService } from './support/test-services.js';

const AGENCIES = 50;
const DEADLINE = '2026-11-10';
/**
 * Monday 2 November 2026, 11:00 in Beijing, when the reminders are planned. For a task
 * in progress with no report and a deadline on 10 November the plan is: W44 report
 * escalation (Wed 4 Nov), 3 days before the deadline and this week's report due (Thu
 * 5 Nov), report due (Fri 6 Nov), 1 day before the deadline (Mon 9 Nov), at 09:00.
 */
const PLANNED_AT = new Date('2026-11-02T03:00:00Z');
/** Wed 4 November, 11:00 in Beijing: only the escalation (one per task) is due. */
const WORKERS_START = new Date('2026-11-04T03:00:00Z');
/** Fri 6 November, 11:00 in Beijing: four reminders per task are due. */
const BACKLOG_RUN = new Date('2026-11-06T03:00:00Z');
/**
 * The workers' clock runs a minute per second. Run jobs have one id per minute, and a
 * run sends at most one batch (5,000), so under a frozen clock a run that is done
 * (or lost with a killed worker) would not come back until the minute changes.
 * An hour of this stays clear of the next 09:00 in Beijing, so nothing new falls due.
 */
const CLOCK_SPEED = 60;

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
/** A random moment 0.3–1.5 s ahead. */
const randomPause = () => pause(300 + Math.random() * 1_200);

describe('reminder delivery under faults', () => {
  let database: TestDatabase;
  let redis: ThrowawayService;
  let api: TestApp;
  let workers: WorkerProcesses | undefined;
  const queuePrefix = `fault${randomBytes(4).toString('hex')}`;
  /** The Message-ID of every e-mail the SMTP sink accepted, in order, repeats included. */
  const mailed: string[] = [];
  /** The tasks each received Message-ID lists (the digest's links). */
  const mailedTasks = new Map<string, string[]>();
  let smtp: SMTPServer;

  beforeAll(async () => {
    smtp = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS'],
      onData(stream, _session, callback) {
        let raw = '';
        stream.on('data', (chunk: Buffer) => (raw += chunk.toString('utf8')));
        stream.on('end', () => {
          const messageId = /^Message-ID: <([^@>]+)@/im.exec(raw)?.[1] ?? 'missing';
          mailed.push(messageId);
          // One text part, base64 (the mailer's setting): the digest lists a link per task.
          const body = Buffer.from(raw.split('\r\n\r\n').slice(1).join('').replace(/\s+/g, ''), 'base64');
          mailedTasks.set(
            messageId,
            [...body.toString('utf8').matchAll(/\/tasks\/([0-9a-f-]{36})/g)].map((m) => m[1]),
          );
          callback();
        });
      },
    });
    // A worker killed mid-conversation resets its connection: expected here, not a failure.
    smtp.on('error', () => undefined);
    await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve));
    // Its own Redis: the test restarts it.
    [database, redis] = await Promise.all([createTestDatabase(), startThrowawayRedis()]);
    // The in-process API only plans reminders: it stays on the shared Redis, out of the restart.
    api = await startTestApp(database.url, process.env.REDIS_URL, { QUEUE_PREFIX: queuePrefix });
    await api.dataSource.query(
      `INSERT INTO agencies (name, kind)
       SELECT '故障单位' || lpad(g::text, 2, '0'), 'municipal_bureau' FROM generate_series(1, ${AGENCIES}) g`,
    );
    // One active officer per agency, so each reminder has exactly one recipient.
    await api.dataSource.query(
      `INSERT INTO users (email, display_name, password_hash, role, agency_id, email_notifications)
       SELECT 'officer' || substr(name, 5) || '@fault.test', name || '联络员', 'x', 'agency', id, true
         FROM agencies WHERE name LIKE '故障单位%'`,
    );
  }, 60_000);

  afterAll(async () => {
    await workers?.killAll();
    await api?.close();
    await redis?.destroy();
    await database?.drop();
    await new Promise<void>((resolve) => (smtp ? smtp.close(() => resolve()) : resolve()));
  }, 30_000);

  /** `count` tasks in progress under a document of their own, each led by one agency in turn. */
  async function createTasks(label: string, count: number): Promise<{ documentId: string; taskIds: string[] }> {
    const [document]: Array<{ id: string }> = await api.dataSource.query(
      `WITH file AS (
         INSERT INTO source_files (file_name, sha256, encoding, byte_size, text)
         VALUES ($1::text, encode(sha256($1::text::bytea), 'hex'), 'utf-8', 1, 'x') RETURNING id)
       INSERT INTO policy_documents (source_file_id, title, document_key, kind, span_start, span_end)
       SELECT id, $1::text, 'title:' || $1::text, 'notice', 0, 1 FROM file RETURNING id`,
      [label],
    );
    const tasks: Array<{ id: string }> = await api.dataSource.query(
      `INSERT INTO tasks (document_id, source_key, printed_owners, number, title, text, span_start, span_end,
                          deadline_date, status, version)
       SELECT $1::uuid, $2::text || '/' || g, '{"lead": [], "co": []}', g::text, '故障演练任务' || g, '任务', 0, 1,
              $3::date, 'in_progress', 1
         FROM generate_series(1, $4::int) g RETURNING id`,
      [document.id, label, DEADLINE, count],
    );
    await api.dataSource.query(
      `INSERT INTO task_assignments (task_id, agency_id, role)
       SELECT t.id, a.id, 'lead'
         FROM (SELECT id, row_number() OVER (ORDER BY id) AS n FROM tasks WHERE document_id = $1) t
         JOIN (SELECT id, row_number() OVER (ORDER BY name) AS n FROM agencies WHERE name LIKE '故障单位%') a
           ON a.n = t.n % ${AGENCIES} + 1`,
      [document.id],
    );
    return { documentId: document.id, taskIds: tasks.map((t) => t.id) };
  }

  /** The reminders the real service plans for these tasks as of PLANNED_AT. */
  async function planReminders(taskIds: string[]): Promise<void> {
    const service = api.app.get(ReminderService);
    for (let i = 0; i < taskIds.length; i += 1_000) {
      await api.dataSource.transaction((manager) => service.sync(manager, taskIds.slice(i, i + 1_000), PLANNED_AT));
    }
  }

  /** E-mail deliveries by state. */
  async function deliveryStates(): Promise<Record<string, number>> {
    const rows: Array<{ state: string; n: number }> = await api.dataSource.query(
      'SELECT state, count(*)::int AS n FROM deliveries GROUP BY 1',
    );
    return Object.fromEntries(rows.map((r) => [r.state, r.n]));
  }

  /** The document's reminders due by `at`, by state. */
  async function dueStates(documentId: string, at: Date): Promise<Record<string, number>> {
    const rows: Array<{ state: string; reason: string | null; n: number }> = await api.dataSource.query(
      `SELECT r.state, r.reason, count(*)::int AS n FROM reminders r JOIN tasks t ON t.id = r.task_id
        WHERE t.document_id = $1 AND r.due_at <= $2 GROUP BY 1, 2`,
      [documentId, at],
    );
    return Object.fromEntries(rows.map((r) => [r.reason ? `${r.state} (${r.reason})` : r.state, r.n]));
  }

  /**
   * Digest items about the document's tasks against its sent reminders, per (task, kind):
   * how many items there are, and how many (task, kind) have more or fewer items than
   * sent reminders (one recipient per task here).
   */
  async function deliveredItems(documentId: string) {
    const [row]: Array<{ items: number; tasks: number; mismatched: number }> = await api.dataSource.query(
      `WITH items AS (
         SELECT (i ->> 'taskId')::uuid AS task_id, i ->> 'kind' AS kind, count(*)::int AS n
           FROM notifications, jsonb_array_elements(items) i GROUP BY 1, 2),
       sent AS (
         SELECT r.task_id, r.kind, count(*)::int AS n FROM reminders r JOIN tasks t ON t.id = r.task_id
          WHERE t.document_id = $1 AND r.state = 'sent' GROUP BY 1, 2)
       SELECT (SELECT coalesce(sum(n), 0)::int FROM items WHERE task_id IN (SELECT id FROM tasks WHERE document_id = $1)) AS items,
              (SELECT count(DISTINCT task_id)::int FROM items WHERE task_id IN (SELECT id FROM tasks WHERE document_id = $1)) AS tasks,
              (SELECT count(*)::int FROM sent FULL JOIN items USING (task_id, kind)
                WHERE coalesce(sent.n, 0) <> coalesce(items.n, 0)
                  AND coalesce(sent.task_id, items.task_id) IN (SELECT id FROM tasks WHERE document_id = $1)) AS mismatched`,
      [documentId],
    );
    return row;
  }

  it('sends 10,000 due reminders exactly once through worker processes killed with SIGKILL, a Redis restart and two workers side by side', async () => {
    const { documentId, taskIds } = await createTasks('fault-workers', 10_000);
    await planReminders(taskIds);
    expect(await dueStates(documentId, WORKERS_START)).toEqual({ pending: 10_000 });

    workers = new WorkerProcesses({
      DATABASE_URL: database.url,
      REDIS_URL: redis.url,
      QUEUE_PREFIX: queuePrefix,
      FAKE_NOW: WORKERS_START.toISOString(),
      FAKE_EPOCH_MS: String(Date.now()),
      FAKE_SPEED: String(CLOCK_SPEED),
      SWEEP_EVERY_MS: '200',
      SMTP_URL: `smtp://127.0.0.1:${(smtp.server.address() as AddressInfo).port}`,
    });
    const started = Date.now();
    const events: string[] = [];
    const note = async (event: string) => {
      const states = await dueStates(documentId, WORKERS_START);
      events.push(`${((Date.now() - started) / 1000).toFixed(1)} s ${event}: ${JSON.stringify(states)}`);
    };
    const restart = async (worker: WorkerProcess, label: string) => {
      await workers?.kill(worker);
      await note(`SIGKILL ${label}`);
      const next = (workers as WorkerProcesses).start();
      await next.ready;
      return next;
    };

    try {
      let first = workers.start();
      await first.ready;
      let second: WorkerProcess | undefined;
      for (let kill = 1; kill <= 5; kill++) {
        await randomPause();
        if (kill === 3) {
          // Redis loses everything (no persistence): jobs, locks, schedulers.
          await redis.pause();
          await note('Redis stopped');
          await randomPause();
          await redis.resume();
          await note('Redis started again, empty');
          // From here on two workers run side by side.
          second = workers.start();
          await second.ready;
          await randomPause();
        }
        if (kill === 5) {
          // The kills so far mostly land inside a run's transaction; this one comes after a batch is in.
          await eventually(async () => (await dueStates(documentId, WORKERS_START)).sent, 30_000);
          await randomPause();
        }
        if (kill === 4 && second) second = await restart(second, `${second.name} (the second)`);
        else first = await restart(first, first.name);
      }
      await note('faults over');
      await eventually(async () => (await dueStates(documentId, WORKERS_START)).pending === undefined, 40_000);
      await note('nothing pending');
      // The e-mail copies of the digests: every one goes out. The sweep re-enqueues pending ones and
      // claims past their lease (10 minutes of the workers' clock, 10 s here); a job of a killed
      // worker also comes back after BullMQ's stall check (30 s).
      await eventually(async () => {
        const states = await deliveryStates();
        return states.pending === undefined && states.sending === undefined;
      }, 90_000);
      await workers.killAll();

      expect(await dueStates(documentId, WORKERS_START)).toEqual({ sent: 10_000 });
      expect(await deliveredItems(documentId)).toEqual({ items: 10_000, tasks: 10_000, mismatched: 0 });

      // At the SMTP sink, by Message-ID (the delivery's id): every delivery arrived, and nothing
      // else did. A worker killed after the server took the message but before it recorded the
      // send leaves a claim that is sent again under the same Message-ID: at most one repeat per
      // send in flight at a kill (5 kills × delivery concurrency 10), for the receiver to drop.
      const states = await deliveryStates();
      const ids: string[] = (await api.dataSource.query('SELECT id FROM deliveries')).map((r: { id: string }) => r.id);
      const received = new Set(mailed);
      const repeats = mailed.length - received.size;
      expect(states).toEqual({ sent: ids.length });
      expect(ids.length).toBeGreaterThan(0);
      expect([...received].sort()).toEqual([...ids].sort());
      expect(repeats).toBeLessThanOrEqual(5 * 10);
      // And every one of the 10,000 reminders is in exactly one of them.
      const tasksMailed = [...mailedTasks.values()].flat();
      expect(tasksMailed).toHaveLength(10_000);
      expect(new Set(tasksMailed)).toEqual(new Set(taskIds));
      events.push(
        `e-mail: ${ids.length} deliveries, ${received.size} distinct Message-IDs received, ${repeats} repeats`,
      );
    } catch (error) {
      throw new Error(`${String(error)}\nevents:\n${events.join('\n')}\n${workers.outputs()}`, { cause: error });
    }
    console.log(`fault schedule (states of the 10,000 reminders):\n${events.join('\n')}`);
  }, 180_000);

  it('after an outage, sends a backlog larger than one run batch in full (several reminders due per task)', async () => {
    // Nothing left over from the test above may take part.
    await api.dataSource.query(`UPDATE reminders SET state = 'cancelled', reason = 'test' WHERE state = 'pending'`);
    const { documentId, taskIds } = await createTasks('fault-backlog', 2_500);
    await planReminders(taskIds);
    expect(await dueStates(documentId, BACKLOG_RUN)).toEqual({ pending: 10_000 });

    // What the worker does for each run job, until nothing due is left.
    const service = api.app.get(ReminderService);
    for (let run = 0; run < 10; run++) {
      const { sent, skipped } = await service.sendRun(BACKLOG_RUN);
      if (sent + skipped === 0) break;
    }
    expect(await dueStates(documentId, BACKLOG_RUN)).toEqual({ sent: 10_000 });
    expect(await deliveredItems(documentId)).toEqual({ items: 10_000, tasks: 2_500, mismatched: 0 });
  }, 60_000);
});
