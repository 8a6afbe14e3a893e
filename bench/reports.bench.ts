/**
 * Reports at scale: the weekly snapshot, the per-agency roll-up endpoint and the streamed
 * ledger over 1,000,000 tasks, 500 agencies and 10 weeks of weekly reports, each beside
 * its floor.
 *   npx tsx bench/reports.bench.ts [tasks=1000000] [--data-only]
 * Starts a throwaway PostgreSQL (fsync off) and Redis and generates the data with bulk SQL
 * (indexes dropped during the load and built afterwards, triggers and foreign-key checks
 * off: the bench writes what the triggers would). Task lights are computed once by SQL
 * from the same rules; then, with the real API in this process (its clock fixed at the
 * moment the bench started):
 *   1. lights: the nightly LightsService.refreshAll() over every open task, timed once;
 *   2. snapshot: SnapshotService.build(last closed week, { rebuild: true }), several runs,
 *      then one more timing each statement it sends; beside the bare aggregates (tasks by
 *      status, lights by light);
 *   3. per-agency roll-up: autocannon in a child process against
 *      GET /api/reports/agencies/:id as a supervisor, cycling over every agency, beside the
 *      same statement (taken from the service as it runs) behind a bare Fastify + pg route,
 *      and the statement alone on one connection; then GET /api/reports/agencies and
 *      /api/reports/league (all agencies), once each;
 *   4. ledger: GET /api/reports/ledger.csv and .xlsx of every task from the compiled API
 *      (built here) in a process of its own, started with the Node flags `npm start` uses,
 *      downloaded to a file by a child process while the API process's RSS is read from /proc
 *      every 100 ms; beside the service's first 300 batch statements replayed on a bare pg
 *      connection.
 * Prints PASS/FAIL checks and exits 1 on a FAIL; a missed speed target is printed, not a failure.
 */
import { compileProjectWithSwc } from '../test/support/swc-loader.js';
import 'reflect-metadata';
import { spawnSync } from 'node:child_process';
import { createReadStream, createWriteStream, mkdtempSync, rmSync, statSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ReadableStream } from 'node:stream/web';
import { createInflateRaw } from 'node:zlib';
import { parse } from 'csv-parse';
import Fastify from 'fastify';
import pg from 'pg';
import type { AuthUser } from '../libs/core/src/users/auth-user.js';
import { NODE_FLAGS } from '../scripts/lib/node-flags.mjs';
import {
  type Autocannon,
  type AutocannonClient,
  type Check,
  type Latency,
  dropIndexes,
  oneLine,
  runInChild,
  serveChild,
  signIn,
  spread,
  processMemory,
  startApi,
  startApiProcess,
  summarise,
  timeQueries,
  type TimedQuery,
} from './support.js';

const AGENCY_CLIENT = '--agency-client';
const LEDGER_CLIENT = '--ledger-client';
/** Generate the data, leave PostgreSQL running and stop (for studying the statements). */
const DATA_ONLY = '--data-only';
const AGENCIES = 500;
const DOCUMENTS = 500;
/** Each document: four chapters (一、…) of five sections (（一）…); tasks sit in the sections. */
const CHAPTERS = 4;
const SECTIONS = 5;
const WEEKS = 10;
const POOL_SIZE = 20;
const PASSWORD = 'bench-reports-password';
const SUPERVISOR = 'supervisor@bench.test';
const SNAPSHOT_RUNS = 3;
const AGGREGATE_RUNS = 5;
const AGENCY_CONNECTIONS = 10;
const AGENCY_SECONDS = 20;
const AGENCY_RUNS = 2;
const WARM_UP_SECONDS = 3;
/** Sequential runs of the per-agency statement alone, one connection. */
const AGENCY_SQL_RUNS = 50;
/** Downloads of each ledger format: at 1,000,000 tasks each takes about 3 minutes. */
const LEDGER_RUNS = { csv: 1, xlsx: 1 };
/** The floor replays this many of the ledger's statements (their rate is the same all the way through). */
const FLOOR_STATEMENTS = 300;
const RSS_EVERY_MS = 100;
const SNAPSHOT_TARGET_MS = 5_000;
const AGENCY_P99_TARGET_MS = 200;
const RSS_TARGET_MB = 300;
/** Title, filter line and header above the data rows of the xlsx ledger. */
const XLSX_ROWS_ABOVE_DATA = 3;

// ---------------------------------------------------------------------------
// Child: load on the per-agency endpoint

interface AgencyLoadJob {
  url: string;
  paths: string[];
  headers: Record<string, string>;
  connections: number;
  seconds: number;
}

interface AgencyLoadResult {
  latency: Latency;
  statuses: Record<string, number>;
  errors: number;
  timeouts: number;
}

/** Closed loop: each connection asks for the next agency as soon as the last answer is in. */
async function runAgencyLoad(job: AgencyLoadJob): Promise<AgencyLoadResult> {
  const autocannon = createRequire(import.meta.url)('autocannon') as Autocannon;
  const samples: number[] = [];
  const statuses: Record<string, number> = {};
  let next = 0;
  const setupClient = (client: AutocannonClient) => {
    let sentAt = 0;
    client.setRequests([
      {
        setupRequest(request) {
          sentAt = performance.now();
          return { ...request, method: 'GET', path: job.paths[next++ % job.paths.length], headers: job.headers };
        },
        onResponse(status) {
          samples.push(performance.now() - sentAt);
          statuses[status] = (statuses[status] ?? 0) + 1;
        },
      },
    ]);
  };
  const started = performance.now();
  const { errors, timeouts } = await new Promise<{ errors: number; timeouts: number }>((resolve) => {
    autocannon({
      url: job.url,
      connections: job.connections,
      pipelining: 1,
      duration: job.seconds,
      setupClient,
    }).on('done', resolve);
  });
  return { latency: summarise(samples, (performance.now() - started) / 1000), statuses, errors, timeouts };
}

// ---------------------------------------------------------------------------
// Child: one ledger download

interface LedgerJob {
  url: string;
  headers: Record<string, string>;
  kind: 'csv' | 'xlsx';
  file: string;
}

interface LedgerResult {
  status: number;
  bytes: number;
  /** From the request to the last byte. */
  seconds: number;
  firstByteMs: number;
  /** Data rows in the file (counted after the download, so the count does not slow it). */
  rows: number;
  columns: number;
  error: string | null;
}

async function downloadLedger(job: LedgerJob): Promise<LedgerResult> {
  const started = performance.now();
  const response = await fetch(job.url, { headers: job.headers });
  const firstByteMs = performance.now() - started;
  if (response.status !== 200 || !response.body) {
    const text = await response.text();
    return { status: response.status, bytes: 0, seconds: 0, firstByteMs, rows: 0, columns: 0, error: text };
  }
  let error: string | null = null;
  try {
    await pipeline(Readable.fromWeb(response.body as ReadableStream), createWriteStream(job.file));
  } catch (failure) {
    error = String(failure);
  }
  const seconds = (performance.now() - started) / 1000;
  const bytes = statSync(job.file).size;
  let counted = { rows: 0, columns: 0 };
  if (!error) {
    try {
      counted = job.kind === 'csv' ? await countCsvRows(job.file) : await countXlsxRows(job.file);
    } catch (failure) {
      error = `unreadable ${job.kind}: ${String(failure)}`;
    }
  }
  rmSync(job.file, { force: true });
  return { status: response.status, bytes, seconds, firstByteMs, ...counted, error };
}

/** Records after the header, parsed as CSV (a quoted cell may hold a line break); csv-parse refuses ragged rows. */
async function countCsvRows(file: string): Promise<{ rows: number; columns: number }> {
  let records = 0;
  let columns = 0;
  for await (const record of createReadStream(file).pipe(parse({ bom: true })) as AsyncIterable<string[]>) {
    if (records++ === 0) columns = record.length;
  }
  return { rows: records - 1, columns };
}

/**
 * The rows of the workbook's first sheet, less the title, filter and header rows: the
 * zip's central directory locates `xl/worksheets/sheet1.xml`, which is inflated and
 * scanned for `<row` elements. No unzip library: the bench reads the zip format itself.
 */
