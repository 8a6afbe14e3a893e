/**
 * Reminders at scale: planning them for every open task, and delivering a large
 * set that falls due at once through the real worker, beside the floor of the
 * same number of bare BullMQ jobs on the same Redis.
 *   npx tsx bench/reminders.bench.ts [tasks=100000]
 * Starts a throwaway PostgreSQL (fsync off) and Redis and generates the tasks with
 * bulk SQL: 200 lead agencies with one officer each, half the tasks assigned and
 * half acknowledged (no reports), deadlines spread from 20 November 2026 over four
 * months. Then:
 *   (a) scheduling: ReminderService.syncAllOpen() (batches of 1,000 tasks, one
 *       transaction each) as of Monday 2 November 2026, 11:00 in Beijing;
 *   (b) delivery: the clock moves to Wednesday 4 November, 09:00, when last week's
 *       report escalation of every acknowledged task falls due (one reminder per
 *       task, nothing else), and the worker (in this process) sweeps and runs until
 *       none of them is pending; the in-app digests are checked afterwards;
 *   (c) baseline: Queue.addBulk of as many no-op jobs as reminders were delivered,
 *       processed by a bare BullMQ Worker with the reminders processor's concurrency (1).
 * Exits 1 when a check fails; a missed speed target is printed, not a failure.
 */
import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { compileProjectWithSwc } from '../test/support/swc-loader.js';

const TASKS = Number(process.argv[2] ?? 100_000);
const AGENCIES = 200;
const DOCUMENTS = 50;
/** Monday 2 November 2026, 11:00 in Beijing. */
const PLANNED_AT = new Date('2026-11-02T03:00:00Z');
/** Wednesday 4 November, 09:00 in Beijing: the W44 report escalations fall due. */
const DUE_AT = new Date('2026-11-04T01:00:00Z');
/**
 * During delivery the worker's clock runs ten minutes per real second: a run job has
 * one id per minute and sends at most 5,000 reminders, so a backlog needs a new minute
 * for each batch. A few hours of this stay clear of the next 09:00 in Beijing.
 */
const CLOCK_SPEED = 600;
const SWEEP_EVERY_MS = 100;
const SCHEDULING_TARGET_MS = 60_000;
const RATIO_TARGET = 0.25;

interface Check {
  name: string;
  ok: boolean;
  detail: string;
}

/** Agencies, one officer each, documents, tasks and their lead assignments. */
async function generateData(db: pg.Client): Promise<void> {
  await db.query(`
    INSERT INTO agencies (name, kind)
    SELECT '基准单位' || lpad(g::text, 3, '0'), 'municipal_bureau' FROM generate_series(1, ${AGENCIES}) g`);
  await db.query(`CREATE TEMP TABLE bench_agency AS SELECT row_number() OVER (ORDER BY name) AS n, id FROM agencies`);
  // One officer per agency: each reminder has exactly one recipient.
  await db.query(`
    INSERT INTO users (email, display_name, password_hash, role, agency_id)
    SELECT 'officer' || lpad(a.n::text, 3, '0') || '@bench.test', '基准联络员' || a.n, 'x', 'agency', a.id
      FROM bench_agency a`);
  await db.query(`
    INSERT INTO source_files (file_name, sha256, encoding, byte_size, text)
    VALUES ('bench-reminders.txt', repeat('b', 64), 'utf-8', 1, 'x')`);
  await db.query(`
    INSERT INTO policy_documents (source_file_id, title, document_key, kind, span_start, span_end)
    SELECT f.id, '关于推进第' || g || '批改革试点任务的通知', 'title:reminders-' || g, 'notice', 0, 1
      FROM source_files f, generate_series(1, ${DOCUMENTS}) g`);
  await db.query(
    `CREATE TEMP TABLE bench_document AS SELECT row_number() OVER (ORDER BY document_key) AS n, id FROM policy_documents`,
  );
  await db.query(`
    INSERT INTO tasks (document_id, source_key, printed_owners, number, title, text, span_start, span_end,
                       deadline_date, status, version)
    SELECT d.id, 'bench/' || g, '{"lead": [], "co": []}'::jsonb, g::text, '推进第' || g || '项改革试点任务', '任务', 0, 1,
           date '2026-11-20' + (g * 7919 % 130), CASE WHEN g % 2 = 0 THEN 'acknowledged' ELSE 'assigned' END, 1
      FROM generate_series(1, ${TASKS}) g JOIN bench_document d ON d.n = g % ${DOCUMENTS} + 1`);
  await db.query(`
    INSERT INTO task_assignments (task_id, agency_id, role)
    SELECT t.id, a.id, 'lead'
      FROM (SELECT id, row_number() OVER (ORDER BY id) AS n FROM tasks) t
      JOIN bench_agency a ON a.n = (t.n - 1) % ${AGENCIES} + 1`);
  await db.query('VACUUM ANALYZE');
}