async function countXlsxRows(file: string): Promise<{ rows: number; columns: number }> {
  const handle = await open(file, 'r');
  try {
    const { size } = await handle.stat();
    const tail = Buffer.alloc(Math.min(size, 65_535 + 22 + 20));
    await handle.read(tail, 0, tail.length, size - tail.length);
    const end = tail.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
    if (end < 0) throw new Error('no end of central directory');
    let entries = tail.readUInt16LE(end + 10);
    let directorySize = tail.readUInt32LE(end + 12);
    let directoryOffset = tail.readUInt32LE(end + 16);
    if (entries === 0xffff || directorySize === 0xffffffff || directoryOffset === 0xffffffff) {
      const locator = tail.lastIndexOf(Buffer.from([0x50, 0x4b, 0x06, 0x07]), end);
      const record = Buffer.alloc(56);
      await handle.read(record, 0, 56, Number(tail.readBigUInt64LE(locator + 8)));
      entries = Number(record.readBigUInt64LE(32));
      directorySize = Number(record.readBigUInt64LE(40));
      directoryOffset = Number(record.readBigUInt64LE(48));
    }
    const directory = Buffer.alloc(directorySize);
    await handle.read(directory, 0, directorySize, directoryOffset);
    for (let at = 0, i = 0; i < entries; i++) {
      const method = directory.readUInt16LE(at + 10);
      let compressed = directory.readUInt32LE(at + 20);
      const nameLength = directory.readUInt16LE(at + 28);
      const extraLength = directory.readUInt16LE(at + 30);
      const commentLength = directory.readUInt16LE(at + 32);
      let local = directory.readUInt32LE(at + 42);
      const name = directory.toString('utf8', at + 46, at + 46 + nameLength);
      const extraEnd = at + 46 + nameLength + extraLength;
      for (let extra = at + 46 + nameLength; extra + 4 <= extraEnd; extra += 4 + directory.readUInt16LE(extra + 2)) {
        if (directory.readUInt16LE(extra) !== 0x0001) continue;
        // Zip64: the 8-byte sizes, in this order, of the fields that said 0xffffffff.
        let field = extra + 4;
        if (directory.readUInt32LE(at + 24) === 0xffffffff) field += 8;
        if (compressed === 0xffffffff) {
          compressed = Number(directory.readBigUInt64LE(field));
          field += 8;
        }
        if (local === 0xffffffff) local = Number(directory.readBigUInt64LE(field));
      }
      if (name === 'xl/worksheets/sheet1.xml') {
        const header = Buffer.alloc(30);
        await handle.read(header, 0, 30, local);
        const start = local + 30 + header.readUInt16LE(26) + header.readUInt16LE(28);
        const source = createReadStream(file, { start, end: start + compressed - 1 });
        let rows = 0;
        let carry = '';
        const counter = new Writable({
          write(chunk: Buffer, _encoding, done) {
            // latin1 keeps byte offsets; `<row` is ASCII. The carry is shorter than a match, so none is counted twice.
            const text = carry + chunk.toString('latin1');
            rows += text.match(/<row[ >]/g)?.length ?? 0;
            carry = text.slice(-4);
            done();
          },
        });
        await (method === 8 ? pipeline(source, createInflateRaw(), counter) : pipeline(source, counter));
        return { rows: rows - XLSX_ROWS_ABOVE_DATA, columns: 0 };
      }
      at = extraEnd + commentLength;
    }
    throw new Error('no xl/worksheets/sheet1.xml in the workbook');
  } finally {
    await handle.close();
  }
}

// ---------------------------------------------------------------------------
// Data

interface Week {
  period: string;
  starts: string;
  ends: string;
}

interface Generated {
  agencyIds: string[];
  tasks: number;
  reports: number;
  steps: Array<[string, number]>;
  indexBuilds: Array<{ name: string; ms: number }>;
}

/**
 * 500 agencies with one officer each, a supervisor, 500 documents of 4 × 5 sections, the
 * tasks (their statuses, dates and owners drawn from hashes of the task number, so every
 * run generates the same data relative to `now`), 10 weeks of reports, approved
 * extensions, and the lights.
 */
async function generateData(
  db: pg.Client,
  tasks: number,
  now: Date,
  weeks: Week[],
  passwordHash: string,
  lights: { today: string; nearBefore: string; tolerance: number; lastWeekStart: string },
): Promise<Generated> {
  const steps: Array<[string, number]> = [];
  let mark = performance.now();
  const step = async (label: string, ...statements: Array<string | [string, unknown[]]>) => {
    for (const statement of statements) {
      if (typeof statement === 'string') await db.query(statement);
      else await db.query(statement[0], statement[1]);
    }
    steps.push([label, performance.now() - mark]);
    mark = performance.now();
  };
  const perDocument = Math.ceil(tasks / DOCUMENTS);
  const parts = CHAPTERS * SECTIONS;
  /** The first task position of part k (0-based) of a document: ceil(k × perDocument / parts). */
  const first = (k: string) => `((${k}) * ${perDocument} + ${parts - 1}) / ${parts}`;
  const { today, nearBefore, tolerance, lastWeekStart } = lights;
  const lastWeek = weeks[weeks.length - 1];

  // Written as the triggers would have; foreign keys hold by construction (checked below).
  await db.query(`SET session_replication_role = replica`);
  await db.query(`SET maintenance_work_mem = '1GB'`);
  await db.query(`SET work_mem = '256MB'`);
  await db.query(`SET temp_buffers = '1GB'`);

  await step(
    'agencies, users, documents, sections',
    `INSERT INTO agencies (name, full_name, kind)
     SELECT '报表单位' || lpad(g::text, 3, '0'), '北京市报表单位' || lpad(g::text, 3, '0'),
            (ARRAY['municipal_bureau','district_government','committee','central_unit','enterprise'])[1 + g % 5]
       FROM generate_series(1, ${AGENCIES}) g`,
    `CREATE TEMP TABLE bench_agency AS SELECT row_number() OVER (ORDER BY name) AS n, id FROM agencies`,
    [
      `INSERT INTO users (email, display_name, password_hash, role, agency_id)
       SELECT 'officer' || lpad(a.n::text, 3, '0') || '@bench.test', '联络员' || a.n, $1, 'agency', a.id
         FROM bench_agency a`,
      [passwordHash],
    ],
    [
      `INSERT INTO users (email, display_name, password_hash, role) VALUES ($1, '督查员', $2, 'supervisor')`,
      [SUPERVISOR, passwordHash],
    ],
    `CREATE TEMP TABLE bench_officer AS SELECT a.n, u.id FROM users u JOIN bench_agency a ON a.id = u.agency_id`,
    `INSERT INTO source_files (file_name, sha256, encoding, byte_size, text)
     VALUES ('bench-reports.txt', repeat('c', 64), 'utf-8', 1, 'x')`,
    `INSERT INTO policy_documents (source_file_id, title, document_key, doc_number, issuer, kind, span_start, span_end)
     SELECT f.id, '关于推进第' || g || '批改革试点任务的通知', 'title:reports-' || lpad(g::text, 3, '0'),
            '京政办发〔2026〕' || g || '号', '北京市人民政府办公厅', 'work_plan', 0, ${perDocument * 10}
       FROM source_files f, generate_series(1, ${DOCUMENTS}) g`,
    `CREATE TEMP TABLE bench_document AS SELECT row_number() OVER (ORDER BY document_key) AS n, id FROM policy_documents`,
    // s = 0 is the chapter itself.
    `CREATE TEMP TABLE bench_section AS
     SELECT d.n AS doc_n, d.id AS document_id, c, s, gen_random_uuid() AS id
       FROM bench_document d, generate_series(1, ${CHAPTERS}) c, generate_series(0, ${SECTIONS}) s`,
    `INSERT INTO document_sections (id, document_id, parent_id, label, heading, level, position, span_start, span_end)
     SELECT x.id, x.document_id, CASE WHEN x.s > 0 THEN p.id END,
            CASE WHEN x.s = 0 THEN (ARRAY['一、','二、','三、','四、'])[x.c]
                 ELSE '（' || (ARRAY['一','二','三','四','五'])[x.s] || '）' END,
            CASE WHEN x.s = 0 THEN (ARRAY['深化重点领域改革','优化营商环境','加强制度创新','强化组织保障'])[x.c]
                 ELSE '推进第' || x.s || '项专项行动' END,
            CASE WHEN x.s = 0 THEN 1 ELSE 2 END, CASE WHEN x.s = 0 THEN x.c ELSE x.s END, b.start, greatest(b.start, b.stop)
       FROM bench_section x
       JOIN bench_section p ON p.doc_n = x.doc_n AND p.c = x.c AND p.s = 0
       CROSS JOIN LATERAL (
         SELECT ${first(`CASE WHEN x.s = 0 THEN (x.c - 1) * ${SECTIONS} ELSE (x.c - 1) * ${SECTIONS} + x.s - 1 END`)} * 10 AS start,
                ${first(`CASE WHEN x.s = 0 THEN x.c * ${SECTIONS} ELSE (x.c - 1) * ${SECTIONS} + x.s END`)} * 10 - 1 AS stop) b`,
  );

  // Statuses (per mille): registered 50, assigned 50, acknowledged 100, in progress 530, completion
  // requested 30, completed 150, closed 40, suspended 30, cancelled 20. 3% ongoing (no deadline);
  // deadlines within a year: open tasks from 60 days ago (about one in six overdue), done ones from
  // 240 days ago; 6% of the open ones extended by 30–90 days. Handed over up to 300 days ago,
  // completed within the last 120 days. Lead agency n, n + 500, …; every third task a co-operating
  // agency drawn at random among the other 499.
  await step('task plan (temporary table)', [
    `CREATE TEMP TABLE bench_task AS
     WITH r AS (
       SELECT n, gen_random_uuid() AS id,
              abs(hashint4extended(n, 1)) % 1000 AS rs, abs(hashint4extended(n, 2)) % 1000 AS rd,
              abs(hashint4extended(n, 3)) % 1000 AS ra, abs(hashint4extended(n, 4)) % 1000 AS rc,
              abs(hashint4extended(n, 5)) % 1000 AS rx
         FROM generate_series(1, ${tasks}) n),
     s AS (
       SELECT r.*, (n - 1) / ${perDocument} + 1 AS doc_n, (n - 1) % ${perDocument} AS pos,
              (n - 1) % ${AGENCIES} + 1 AS lead_n,
              CASE WHEN n % 3 = 0 THEN ((n - 1) % ${AGENCIES} + 1 + abs(hashint4extended(n, 6)) % ${AGENCIES - 1}) % ${AGENCIES} + 1 END AS co_n,
              CASE WHEN rs < 50 THEN 'registered' WHEN rs < 100 THEN 'assigned' WHEN rs < 200 THEN 'acknowledged'
                   WHEN rs < 730 THEN 'in_progress' WHEN rs < 760 THEN 'completion_requested'
                   WHEN rs < 910 THEN 'completed' WHEN rs < 950 THEN 'closed' WHEN rs < 980 THEN 'suspended'
                   ELSE 'cancelled' END AS status,
              rx < 30 AS ongoing
         FROM r),
     d AS (
       SELECT s.*,
              CASE WHEN ongoing THEN NULL
                   WHEN status IN ('completed', 'closed') THEN $1::date + (rd % 365 - 240)::int
                   ELSE $1::date + (rd % 365 - 60)::int END AS deadline,
              CASE WHEN status IN ('completed', 'closed')
                   THEN $2::timestamptz - make_interval(days => (rc % 120)::int, mins => (ra % 1440)::int) END AS completed_at
         FROM s)
     SELECT d.*,
            CASE WHEN status IN ('assigned','acknowledged','in_progress','completion_requested') AND NOT ongoing
                      AND rx >= 30 AND rx < 90 THEN deadline + (30 + rx % 61)::int END AS extended,
            CASE WHEN status = 'registered' THEN NULL
                 WHEN status = 'assigned' THEN $2::timestamptz - make_interval(days => (1 + ra % 14)::int, mins => (rc % 1440)::int)
                 WHEN status = 'acknowledged' THEN $2::timestamptz - make_interval(days => (1 + ra % 60)::int, mins => (rc % 1440)::int)
                 WHEN completed_at IS NOT NULL THEN completed_at - make_interval(days => (60 + ra % 240)::int)
                 ELSE $2::timestamptz - make_interval(days => (1 + ra % 300)::int, mins => (rc % 1440)::int) END AS assigned_at
       FROM d`,
    [today, now],
  ]);
  await db.query('ANALYZE bench_task');

  const restore = await dropIndexes(db, ['tasks', 'task_assignments', 'task_reports']);
  mark = performance.now();

  await step(
    'tasks',
    `INSERT INTO tasks (id, document_id, section_id, source_key, printed_owners, number, title, text, span_start, span_end,
                        deadline_date, deadline_text, extended_deadline, ongoing, status, suspended_from,
                        assigned_at, completed_at, version)
     SELECT t.id, d.id, x.id, 'bench/' || t.n, '{"lead": [], "co": []}'::jsonb, (t.pos % 40 + 1)::text,
            '推进第' || t.n || '项改革试点任务',
            (ARRAY['围绕重点领域完善制度设计，形成可复制经验。','优化办事流程，提升服务效能。',
                   '健全工作机制，强化督促落实。'])[1 + t.n % 3],
            t.pos * 10, t.pos * 10 + 8,
            t.deadline, CASE WHEN t.ongoing THEN '持续推进' ELSE to_char(t.deadline, 'YYYY') || '年' || to_char(t.deadline, 'FMMM') || '月底前' END,
            t.extended, t.ongoing, t.status, CASE WHEN t.status = 'suspended' THEN 'in_progress' END,
            t.assigned_at, t.completed_at, 1
       FROM bench_task t
       JOIN bench_document d ON d.n = t.doc_n
       JOIN bench_section x ON x.doc_n = t.doc_n AND x.c = t.pos * ${parts} / ${perDocument} / ${SECTIONS} + 1
                           AND x.s = (t.pos * ${parts} / ${perDocument}) % ${SECTIONS} + 1`,
  );
  // One report per week for each task being worked (or completed since), handed over before the week:
  // 6% missing, 5% late (after the week), ratings 88% on track, 9% at risk, 3% off track; the
  // percent follows the time elapsed towards the deadline, give or take.
  await step('task reports', [
    `INSERT INTO task_reports (task_id, period, revision, agency_id, submitted_by, submitted_at, rating, percent, work_done, late)
     SELECT t.id, w.period, 1, a.id, o.id,
            CASE WHEN x.h % 100 < 11 THEN least(w.ends + make_interval(hours => (2 + x.h % 70)::int), $2::timestamptz - interval '1 minute')
                 ELSE w.starts + make_interval(days => 3, hours => (x.h % 48)::int) END,
            CASE WHEN x.h / 100 % 100 >= 97 THEN 'off_track' WHEN x.h / 100 % 100 >= 88 THEN 'at_risk' ELSE 'on_track' END,
            CASE WHEN coalesce(t.extended, t.deadline) IS NULL THEN (x.h / 100 % 101)::smallint
                 ELSE greatest(0, least(100,
                        round(100 * extract(epoch FROM w.ends - t.assigned_at)
                              / greatest(extract(epoch FROM (coalesce(t.extended, t.deadline) + 1)::timestamptz - t.assigned_at), 86400))
                        + x.h / 10000 % 36 - 15))::smallint END,
            '第' || w.i || '周：按计划推进试点任务，完成阶段性工作。',
            x.h % 100 < 11
       FROM bench_task t
       JOIN jsonb_to_recordset($1::jsonb) AS w(i int, period text, starts timestamptz, ends timestamptz)
         ON t.assigned_at < w.starts AND (t.completed_at IS NULL OR t.completed_at >= w.ends)
       CROSS JOIN LATERAL (SELECT abs(hashint4extended(t.n, 100 + w.i)) AS h) x
       JOIN bench_agency a ON a.n = t.lead_n
       JOIN bench_officer o ON o.n = t.lead_n
      WHERE t.status IN ('acknowledged','in_progress','completion_requested','completed','closed')
        AND x.h % 100 >= 6`,
    [JSON.stringify(weeks.map((w, i) => ({ i: i + 1, ...w }))), now],
  ]);
  await step('task assignments', [
    // The reports are in by now: each assignment carries its task's on-time weeks, as the triggers keep them.
    `WITH on_time AS (
       SELECT task_id, array_agg(period ORDER BY period) AS periods FROM task_reports
        WHERE revision = 1 AND submitted_at < report_week_end(period) GROUP BY task_id)
     INSERT INTO task_assignments (task_id, agency_id, role, internal_division, effective_deadline,
                                   task_status, task_assigned_at, task_completed_at, on_time_periods, created_at)
     SELECT t.id, a.id, 'lead', (ARRAY['综合处','改革处','法规处','规划处'])[1 + t.n % 4], coalesce(t.extended, t.deadline),
            t.status, t.assigned_at, t.completed_at, coalesce(o.periods, '{}'),
            coalesce(t.assigned_at, $1::timestamptz - interval '400 days')
       FROM bench_task t JOIN bench_agency a ON a.n = t.lead_n LEFT JOIN on_time o ON o.task_id = t.id
     UNION ALL
     SELECT t.id, a.id, 'co', NULL, coalesce(t.extended, t.deadline), t.status, t.assigned_at, t.completed_at,
            coalesce(o.periods, '{}'), coalesce(t.assigned_at, $1::timestamptz - interval '400 days')
       FROM bench_task t JOIN bench_agency a ON a.n = t.co_n LEFT JOIN on_time o ON o.task_id = t.id`,
    [now],
  ]);
  await step('extension requests (approved)', [
    `INSERT INTO extension_requests (task_id, agency_id, requested_by, requested_at, current_deadline, requested_deadline,
                                     reason, status, decided_by, decided_at, decision_comment)
     SELECT t.id, a.id, o.id, $1::timestamptz - make_interval(days => (3 + t.rx % 70)::int), t.deadline, t.extended,
            '任务涉及多个部门，申请延期。', 'approved', (SELECT id FROM users WHERE email = $2),
            $1::timestamptz - make_interval(days => (t.rx % 70)::int), '同意延期'
       FROM bench_task t JOIN bench_agency a ON a.n = t.lead_n JOIN bench_officer o ON o.n = t.lead_n
      WHERE t.extended IS NOT NULL`,
    [now, SUPERVISOR],
  ]);
  const indexBuilds = await restore();
  steps.push(['indexes of tasks, task_assignments, task_reports (built after the load)', performance.now() - mark]);
  mark = performance.now();

  // The lights as LightsService would set them now (warning-lights.ts, default rules): the same
  // facts, the same order of reasons; the nightly pass below re-checks every open task.
  await step('task lights (SQL, same rules)', [
    `INSERT INTO task_lights (task_id, light, reasons, since)
     SELECT f.id,
            CASE WHEN f.untracked THEN 'none' WHEN f.overdue OR f.off_track THEN 'red'
                 WHEN f.behind OR f.at_risk OR f.missing THEN 'yellow' WHEN f.near THEN 'blue' ELSE 'green' END,
            CASE WHEN f.untracked THEN ARRAY['not_tracked']
                 ELSE coalesce(nullif(array_remove(ARRAY[
                        CASE WHEN f.overdue THEN 'overdue' END, CASE WHEN f.off_track THEN 'self_rated_off_track' END,
                        CASE WHEN f.behind THEN 'behind_schedule' END, CASE WHEN f.at_risk THEN 'self_rated_at_risk' END,
                        CASE WHEN f.missing THEN 'report_missing' END, CASE WHEN f.near THEN 'deadline_near' END], NULL), '{}'),
                      ARRAY['on_track']) END,
            $2::timestamptz - make_interval(days => f.age)
       FROM (
         SELECT t.id, t.status IN ('completed','closed','cancelled','suspended') AS untracked,
                coalesce(d.deadline < $1::date, false) AS overdue,
                coalesce(d.deadline >= $1::date AND d.deadline < $3::date, false) AS near,
                coalesce(t.status <> 'registered' AND latest.rating = 'off_track', false) AS off_track,
                coalesce(t.status <> 'registered' AND latest.rating = 'at_risk', false) AS at_risk,
                coalesce(t.status IN ('acknowledged','in_progress','completion_requested')
                         AND (CASE WHEN d.deadline - d.assigned_on <= 0 OR $1::date >= d.deadline THEN 1000
                                   WHEN $1::date - d.assigned_on <= 0 THEN 0
                                   ELSE round(($1::date - d.assigned_on) * 1000.0 / (d.deadline - d.assigned_on)) END)
                             - latest.percent * 10 > $4::int * 10, false) AS behind,
                coalesce(t.status IN ('acknowledged','in_progress') AND d.assigned_on < $5::date
                         AND NOT EXISTS (SELECT 1 FROM task_reports r WHERE r.task_id = t.id AND r.period = $6), false) AS missing,
                (abs(hashint4extended(t.span_start, 7)) % 30)::int AS age
           FROM tasks t
           CROSS JOIN LATERAL (SELECT coalesce(t.extended_deadline, t.deadline_date) AS deadline,
                                      (t.assigned_at AT TIME ZONE 'Asia/Shanghai')::date AS assigned_on) d
           LEFT JOIN LATERAL (SELECT r.percent, r.rating FROM task_reports r WHERE r.task_id = t.id
                               ORDER BY r.period DESC, r.revision DESC LIMIT 1) latest ON true) f
      ORDER BY f.id`,
    [today, now, nearBefore, tolerance, lastWeekStart, lastWeek.period],
  ]);
  await db.query(`RESET session_replication_role`);
  // VACUUM too: tables this size have been vacuumed by autovacuum in steady state (visibility map, hint bits).
  await step('VACUUM ANALYZE', 'VACUUM ANALYZE');

  const { rows: agencyRows } = await db.query<{ id: string }>('SELECT id FROM bench_agency ORDER BY n');
  const { rows: counts } = await db.query<{ tasks: number; reports: number }>(
    `SELECT (SELECT count(*) FROM tasks)::int AS tasks, (SELECT count(*) FROM task_reports)::int AS reports`,
  );
  return { agencyIds: agencyRows.map((r) => r.id), ...counts[0], steps, indexBuilds };
}