async function count(db: pg.Client, sql: string, params: unknown[] = []): Promise<number> {
  const { rows } = await db.query<{ n: number }>(sql, params);
  return rows[0].n;
}

/** Bare BullMQ: addBulk of `jobs` no-op jobs, one Worker at concurrency 1; jobs/s from the first add to the last completion. */
async function bareBullMq(redisUrl: string, jobs: number): Promise<number> {
  const { Queue, Worker } = await import('bullmq');
  const { defaultJobOptions } = await import('../libs/queue/src/queues.js');
  const connection = { url: redisUrl, maxRetriesPerRequest: null };
  const prefix = `bare${randomBytes(3).toString('hex')}`;
  const queue = new Queue('bare', { connection, prefix, defaultJobOptions });
  let completed = 0;
  let finish: () => void = () => undefined;
  const done = new Promise<void>((resolve) => (finish = resolve));
  const worker = new Worker('bare', async () => ({ ok: true }), { connection, prefix, concurrency: 1, autorun: false });
  worker.on('completed', () => {
    if (++completed === jobs) finish();
  });
  await worker.waitUntilReady();
  const started = performance.now();
  void worker.run();
  for (let i = 0; i < jobs; i += 1_000) {
    const size = Math.min(1_000, jobs - i);
    await queue.addBulk(
      Array.from({ length: size }, (_, j) => ({
        name: 'reminder.run',
        data: { runAt: new Date(i + j).toISOString() },
      })),
    );
  }
  await done;
  const seconds = (performance.now() - started) / 1000;
  await worker.close();
  await queue.obliterate({ force: true });
  await queue.close();
  return jobs / seconds;
}