/** What the skipped triggers and foreign keys would have guaranteed. */
async function checkGenerated(db: pg.Client): Promise<Check> {
  const { rows } = await db.query<{ stale: number; orphans: number; leads: number }>(`
    SELECT (SELECT count(*) FROM task_assignments a JOIN tasks t ON t.id = a.task_id
              LEFT JOIN (SELECT task_id, array_agg(period ORDER BY period) AS periods FROM task_reports
                          WHERE revision = 1 AND submitted_at < report_week_end(period) GROUP BY task_id) o ON o.task_id = t.id
             WHERE a.effective_deadline IS DISTINCT FROM coalesce(t.extended_deadline, t.deadline_date)
                OR a.task_status IS DISTINCT FROM t.status OR a.task_assigned_at IS DISTINCT FROM t.assigned_at
                OR a.task_completed_at IS DISTINCT FROM t.completed_at
                OR a.on_time_periods <> coalesce(o.periods, '{}'))::int AS stale,
           ((SELECT count(*) FROM task_reports r WHERE NOT EXISTS (SELECT 1 FROM tasks t WHERE t.id = r.task_id))
            + (SELECT count(*) FROM task_lights l WHERE NOT EXISTS (SELECT 1 FROM tasks t WHERE t.id = l.task_id))
            + (SELECT count(*) FROM tasks t WHERE NOT EXISTS (SELECT 1 FROM document_sections s WHERE s.id = t.section_id)))::int AS orphans,
           (SELECT count(*) FROM (SELECT t.id FROM tasks t LEFT JOIN task_assignments a ON a.task_id = t.id AND a.role = 'lead'
                                   GROUP BY t.id HAVING count(a.id) <> 1) x)::int AS leads`);
  const { stale, orphans, leads } = rows[0];
  return {
    name: 'generated data as triggers and foreign keys would keep it',
    ok: stale + orphans + leads === 0,
    detail: `${stale} assignments with stale task facts (deadline, status, dates, on-time weeks), ${orphans} rows without their parent, ${leads} tasks without exactly one lead`,
  };
}

// ---------------------------------------------------------------------------
// Measuring

const fmt = (value: number, digits = 0) => value.toLocaleString('en-US', { maximumFractionDigits: digits });
const secondsOf = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
const mb = (bytes: number) => bytes / 1024 / 1024;

async function timed<T>(work: () => Promise<T>): Promise<{ ms: number; result: T }> {
  const started = performance.now();
  const result = await work();
  return { ms: performance.now() - started, result };
}

/** Compiles the API as `npm start` does, for the ledger downloads from its own process. */
function buildApi(): void {
  const result = spawnSync(process.execPath, ['node_modules/typescript/bin/tsc', '-p', 'tsconfig.build.json'], {
    stdio: 'inherit',
  });
  if (result.status !== 0) throw new Error(`tsc -p tsconfig.build.json failed (exit ${result.status})`);
}

async function explain(db: pg.Client, query: TimedQuery): Promise<string[]> {
  const { rows } = await db.query<{ 'QUERY PLAN': string }>(`EXPLAIN (ANALYZE, BUFFERS) ${query.text}`, query.values);
  return rows.map((r) => r['QUERY PLAN']);
}

/** The bare per-agency route: the service's statement on a pg pool behind Fastify, no Nest, no auth. */
async function startBaselineAgencyServer(databaseUrl: string, statement: TimedQuery) {
  const pool = new pg.Pool({ connectionString: databaseUrl, max: POOL_SIZE, options: '-c jit=off' });
  const app = Fastify({ logger: false });
  app.get<{ Params: { id: string } }>('/agencies/:id', async (request) => {
    const values = [...statement.values];
    values[1] = request.params.id;
    const { rows } = await pool.query(statement.text, values);
    return rows[0];
  });
  const url = await app.listen({ port: 0, host: '127.0.0.1' });
  return {
    url,
    close: async () => {
      await app.close();
      await pool.end();
    },
  };
}

function latencyRow(label: string, latency: Latency): string {
  const n = (v: number) => v.toFixed(1).padStart(8);
  return `${label.padEnd(44)} ${n(latency.p50)} ${n(latency.p90)} ${n(latency.p99)} ${n(latency.max)} ${latency.perSecond.toFixed(0).padStart(7)} ${String(latency.count).padStart(8)}`;
}

function statuses(counts: Record<string, number>): string {
  return (
    Object.entries(counts)
      .map(([status, n]) => `${status}×${n}`)
      .join(' ') || '-'
  );
}

// ---------------------------------------------------------------------------
// Main