async function main(): Promise<number> {
  compileProjectWithSwc();
  const { startBenchServices } = await import('./services.js');
  const { NestFactory } = await import('@nestjs/core');
  const { loadConfig } = await import('../libs/config/src/config.js');
  const { CLOCK } = await import('../libs/core/src/clock.js');
  const { ReminderService } = await import('../libs/core/src/reminders/reminder.service.js');
  const { WorkerModule } = await import('../apps/worker/src/worker.module.js');
  const { RemindersProcessor } = await import('../apps/worker/src/reminders.processor.js');

  const cleanups: Array<() => Promise<unknown>> = [];
  try {
    const { databaseUrl, redisUrl, db } = await startBenchServices(cleanups);

    let started = performance.now();
    await generateData(db);
    console.log(
      `generated ${TASKS} tasks, ${AGENCIES} agencies with one officer each in ${((performance.now() - started) / 1000).toFixed(1)} s`,
    );

    const worker = await NestFactory.createApplicationContext(
      WorkerModule.forRoot(
        loadConfig({
          NODE_ENV: 'production',
          DATABASE_URL: databaseUrl,
          REDIS_URL: redisUrl,
          JWT_SECRET: randomBytes(32).toString('hex'),
          LOG_LEVEL: 'silent',
          QUEUE_PREFIX: 'bench',
        }),
      ),
      { logger: false },
    );
    cleanups.push(() => worker.close());
    const clock = worker.get<{ now: () => Date }>(CLOCK);
    clock.now = () => PLANNED_AT;
    await worker.init();

    // (a) Scheduling: the daily re-plan over every open task, from nothing.
    started = performance.now();
    const planned = await worker.get(ReminderService).syncAllOpen();
    const schedulingMs = performance.now() - started;
    const reminders = await count(db, 'SELECT count(*)::int AS n FROM reminders');
    const due = await count(db, `SELECT count(*)::int AS n FROM reminders WHERE due_at <= $1`, [DUE_AT]);

    // (b) Delivery: the clock jumps to 09:00 and runs on; the worker sweeps and runs until nothing due is pending.
    const epoch = Date.now();
    clock.now = () => new Date(DUE_AT.getTime() + (Date.now() - epoch) * CLOCK_SPEED);
    const processor = worker.get(RemindersProcessor);
    started = performance.now();
    for (;;) {
      await processor.sweep();
      const left = await count(
        db,
        `SELECT count(*)::int AS n FROM reminders WHERE state = 'pending' AND due_at <= $1`,
        [DUE_AT],
      );
      if (left === 0) break;
      await new Promise((resolve) => setTimeout(resolve, SWEEP_EVERY_MS));
    }
    const deliveryMs = performance.now() - started;
    const { rows: states } = await db.query<{ state: string; n: number }>(
      `SELECT state || coalesce(' (' || reason || ')', '') AS state, count(*)::int AS n FROM reminders
        WHERE due_at <= $1 GROUP BY 1 ORDER BY 1`,
      [DUE_AT],
    );
    const sent = states.find((s) => s.state === 'sent')?.n ?? 0;
    const notifications = await count(db, 'SELECT count(*)::int AS n FROM notifications');
    const items = await count(db, 'SELECT coalesce(sum(jsonb_array_length(items)), 0)::int AS n FROM notifications');
    const duplicates = await count(
      db,
      `SELECT count(*)::int AS n FROM (SELECT i ->> 'taskId', i ->> 'kind' FROM notifications, jsonb_array_elements(items) i
        GROUP BY 1, 2 HAVING count(*) > 1) d`,
    );
    await worker.close();
    cleanups.pop();

    // (c) The floor: as many bare BullMQ jobs as reminders delivered.
    const bareRate = await bareBullMq(redisUrl, Math.max(sent, 1));

    const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
    const rate = (n: number, ms: number) => Math.round(n / (ms / 1000)).toLocaleString('en-US');
    const deliveryRate = sent / (deliveryMs / 1000);
    console.log(
      `\n(a) scheduling: ${planned} tasks re-planned in ${seconds(schedulingMs)}, ${rate(planned, schedulingMs)} tasks/s;`,
    );
    console.log(`    ${reminders} reminders planned, ${due} of them due at ${DUE_AT.toISOString()}`);
    console.log(
      `(b) delivery: ${sent} reminders in ${seconds(deliveryMs)}, ${rate(sent, deliveryMs)} reminders/s; ` +
        `${notifications} digests (${rate(notifications, deliveryMs)} notifications/s), ${items} items`,
    );
    console.log(`    states of the due reminders: ${states.map((s) => `${s.state} ${s.n}`).join(', ')}`);
    console.log(
      `(c) bare BullMQ (addBulk + Worker, concurrency 1): ${Math.round(bareRate).toLocaleString('en-US')} jobs/s`,
    );
    const ratio = deliveryRate / bareRate;
    console.log(`delivery / bare BullMQ = ${(ratio * 100).toFixed(0)}%`);
    console.log(
      `targets: scheduling < ${SCHEDULING_TARGET_MS / 1000} s: ${schedulingMs < SCHEDULING_TARGET_MS ? 'met' : 'MISSED'}; ` +
        `delivery ≥ ${RATIO_TARGET * 100}% of bare BullMQ: ${ratio >= RATIO_TARGET ? 'met' : 'MISSED'}`,
    );

    const checks: Check[] = [
      { name: 'every due reminder sent', ok: sent === due && due > 0, detail: `${sent} sent of ${due} due` },
      { name: 'one digest item per sent reminder', ok: items === sent, detail: `${items} items, ${sent} sent` },
      { name: 'no reminder in two digests', ok: duplicates === 0, detail: `${duplicates} (task, kind) twice` },
    ];
    console.log('');
    for (const check of checks) console.log(`${check.ok ? 'PASS' : 'FAIL'} ${check.name} (${check.detail})`);
    return checks.every((c) => c.ok) ? 0 : 1;
  } finally {
    for (const cleanup of cleanups.reverse()) await cleanup().catch((error: unknown) => console.error(error));
  }
}

process.exitCode = await main();