async function main(): Promise<number> {
  const tasks = Number(process.argv.slice(2).find((arg) => !arg.startsWith('--')) ?? 1_000_000);
  const dataOnly = process.argv.includes(DATA_ONLY);
  if (!Number.isInteger(tasks) || tasks < DOCUMENTS) throw new Error(`tasks must be an integer ≥ ${DOCUMENTS}`);
  compileProjectWithSwc();
  const { startBenchServices } = await import('./services.js');
  const { hashPassword } = await import('../libs/core/src/users/password.js');
  const { CLOCK } = await import('../libs/core/src/clock.js');
  const { periodBounds, shanghaiDate } = await import('../libs/core/src/tasks/deadlines.js');
  const { addWorkingDays } = await import('../libs/core/src/calendar/working-days.js');
  const { DEFAULT_LIGHT_RULES } = await import('../libs/core/src/reports/warning-lights.js');
  const { ReportsService, closedWeeks, reportWeek } = await import('../libs/core/src/reports/reports.service.js');
  const { SnapshotService } = await import('../libs/core/src/reports/snapshot.service.js');
  const { LightsService } = await import('../libs/core/src/reports/lights.service.js');

  // Everything is generated relative to this instant, and the API's clock stays on it.
  const now = new Date();
  const today = shanghaiDate(now);
  const weeks = closedWeeks(now, WEEKS);
  const checks: Check[] = [];
  const cleanups: Array<() => Promise<unknown>> = [];
  const scratch = mkdtempSync(path.join(os.tmpdir(), 'bench-reports-'));
  cleanups.push(async () => rmSync(scratch, { recursive: true, force: true }));
  try {
    const { databaseUrl, redisUrl, db } = await startBenchServices(cleanups, { keepPostgres: dataOnly });
    console.log(`PostgreSQL at ${databaseUrl}`);

    // -- Data ---------------------------------------------------------------
    const started = performance.now();
    const data = await generateData(db, tasks, now, weeks, await hashPassword(PASSWORD), {
      today,
      nearBefore: addWorkingDays(today, DEFAULT_LIGHT_RULES.nearDeadlineWorkingDays + 1),
      tolerance: DEFAULT_LIGHT_RULES.behindScheduleTolerance,
      // The week whose report the lights expect (LightsService: reportingPeriod of a week ago).
      lastWeekStart: periodBounds(weeks[WEEKS - 1].period).start,
    });
    const generationMs = performance.now() - started;
    console.log(
      `generated ${fmt(data.tasks)} tasks, ${AGENCIES} agencies, ${DOCUMENTS} documents, ${fmt(data.reports)} reports ` +
        `(${weeks[0].period}…${weeks[WEEKS - 1].period}) in ${secondsOf(generationMs)}; now = ${now.toISOString()}`,
    );
    for (const [label, ms] of data.steps) console.log(`  ${label.padEnd(72)} ${secondsOf(ms).padStart(9)}`);
    console.log(`  index builds: ${data.indexBuilds.map((b) => `${b.name} ${(b.ms / 1000).toFixed(1)} s`).join(', ')}`);
    const { rows: sizes } = await db.query<{ relname: string; size: string }>(
      `SELECT relname, pg_size_pretty(pg_total_relation_size(oid)) AS size FROM pg_class
        WHERE relname IN ('tasks','task_assignments','task_reports','task_lights') ORDER BY relname`,
    );
    console.log(`  sizes with indexes: ${sizes.map((s) => `${s.relname} ${s.size}`).join(', ')}`);
    checks.push(await checkGenerated(db));
    if (dataOnly) {
      // Leave PostgreSQL running with the data, for EXPLAIN in psql; stop it with `pg_ctl stop -D <dir>`.
      console.log(`${checks[0].ok ? 'PASS' : 'FAIL'} ${checks[0].detail}; PostgreSQL left running at ${databaseUrl}`);
      return checks[0].ok ? 0 : 1;
    }

    // -- The API --------------------------------------------------------------
    const api = await startApi(databaseUrl, redisUrl, POOL_SIZE);
    cleanups.push(() => api.app.close());
    api.app.get<{ now: () => Date }>(CLOCK).now = () => now;
    const token = await signIn(api.url, SUPERVISOR, PASSWORD);
    const headers = { authorization: `Bearer ${token}` };
    const office: AuthUser = { id: 'bench', email: SUPERVISOR, role: 'supervisor', agencyId: null };
    const reports = api.app.get(ReportsService);
    const snapshots = api.app.get(SnapshotService);
    console.log(`API at ${api.url} (pool ${POOL_SIZE}); supervisor signed in`);

    // -- 1. The nightly lights pass --------------------------------------------
    const { rows: lightsBefore } = await db.query<{ light: string; n: number }>(
      `SELECT light, count(*)::int AS n FROM task_lights GROUP BY light ORDER BY light`,
    );
    const nightly = await timed(() => api.app.get(LightsService).refreshAll());
    console.log(
      `\n1. lights: refreshAll re-evaluated ${fmt(nightly.result.tasks)} tasks in ${secondsOf(nightly.ms)} ` +
        `(${fmt(nightly.result.tasks / (nightly.ms / 1000))} tasks/s), ${nightly.result.changed} lights changed; ` +
        `lights: ${lightsBefore.map((l) => `${l.light} ${fmt(l.n)}`).join(', ')}`,
    );

    // -- 2. The weekly snapshot --------------------------------------------------
    const period = snapshots.lastClosedPeriod();
    const week = reportWeek(period);
    const snapshotMs: number[] = [];
    let snapshot: Awaited<ReturnType<typeof snapshots.build>> | undefined;
    for (let i = 0; i < SNAPSHOT_RUNS; i++) {
      const run = await timed(() => snapshots.build(period, { rebuild: true }));
      snapshotMs.push(run.ms);
      snapshot = run.result;
    }
    if (!snapshot) throw new Error('no snapshot built');
    const profiled = await timeQueries(() => snapshots.build(period, { rebuild: true }));
    const aggregateMs: number[] = [];
    let byStatus: Array<{ status: string; n: number }> = [];
    for (let i = 0; i < AGGREGATE_RUNS; i++) {
      const run = await timed(async () => {
        byStatus = (await db.query('SELECT status, count(*)::int AS n FROM tasks GROUP BY status')).rows;
        await db.query('SELECT light, count(*)::int AS n FROM task_lights GROUP BY light');
      });
      aggregateMs.push(run.ms);
    }
    const snap = spread(snapshotMs);
    const floor = spread(aggregateMs);
    console.log(`\n2. weekly snapshot of ${period} (build with rebuild, ${SNAPSHOT_RUNS} runs, the first one cold):`);
    console.log(
      `   SnapshotService.build: min ${secondsOf(snap.min)}, median ${secondsOf(snap.median)}, max ${secondsOf(snap.max)}`,
    );
    console.log(
      `   bare aggregates (tasks by status + lights by light): min ${floor.min.toFixed(0)} ms, median ${floor.median.toFixed(0)} ms`,
    );
    console.log(
      `   snapshot / aggregates (median): ${(snap.median / floor.median).toFixed(1)}x; target < ${SNAPSHOT_TARGET_MS / 1000} s: ` +
        `${snap.median < SNAPSHOT_TARGET_MS ? 'met' : 'MISSED'} (median ${secondsOf(snap.median)})`,
    );
    const profiledTotal = profiled.queries.reduce((sum, q) => sum + q.ms, 0);
    console.log(
      `   statements of one build (${profiled.queries.length}, ${secondsOf(profiledTotal)} in all), slowest first:`,
    );
    for (const query of [...profiled.queries].sort((a, b) => b.ms - a.ms).slice(0, 8)) {
      console.log(`   ${query.ms.toFixed(0).padStart(7)} ms  ${oneLine(query.text)}`);
    }
    const slowest = [...profiled.queries].sort((a, b) => b.ms - a.ms)[0];
    console.log(`   EXPLAIN (ANALYZE, BUFFERS) of the slowest:`);
    for (const line of await explain(db, slowest)) console.log(`     ${line}`);
    checks.push(...(await checkSnapshot(db, snapshot.data, { byStatus, week })));

    // -- 3. The per-agency roll-up -------------------------------------------------
    const agencyStatement = (await timeQueries(() => reports.agencies(office, data.agencyIds[0]))).queries.find((q) =>
      q.text.includes('on_time_periods'),
    );
    if (!agencyStatement) throw new Error('the per-agency statement was not seen');
    const paths = shuffle(data.agencyIds).map((id) => `/api/reports/agencies/${id}`);
    const apiJob: AgencyLoadJob = {
      url: api.url,
      paths,
      headers,
      connections: AGENCY_CONNECTIONS,
      seconds: AGENCY_SECONDS,
    };
    const load = (job: AgencyLoadJob) =>
      runInChild<AgencyLoadJob, AgencyLoadResult>(import.meta.url, AGENCY_CLIENT, job);
    console.log(
      `\n3. per-agency roll-up: ${AGENCY_CONNECTIONS} connections, ${AGENCY_SECONDS} s per run, ${AGENCY_RUNS} runs each, ` +
        `cycling over ${paths.length} agencies (warm-up ${WARM_UP_SECONDS} s each, not counted)`,
    );
    await load({ ...apiJob, seconds: WARM_UP_SECONDS });
    const apiRuns: AgencyLoadResult[] = [];
    for (let i = 0; i < AGENCY_RUNS; i++) apiRuns.push(await load(apiJob));
    const baseline = await startBaselineAgencyServer(databaseUrl, agencyStatement);
    cleanups.push(() => baseline.close());
    const baseJob: AgencyLoadJob = { ...apiJob, url: baseline.url, headers: {}, paths: paths.map((p) => p.slice(12)) };
    await load({ ...baseJob, seconds: WARM_UP_SECONDS });
    const baseRuns: AgencyLoadResult[] = [];
    for (let i = 0; i < AGENCY_RUNS; i++) baseRuns.push(await load(baseJob));
    await baseline.close();
    cleanups.pop();
    // The statement alone, in turn on one connection: as the API's connections run it (JIT on, the
    // PostgreSQL default), then with JIT off, since its cost estimate is what decides.
    const sqlAlone = async () => {
      const ms: number[] = [];
      for (let i = 0; i < AGENCY_SQL_RUNS; i++) {
        const values = [...agencyStatement.values];
        values[1] = data.agencyIds[(i * 7) % data.agencyIds.length];
        ms.push((await timed(() => db.query(agencyStatement.text, values))).ms);
      }
      return summarise(ms, ms.reduce((a, b) => a + b, 0) / 1000);
    };
    const sqlJit = await sqlAlone();
    await db.query('SET jit = off');
    const sqlNoJit = await sqlAlone();
    await db.query('RESET jit');
    console.log(
      `   ${'latency in ms'.padEnd(44)} ${'p50'.padStart(8)} ${'p90'.padStart(8)} ${'p99'.padStart(8)} ${'max'.padStart(8)} ${'req/s'.padStart(7)} ${'requests'.padStart(8)}`,
    );
    baseRuns.forEach((run, i) =>
      console.log(`   ${latencyRow(`baseline (Fastify + pg, same SQL) run ${i + 1}`, run.latency)}`),
    );
    apiRuns.forEach((run, i) =>
      console.log(`   ${latencyRow(`API GET /api/reports/agencies/:id run ${i + 1}`, run.latency)}`),
    );
    console.log(`   ${latencyRow('the statement alone, one connection', sqlJit)}`);
    console.log(`   ${latencyRow('the statement alone, one connection, JIT off', sqlNoJit)}`);
    const apiP99 = Math.max(...apiRuns.map((r) => r.latency.p99));
    const baseP99 = Math.max(...baseRuns.map((r) => r.latency.p99));
    const apiRate = apiRuns.reduce((s, r) => s + r.latency.perSecond, 0) / apiRuns.length;
    const baseRate = baseRuns.reduce((s, r) => s + r.latency.perSecond, 0) / baseRuns.length;
    console.log(
      `   API / baseline: p99 ${(apiP99 / baseP99).toFixed(1)}x, req/s ${(apiRate / baseRate).toFixed(2)}x; ` +
        `target p99 < ${AGENCY_P99_TARGET_MS} ms: ${apiP99 < AGENCY_P99_TARGET_MS ? 'met' : 'MISSED'} (worst run ${apiP99.toFixed(0)} ms)`,
    );
    console.log(
      `   statuses: API ${apiRuns.map((r) => statuses(r.statuses)).join(' / ')}; baseline ${baseRuns.map((r) => statuses(r.statuses)).join(' / ')}`,
    );
    console.log(`   EXPLAIN (ANALYZE, BUFFERS) of the per-agency statement for one agency:`);
    for (const line of await explain(db, agencyStatement)) console.log(`     ${line}`);
    checks.push(...(await checkAgencies(api.url, headers, db, data.agencyIds.slice(0, 10), agencyStatement)));

    // All agencies and the league table.
    const allStatement = {
      ...agencyStatement,
      values: agencyStatement.values.map((value, i) => (i === 1 ? null : value)),
    };
    const allMs: Record<string, number[]> = { agencies: [], league: [], sql: [], sqlNoJit: [] };
    const allStatuses: Record<string, number> = {};
    // Once each: at 1,000,000 tasks each takes tens of seconds.
    for (const name of ['agencies', 'league'] as const) {
      const run = await timed(async () => {
        const response = await fetch(`${api.url}/api/reports/${name}`, { headers });
        await response.arrayBuffer();
        return response.status;
      });
      allMs[name].push(run.ms);
      allStatuses[run.result] = (allStatuses[run.result] ?? 0) + 1;
    }
    allMs.sql.push((await timed(() => db.query(allStatement.text, allStatement.values))).ms);
    await db.query('SET jit = off');
    allMs.sqlNoJit.push((await timed(() => db.query(allStatement.text, allStatement.values))).ms);
    await db.query('RESET jit');
    const list = (values: number[]) => values.map((v) => v.toFixed(0)).join(', ');
    console.log(
      `   all ${AGENCIES} agencies: GET /api/reports/agencies ${list(allMs.agencies)} ms; GET /api/reports/league ` +
        `${list(allMs.league)} ms; the statement alone ${list(allMs.sql)} ms, with JIT off ${list(allMs.sqlNoJit)} ms ` +
        `(statuses ${statuses(allStatuses)})`,
    );

    // -- 4. The ledger ------------------------------------------------------------
    // Downloaded from the compiled API in a process of its own, started as `npm start` starts it,
    // so that the memory measured is the API's alone (this process also holds tsx, the SWC hook
    // and the bench). The statements of the first batches are taken from the service in this
    // process, for EXPLAIN and for the floor.
    const ledgerSeen = await timeQueries(async () => {
      let rows = 0;
      try {
        for await (const row of reports.ledgerRows(office)) if (row && ++rows >= FLOOR_STATEMENTS * 1_000) break;
        return null;
      } catch (error) {
        return error as Error;
      }
    });
    if (ledgerSeen.result) {
      checks.push({ name: 'the ledger statement runs', ok: false, detail: ledgerSeen.result.message });
    }
    const ledgerQueries = ledgerSeen.queries.filter((q) => q.text.includes('latest_progress'));
    const build = await timed(async () => buildApi());
    const apiProcess = await startApiProcess(databaseUrl, redisUrl, POOL_SIZE);
    cleanups.push(() => apiProcess.stop());
    const processHeaders = { authorization: `Bearer ${await signIn(apiProcess.url, SUPERVISOR, PASSWORD)}` };
    const idle = processMemory(apiProcess.pid);
    console.log(
      `\n4. ledger of ${fmt(data.tasks)} tasks from the compiled API in its own process (${NODE_FLAGS.api.join(' ')}; ` +
        `built in ${secondsOf(build.ms)}), downloaded by a child process; the API process's RSS sampled every ` +
        `${RSS_EVERY_MS} ms (idle after start: ${mb(idle.rss).toFixed(0)} MB)`,
    );
    console.log(
      `   ${'download'.padEnd(24)} ${'bytes'.padStart(13)} ${'time'.padStart(8)} ${'rows/s'.padStart(7)} ${'1st byte'.padStart(8)} ${'RSS before'.padStart(11)} ${'RSS peak'.padStart(9)}`,
    );
    const ledgerRuns: Array<{ kind: string; result: LedgerResult; rssBefore: number; rssPeak: number }> = [];
    for (const kind of ['csv', 'xlsx'] as const) {
      for (let i = 0; i < LEDGER_RUNS[kind]; i++) {
        const job: LedgerJob = {
          url: `${apiProcess.url}/api/reports/ledger.${kind}`,
          headers: processHeaders,
          kind,
          file: path.join(scratch, `ledger-${i}.${kind}`),
        };
        const rssBefore = processMemory(apiProcess.pid).rss;
        let rssPeak = rssBefore;
        const timer = setInterval(() => (rssPeak = Math.max(rssPeak, processMemory(apiProcess.pid).rss)), RSS_EVERY_MS);
        const result = await runInChild<LedgerJob, LedgerResult>(import.meta.url, LEDGER_CLIENT, job).finally(() =>
          clearInterval(timer),
        );
        ledgerRuns.push({ kind, result, rssBefore, rssPeak });
        console.log(
          `   ${`GET ledger.${kind} run ${i + 1}`.padEnd(24)} ${fmt(result.bytes).padStart(13)} ${`${result.seconds.toFixed(1)} s`.padStart(8)} ` +
            `${fmt(result.rows / result.seconds).padStart(7)} ${`${result.firstByteMs.toFixed(0)} ms`.padStart(8)} ` +
            `${`${mb(rssBefore).toFixed(0)} MB`.padStart(11)} ${`${mb(rssPeak).toFixed(0)} MB`.padStart(9)}` +
            `${result.error ? `  error: ${result.error.slice(0, 200)}` : ''}`,
        );
      }
    }
    const highWater = processMemory(apiProcess.pid).peak;
    await apiProcess.stop();
    cleanups.pop();
    // The floor: the same statements, replayed one after another on a bare pg connection with the
    // app's connection settings (JIT off).
    await db.query('SET jit = off');
    const floorRun = await timed(async () => {
      let rows = 0;
      for (const query of ledgerQueries) rows += (await db.query(query.text, query.values)).rowCount ?? 0;
      return rows;
    });
    await db.query('RESET jit');
    const floorRate = floorRun.result / (floorRun.ms / 1000);
    console.log(
      `   ${'floor: same SQL, bare pg'.padEnd(24)} ${'-'.padStart(13)} ${`${(floorRun.ms / 1000).toFixed(1)} s`.padStart(8)} ` +
        `${fmt(floorRate).padStart(7)}`,
    );
    console.log(
      `   the floor replays the service's first ${fmt(ledgerQueries.length)} batch statements (${fmt(floorRun.result)} rows)`,
    );
    const peakRss = Math.max(highWater, ...ledgerRuns.map((r) => r.rssPeak));
    const rate = (kind: string) =>
      spread(ledgerRuns.filter((r) => r.kind === kind).map((r) => r.result.rows / r.result.seconds)).median;
    console.log(
      `   rows/s against the floor: csv ${(rate('csv') / floorRate).toFixed(2)}x, xlsx ${(rate('xlsx') / floorRate).toFixed(2)}x; ` +
        `peak RSS of the API process (VmHWM, start-up included) ${mb(highWater).toFixed(0)} MB; ` +
        `target peak RSS < ${RSS_TARGET_MB} MB: ${mb(peakRss) < RSS_TARGET_MB ? 'met' : 'MISSED'} (${mb(peakRss).toFixed(0)} MB)`,
    );
    if (ledgerQueries[0]) {
      console.log(`   EXPLAIN (ANALYZE, BUFFERS) of one ledger batch (the first 1,000 rows):`);
      for (const line of await explain(db, ledgerQueries[0])) console.log(`     ${line}`);
    }
    for (const run of ledgerRuns) {
      checks.push({
        name: `ledger.${run.kind}: 200, one row per task`,
        ok: run.result.status === 200 && !run.result.error && run.result.rows === data.tasks,
        detail: `status ${run.result.status}, ${fmt(run.result.rows)} rows of ${fmt(data.tasks)} tasks${run.kind === 'csv' ? `, ${run.result.columns} columns` : ''}${run.result.error ? `, ${run.result.error.slice(0, 120)}` : ''}`,
      });
    }

    // -- Checks -------------------------------------------------------------------
    const answered = [...apiRuns, ...baseRuns];
    const nonOk = apiRuns.reduce(
      (n, r) => n + Object.entries(r.statuses).reduce((m, [s, c]) => (s === '200' ? m : m + c), 0),
      0,
    );
    checks.push({
      name: 'per-agency endpoint answered 200 only',
      ok: nonOk === 0 && apiRuns.every((r) => r.errors === 0 && r.timeouts === 0 && r.latency.count > 0),
      detail: `${apiRuns.map((r) => statuses(r.statuses)).join(' / ')}; ${apiRuns.reduce((n, r) => n + r.errors + r.timeouts, 0)} errors or time-outs`,
    });
    const serverErrors =
      answered.reduce(
        (n, r) => n + Object.entries(r.statuses).reduce((m, [s, c]) => (Number(s) >= 500 ? m + c : m), 0),
        0,
      ) +
      Object.entries(allStatuses).reduce((m, [s, c]) => (Number(s) >= 500 ? m + c : m), 0) +
      ledgerRuns.filter((r) => r.result.status >= 500).length;
    checks.push({ name: 'no 5xx', ok: serverErrors === 0, detail: `${serverErrors} responses 5xx` });
    console.log(`\ngeneration ${secondsOf(generationMs)}; whole run ${secondsOf(performance.now() - started)}\n`);
    for (const check of checks) console.log(`${check.ok ? 'PASS' : 'FAIL'} ${check.name} (${check.detail})`);
    return checks.every((c) => c.ok) ? 0 : 1;
  } finally {
    for (const cleanup of cleanups.reverse()) await cleanup().catch((error: unknown) => console.error(error));
  }
}

function shuffle<T>(items: T[]): T[] {
  const copy = [...items];
  for (let i = copy.length - 1; i > 0; i--) {
    const j = Math.floor(Math.random() * (i + 1));
    [copy[i], copy[j]] = [copy[j], copy[i]];
  }
  return copy;
}

interface SnapshotFigures {
  totals: { tasks: number; byStatus: Record<string, number>; byLight: Record<string, number>; overdue: number };
  changes: Record<'newlyCompleted' | 'newlyOverdue' | 'missingReports', { total: number }>;
  agencies: Array<{ lead: number; reportsDue: number; reportsOnTime: number }>;
  documents: Array<{ tasks: number }>;
}

/** The snapshot's figures against counts taken straight from the tables. */
async function checkSnapshot(
  db: pg.Client,
  data: SnapshotFigures,
  direct: { byStatus: Array<{ status: string; n: number }>; week: Week },
): Promise<Check[]> {
  const { week } = direct;
  const { start, end } = { start: week.starts, end: week.ends };
  const { rows } = await db.query<{
    overdue: number;
    completed: number;
    newly_overdue: number;
    missing: number;
    due: number;
    on_time: number;
  }>(
    `WITH bounds AS (SELECT ($2::timestamptz AT TIME ZONE 'Asia/Shanghai')::date AS next_monday,
                            ($1::timestamptz AT TIME ZONE 'Asia/Shanghai')::date AS monday),
          working AS (SELECT t.id FROM tasks t
                       WHERE t.status IN ('acknowledged','in_progress','completion_requested','completed','closed')
                         AND t.assigned_at < $1 AND (t.completed_at IS NULL OR t.completed_at >= $2))
     SELECT (SELECT count(*) FROM tasks t, bounds b WHERE t.status IN ('registered','assigned','acknowledged','in_progress','completion_requested')
               AND coalesce(t.extended_deadline, t.deadline_date) < b.next_monday)::int AS overdue,
            (SELECT count(*) FROM tasks t WHERE t.completed_at >= $1 AND t.completed_at < $2)::int AS completed,
            (SELECT count(*) FROM tasks t, bounds b WHERE t.status IN ('registered','assigned','acknowledged','in_progress','completion_requested')
               AND coalesce(t.extended_deadline, t.deadline_date) BETWEEN b.monday AND b.next_monday - 1)::int AS newly_overdue,
            (SELECT count(*) FROM tasks t WHERE t.status IN ('acknowledged','in_progress') AND t.assigned_at < $1)::int
              - (SELECT count(DISTINCT r.task_id) FROM task_reports r JOIN tasks t ON t.id = r.task_id
                  WHERE r.period = $3 AND r.submitted_at < $2
                    AND t.status IN ('acknowledged','in_progress') AND t.assigned_at < $1)::int AS missing,
            (SELECT count(*) FROM working)::int AS due,
            (SELECT count(DISTINCT r.task_id) FROM task_reports r JOIN working w ON w.id = r.task_id
              WHERE r.period = $3 AND r.submitted_at < $2)::int AS on_time`,
    [start, end, week.period],
  );
  const sql = rows[0];
  const statusOf = Object.fromEntries(direct.byStatus.map((r) => [r.status, r.n]));
  // Cancelled tasks count nowhere in the roll-ups, their lights included.
  const { rows: lights } = await db.query<{ light: string; n: number }>(
    `SELECT l.light, count(*)::int AS n FROM task_lights l JOIN tasks t ON t.id = l.task_id
      WHERE t.status <> 'cancelled' GROUP BY l.light`,
  );
  const lightOf = Object.fromEntries(lights.map((r) => [r.light, r.n]));
  const tasks = direct.byStatus.reduce((n, r) => n + r.n, 0) - (statusOf.cancelled ?? 0);
  const differ = (figures: Record<string, number>, expected: Record<string, number>) =>
    Object.keys({ ...figures, ...expected })
      .filter((k) => (figures[k] ?? 0) !== (expected[k] ?? 0))
      .map((k) => `${k}: ${figures[k] ?? 0} ≠ ${expected[k] ?? 0}`);
  const totals = differ(
    { tasks: data.totals.tasks, overdue: data.totals.overdue, ...data.totals.byStatus, ...data.totals.byLight },
    { tasks, overdue: sql.overdue, ...statusOf, ...lightOf },
  );
  const changes = differ(
    {
      newlyCompleted: data.changes.newlyCompleted.total,
      newlyOverdue: data.changes.newlyOverdue.total,
      missingReports: data.changes.missingReports.total,
    },
    { newlyCompleted: sql.completed, newlyOverdue: sql.newly_overdue, missingReports: sql.missing },
  );
  const sum = (values: number[]) => values.reduce((a, b) => a + b, 0);
  const rollups = differ(
    {
      'documents tasks': sum(data.documents.map((d) => d.tasks)),
      'agencies lead': sum(data.agencies.map((a) => a.lead)),
      'agencies reportsDue': sum(data.agencies.map((a) => a.reportsDue)),
      'agencies reportsOnTime': sum(data.agencies.map((a) => a.reportsOnTime)),
    },
    {
      'documents tasks': tasks,
      'agencies lead': tasks,
      'agencies reportsDue': sql.due,
      'agencies reportsOnTime': sql.on_time,
    },
  );
  return [
    {
      name: 'snapshot totals = direct SQL counts (tasks, by status, by light, overdue)',
      ok: totals.length === 0,
      detail: totals.length ? totals.join('; ') : `${data.totals.tasks} tasks, ${data.totals.overdue} overdue`,
    },
    {
      name: "snapshot's week = direct SQL (newly completed, newly overdue, missing reports)",
      ok: changes.length === 0,
      detail: changes.length
        ? changes.join('; ')
        : `${sql.completed} completed, ${sql.newly_overdue} newly overdue, ${sql.missing} reports missing`,
    },
    {
      name: "snapshot's documents and agencies add up (tasks, leads, reports due and on time)",
      ok: rollups.length === 0,
      detail: rollups.length ? rollups.join('; ') : `${sql.due} reports due, ${sql.on_time} on time`,
    },
  ];
}

/** The endpoint's figures for a few agencies against counts taken straight from the tables. */
async function checkAgencies(
  apiUrl: string,
  headers: Record<string, string>,
  db: pg.Client,
  agencyIds: string[],
  statement: TimedQuery,
): Promise<Check[]> {
  const [today] = statement.values as [string];
  const mismatches: string[] = [];
  for (const id of agencyIds) {
    const response = await fetch(`${apiUrl}/api/reports/agencies/${id}`, { headers });
    const body = (await response.json()) as { lead: number; co: number; overdue: number; agencyId: string };
    const { rows } = await db.query<{ lead: number; co: number; overdue: number }>(
      `SELECT count(*) FILTER (WHERE a.role = 'lead' AND t.status <> 'cancelled')::int AS lead,
              count(*) FILTER (WHERE a.role = 'co' AND t.status <> 'cancelled')::int AS co,
              count(*) FILTER (WHERE a.role = 'lead' AND t.status IN ('registered','assigned','acknowledged','in_progress','completion_requested')
                                 AND coalesce(t.extended_deadline, t.deadline_date) < $2::date)::int AS overdue
         FROM task_assignments a JOIN tasks t ON t.id = a.task_id WHERE a.agency_id = $1`,
      [id, today],
    );
    const expected = rows[0];
    if (
      response.status !== 200 ||
      body.agencyId !== id ||
      body.lead !== expected.lead ||
      body.co !== expected.co ||
      body.overdue !== expected.overdue
    ) {
      mismatches.push(`${id}: ${response.status} ${JSON.stringify(body)} vs ${JSON.stringify(expected)}`);
    }
  }
  return [
    {
      name: `per-agency figures = direct SQL (lead, co, overdue; ${agencyIds.length} agencies)`,
      ok: mismatches.length === 0,
      detail: mismatches.length ? mismatches.slice(0, 2).join('; ') : 'all equal',
    },
  ];
}

if (process.argv[2] === AGENCY_CLIENT) serveChild(runAgencyLoad);
else if (process.argv[2] === LEDGER_CLIENT) serveChild(downloadLedger);
else process.exitCode = await main();
