/**
 * Load on the API as agency officers use it: each connection is one officer of
 * one agency listing the agency's tasks (GET /api/tasks?pageSize=20&sort=deadline)
 * and sending weekly reports on tasks the agency leads (POST /api/tasks/:id/reports),
 * beside the floor of the same list SQL behind a bare Fastify + pg route.
 *   npx tsx bench/api-load.bench.ts [seconds=60] [connections=100]
 * Starts a throwaway PostgreSQL (fsync off) and Redis, generates 100,000 tasks for
 * 200 agencies, and runs five phases of `seconds` each:
 *   - saturation (closed loop, autocannon): every connection sends its next request as
 *     soon as the last is answered: API list only, API 80/20 mix, baseline list only;
 *   - users (the "100 concurrent agency users"): each officer waits a think time
 *     (uniform 0–2 s, mean 1 s) between requests, as a person does: API 80/20 mix,
 *     baseline list only.
 * Then it checks in the database that no report was lost or duplicated. Exits 1 when a
 * check fails.
 *
 * The load generators run in a child process of this same file, so that they do not
 * share the API's event loop; they time each request themselves (from sending it to its
 * response), which separates the list from the report POST.
 */
import { compileProjectWithSwc } from '../test/support/swc-loader.js';
import 'reflect-metadata';
import { fork } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import {
  type Autocannon,
  type AutocannonClient,
  type AutocannonInstance,
  type Check,
  type Latency,
  startApi,
  summarise,
} from './support.js';

const LOAD_CLIENT = '--load-client';
const AGENCIES = 200;
const TASKS = 100_000;
const USERS = 100;
const DOCUMENTS = 50;
/** Each officer reports on the first tasks its agency leads, so that revisions pile up. */
const REPORT_TASKS_PER_USER = 20;
const REPORT_SHARE = 0.2;
const POOL_SIZE = 20;
const PASSWORD = 'bench-load-password';
const LIST_P99_TARGET_MS = 100;
/** Mean think time of an officer between two requests in the users phases (uniform 0–2×). */
const THINK_MS = 1_000;
/** Lets V8 compile the hot paths and the pools fill before anything is measured. */
const WARM_UP_SECONDS = 5;

// ---------------------------------------------------------------------------
// The load client (child process)

/** What one connection does: whose token it carries, what it lists, which tasks it reports on. */
interface ClientPlan {
  userId: string;
  headers: Record<string, string>;
  listPath: string;
  reportTaskIds: string[];
}

interface LoadJob {
  url: string;
  connections: number;
  seconds: number;
  reportShare: number;
  clients: ClientPlan[];
  /** 0: closed loop at full speed (autocannon); > 0: one user per connection with this mean think time. */
  thinkMs: number;
}

type Kind = 'list' | 'report';

interface LoadResult {
  seconds: number;
  latency: Record<Kind, Latency>;
  statuses: Record<Kind, Record<string, number>>;
  /** Report POSTs answered 201, by task and by user. */
  createdByTask: Record<string, number>;
  createdByUser: Record<string, number>;
  /** Requests sent and never answered (time-out or broken connection). */
  unanswered: Record<Kind, number>;
  connectionErrors: number;
}

const increment = (counts: Record<string, number>, key: string) => (counts[key] = (counts[key] ?? 0) + 1);

/**
 * Runs the load for `seconds`, then stops sending reports and lets the ones in flight
 * finish before stopping, so that every report sent has an answer to compare with the
 * database. Only requests sent within the window count in the figures.
 */
async function runLoad(job: LoadJob): Promise<LoadResult> {
  const autocannon = createRequire(import.meta.url)('autocannon') as Autocannon;
  const samples: Record<Kind, number[]> = { list: [], report: [] };
  const result: Omit<LoadResult, 'seconds' | 'latency' | 'connectionErrors'> = {
    statuses: { list: {}, report: {} },
    createdByTask: {},
    createdByUser: {},
    unanswered: { list: 0, report: 0 },
  };
  let stopping = false;
  let reportsInFlight = 0;
  let nextClient = 0;
  let instance: AutocannonInstance | undefined;

  const setupClient = (client: AutocannonClient) => {
    const plan = job.clients[nextClient++ % job.clients.length];
    // pipelining is 1: at most one request of this connection is outstanding.
    let pending: { kind: Kind; taskId: string; startedAt: number; counted: boolean } | null = null;
    const forget = () => {
      if (pending?.kind === 'report') reportsInFlight--;
      pending = null;
    };
    client.setRequests([
      {
        setupRequest(request) {
          if (pending) {
            if (pending.counted) result.unanswered[pending.kind]++;
            forget();
          }
          const report = !stopping && plan.reportTaskIds.length > 0 && Math.random() < job.reportShare;
          const taskId = report ? plan.reportTaskIds[Math.floor(Math.random() * plan.reportTaskIds.length)] : '';
          pending = { kind: report ? 'report' : 'list', taskId, startedAt: performance.now(), counted: !stopping };
          if (!report) return { ...request, method: 'GET', path: plan.listPath, headers: plan.headers, body: '' };
          reportsInFlight++;
          const body = {
            rating: 'on_track',
            percent: Math.floor(Math.random() * 101),
            workDone: '本周推进试点任务，按计划完成阶段工作。',
          };
          return {
            ...request,
            method: 'POST',
            path: `/api/tasks/${taskId}/reports`,
            headers: { ...plan.headers, 'content-type': 'application/json' },
            body: JSON.stringify(body),
          };
        },
        onResponse(status) {
          const done = pending;
          forget();
          if (!done) return;
          if (done.counted) {
            samples[done.kind].push(performance.now() - done.startedAt);
            increment(result.statuses[done.kind], String(status));
          }
          if (done.kind === 'report' && status === 201) {
            increment(result.createdByTask, done.taskId);
            increment(result.createdByUser, plan.userId);
          }
          if (stopping && reportsInFlight === 0) instance?.stop();
        },
      },
    ]);
  };

  const started = performance.now();
  let windowSeconds = job.seconds;
  const finished = new Promise<{ errors: number; timeouts: number }>((resolve) => {
    instance = autocannon({
      url: job.url,
      connections: job.connections,
      pipelining: 1,
      // Long enough for the reports in flight at the end of the window to finish.
      duration: job.seconds + 15,
      setupClient,
    });
    instance.on('done', resolve);
  });
  setTimeout(() => {
    stopping = true;
    windowSeconds = (performance.now() - started) / 1000;
    if (reportsInFlight === 0) instance?.stop();
  }, job.seconds * 1000);
  const { errors } = await finished;
  return {
    ...result,
    seconds: windowSeconds,
    latency: { list: summarise(samples.list, windowSeconds), report: summarise(samples.report, windowSeconds) },
    connectionErrors: errors,
  };
}

/**
 * One officer per connection: think (uniform 0–2 × thinkMs), send one request, wait for
 * the answer, repeat. When the window ends, each finishes the request it has in flight.
 */
async function runUsers(job: LoadJob): Promise<LoadResult> {
  const samples: Record<Kind, number[]> = { list: [], report: [] };
  const result: Omit<LoadResult, 'seconds' | 'latency'> = {
    statuses: { list: {}, report: {} },
    createdByTask: {},
    createdByUser: {},
    unanswered: { list: 0, report: 0 },
    connectionErrors: 0,
  };
  const started = performance.now();
  const endsAt = started + job.seconds * 1000;
  const think = () => new Promise((resolve) => setTimeout(resolve, Math.random() * 2 * job.thinkMs));
  const user = async (plan: ClientPlan) => {
    await think();
    while (performance.now() < endsAt) {
      const report = plan.reportTaskIds.length > 0 && Math.random() < job.reportShare;
      const taskId = report ? plan.reportTaskIds[Math.floor(Math.random() * plan.reportTaskIds.length)] : '';
      const kind: Kind = report ? 'report' : 'list';
      const sentAt = performance.now();
      try {
        const response = await fetch(
          report ? `${job.url}/api/tasks/${taskId}/reports` : `${job.url}${plan.listPath}`,
          report
            ? {
                method: 'POST',
                headers: { ...plan.headers, 'content-type': 'application/json' },
                body: JSON.stringify({
                  rating: 'on_track',
                  percent: Math.floor(Math.random() * 101),
                  workDone: '本周推进试点任务，按计划完成阶段工作。',
                }),
              }
            : { headers: plan.headers },
        );
        await response.arrayBuffer();
        samples[kind].push(performance.now() - sentAt);
        increment(result.statuses[kind], String(response.status));
        if (report && response.status === 201) {
          increment(result.createdByTask, taskId);
          increment(result.createdByUser, plan.userId);
        }
      } catch {
        result.unanswered[kind]++;
      }
      await think();
    }
  };
  await Promise.all(Array.from({ length: job.connections }, (_, i) => user(job.clients[i % job.clients.length])));
  const seconds = (performance.now() - started) / 1000;
  return {
    ...result,
    seconds,
    latency: { list: summarise(samples.list, seconds), report: summarise(samples.report, seconds) },
  };
}

/** In the child: one job in over IPC, one result out. */
function serveLoadClient(): void {
  process.once('message', (job: LoadJob) => {
    (job.thinkMs > 0 ? runUsers(job) : runLoad(job)).then(
      (result) => process.send?.(result, () => process.exit(0)),
      (error: unknown) => {
        console.error(error);
        process.exit(1);
      },
    );
  });
}

/** Runs one load phase in a child process (this file again, with the same loader flags). */
function loadInChild(job: LoadJob): Promise<LoadResult> {
  return new Promise((resolve, reject) => {
    const child = fork(fileURLToPath(import.meta.url), [LOAD_CLIENT], { stdio: 'inherit' });
    let result: LoadResult | undefined;
    child.on('message', (message: LoadResult) => (result = message));
    child.on('error', reject);
    child.on('exit', (code) =>
      result ? resolve(result) : reject(new Error(`load client exited with code ${code} and no result`)),
    );
    child.send(job);
  });
}

// ---------------------------------------------------------------------------
// Data

interface BenchUser {
  id: string;
  email: string;
  agencyId: string;
  reportTaskIds: string[];
}

/**
 * 200 agencies, one source file with 50 documents, 100,000 open tasks (every tenth
 * of an agency's tasks still only acknowledged), each led by one agency (500 per
 * agency) and a third of them with co-operating agencies; 100 officers of distinct
 * agencies sharing one password hash. Bulk SQL, about ten seconds.
 */
async function generateData(db: pg.Client, passwordHash: string): Promise<BenchUser[]> {
  await db.query(`
    INSERT INTO agencies (name, full_name, kind)
    SELECT '压测单位' || lpad(g::text, 3, '0'), '北京市压测单位' || lpad(g::text, 3, '0'), 'municipal_bureau'
      FROM generate_series(1, ${AGENCIES}) g`);
  await db.query(`CREATE TEMP TABLE bench_agency AS SELECT row_number() OVER (ORDER BY name) AS n, id FROM agencies`);
  await db.query(`
    INSERT INTO source_files (file_name, sha256, encoding, byte_size, text)
    SELECT 'bench-source.txt', encode(sha256(t::bytea), 'hex'), 'utf-8', octet_length(t), t
      FROM (SELECT repeat('推进改革试点任务，完善制度设计，优化办事流程。', 20000) AS t) s`);
  await db.query(`
    INSERT INTO policy_documents (source_file_id, title, document_key, doc_number, issuer, kind, span_start, span_end)
    SELECT f.id, '关于推进第' || g || '批改革试点任务的通知', '京政办发〔2030〕' || g || '号',
           '京政办发〔2030〕' || g || '号', '北京市人民政府办公厅', 'notice', (g - 1) * 4000, g * 4000
      FROM source_files f, generate_series(1, ${DOCUMENTS}) g`);
  await db.query(
    `CREATE TEMP TABLE bench_document AS SELECT row_number() OVER (ORDER BY span_start) AS n, id FROM policy_documents`,
  );
  await db.query(
    `CREATE TEMP TABLE bench_task AS SELECT g AS n, gen_random_uuid() AS id FROM generate_series(1, ${TASKS}) g`,
  );
  // Deadlines spread over three years; every 20th task ongoing, every 25th extended.
  await db.query(`
    INSERT INTO tasks (id, document_id, source_key, printed_owners, number, title, text, span_start, span_end,
                       deadline_date, deadline_text, extended_deadline, ongoing, status, version)
    SELECT t.id, d.id, 'bench/' || t.n, '{"lead": [], "co": []}'::jsonb, ((t.n - 1) % 40 + 1)::text,
           '推进第' || t.n || '项改革试点任务',
           repeat('围绕重点领域，完善制度设计，优化办事流程，提升服务效能。', 2 + t.n % 5),
           ((t.n - 1) % 2000) * 2, ((t.n - 1) % 2000) * 2 + 2,
           CASE WHEN t.n % 20 = 0 THEN NULL ELSE date '2026-01-31' + (t.n * 7919 % 1096)::int END,
           CASE WHEN t.n % 20 = 0 THEN '持续推进' ELSE '2027年底前' END,
           CASE WHEN t.n % 25 = 1 THEN date '2026-01-31' + (t.n * 7919 % 1096)::int + 90 END,
           t.n % 20 = 0,
           CASE WHEN ((t.n - 1) / ${AGENCIES}) % 10 = 0 THEN 'acknowledged' ELSE 'in_progress' END,
           1
      FROM bench_task t JOIN bench_document d ON d.n = (t.n - 1) / (${TASKS} / ${DOCUMENTS}) + 1`);
  // Lead: agency n leads tasks n, n + 200, n + 400, …; co: a third get one more agency, a seventh another.
  await db.query(`
    INSERT INTO task_assignments (task_id, agency_id, role, internal_division)
    SELECT t.id, a.id, 'lead', '综合处' FROM bench_task t JOIN bench_agency a ON a.n = (t.n - 1) % ${AGENCIES} + 1
    UNION ALL
    SELECT t.id, a.id, 'co', NULL FROM bench_task t JOIN bench_agency a ON a.n = (t.n - 1 + 37) % ${AGENCIES} + 1
     WHERE t.n % 3 = 0
    UNION ALL
    SELECT t.id, a.id, 'co', NULL FROM bench_task t JOIN bench_agency a ON a.n = (t.n - 1 + 101) % ${AGENCIES} + 1
     WHERE t.n % 7 = 0`);
  await db.query(
    `INSERT INTO users (email, display_name, password_hash, role, agency_id)
     SELECT 'officer' || lpad(a.n::text, 3, '0') || '@bench.test', '压测用户' || a.n, $1, 'agency', a.id
       FROM bench_agency a WHERE a.n <= ${USERS}`,
    [passwordHash],
  );
  // VACUUM too: a table this size has been vacuumed by autovacuum in steady state, and
  // the visibility map decides whether the count's index-only scan visits the heap.
  await db.query('VACUUM ANALYZE');
  const { rows } = await db.query<{ id: string; email: string; agency_id: string; task_ids: string[] }>(`
    SELECT u.id, u.email, u.agency_id,
           (SELECT array_agg(t.id ORDER BY t.n) FROM bench_task t
             WHERE (t.n - 1) % ${AGENCIES} + 1 = a.n AND t.n <= ${AGENCIES * REPORT_TASKS_PER_USER}) AS task_ids
      FROM users u JOIN bench_agency a ON a.id = u.agency_id
     ORDER BY u.email`);
  return rows.map((r) => ({ id: r.id, email: r.email, agencyId: r.agency_id, reportTaskIds: r.task_ids }));
}

// ---------------------------------------------------------------------------
// The API

/**
 * Signs every officer in. The login allows 10 attempts a minute per client address,
 * so each officer comes from its own address (the API trusts X-Forwarded-For).
 */
async function logIn(apiUrl: string, users: BenchUser[]): Promise<Map<string, string>> {
  const tokens = new Map<string, string>();
  const logInOne = async (user: BenchUser, i: number) => {
    const response = await fetch(`${apiUrl}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-forwarded-for': `10.20.${i >> 8}.${i & 255}` },
      body: JSON.stringify({ email: user.email, password: PASSWORD }),
    });
    const body = (await response.json()) as { accessToken?: string };
    if (response.status !== 200 || !body.accessToken) {
      throw new Error(`login of ${user.email} failed: ${response.status} ${JSON.stringify(body)}`);
    }
    tokens.set(user.id, body.accessToken);
  };
  for (let i = 0; i < users.length; i += 10) {
    await Promise.all(users.slice(i, i + 10).map((user, j) => logInOne(user, i + j)));
  }
  return tokens;
}

// ---------------------------------------------------------------------------
// Checks and analysis

function sum(counts: Record<string, number>, keep: (key: string) => boolean = () => true): number {
  return Object.entries(counts).reduce((n, [key, count]) => (keep(key) ? n + count : n), 0);
}

/** Entries where the two tallies differ, for the failure message. */
function mismatches(expected: Record<string, number>, actual: Record<string, number>): string[] {
  const keys = new Set([...Object.keys(expected), ...Object.keys(actual)]);
  return [...keys]
    .filter((k) => (expected[k] ?? 0) !== (actual[k] ?? 0))
    .map((k) => `${k}: ${expected[k] ?? 0} answered 201, ${actual[k] ?? 0} stored`);
}

async function tally(db: pg.Client, column: 'task_id' | 'submitted_by'): Promise<Record<string, number>> {
  const { rows } = await db.query<{ key: string; n: number }>(
    `SELECT ${column} AS key, count(*)::int AS n FROM task_reports GROUP BY ${column}`,
  );
  return Object.fromEntries(rows.map((r) => [r.key, r.n]));
}

/** The 201s of several phases, added up by task and by user. */
function mergeCreated(phases: LoadResult[]): Pick<LoadResult, 'createdByTask' | 'createdByUser'> {
  const merged = { createdByTask: {} as Record<string, number>, createdByUser: {} as Record<string, number> };
  for (const phase of phases) {
    for (const [key, n] of Object.entries(phase.createdByTask))
      merged.createdByTask[key] = (merged.createdByTask[key] ?? 0) + n;
    for (const [key, n] of Object.entries(phase.createdByUser))
      merged.createdByUser[key] = (merged.createdByUser[key] ?? 0) + n;
  }
  return merged;
}

async function checkDatabase(db: pg.Client, phases: LoadResult[]): Promise<Check[]> {
  const mixed = mergeCreated(phases);
  const serverErrors = phases.reduce(
    (n, phase) =>
      n + sum(phase.statuses.list, (s) => Number(s) >= 500) + sum(phase.statuses.report, (s) => Number(s) >= 500),
    0,
  );
  const answered201 = sum(mixed.createdByTask);
  // One statement at a time: a pg.Client runs them in turn anyway.
  const { rows: reportRows } = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM task_reports');
  const { rows: gaps } = await db.query<{ n: number }>(`
    SELECT count(*)::int AS n FROM (
      SELECT task_id, period FROM task_reports GROUP BY task_id, period
      HAVING min(revision) <> 1 OR max(revision) <> count(*) OR count(DISTINCT revision) <> count(*)) bad`);
  const { rows: audits } = await db.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM audit_events WHERE action = 'report.submit'`,
  );
  const byTask = mismatches(mixed.createdByTask, await tally(db, 'task_id'));
  const byUser = mismatches(mixed.createdByUser, await tally(db, 'submitted_by'));
  const unanswered = phases.reduce((n, p) => n + p.unanswered.list + p.unanswered.report + p.connectionErrors, 0);
  return [
    { name: 'no 5xx from the API', ok: serverErrors === 0, detail: `${serverErrors} responses 5xx` },
    {
      name: 'every request answered',
      ok: unanswered === 0,
      detail: `${unanswered} time-outs or connection errors`,
    },
    {
      name: 'task_reports rows = report POSTs answered 201',
      ok: reportRows[0].n === answered201,
      detail: `${reportRows[0].n} rows, ${answered201} answered 201`,
    },
    {
      name: 'reports per task and per user match the 201s',
      ok: byTask.length === 0 && byUser.length === 0,
      detail:
        byTask.length + byUser.length === 0
          ? `${Object.keys(mixed.createdByTask).length} tasks, ${Object.keys(mixed.createdByUser).length} users`
          : [...byTask, ...byUser].slice(0, 5).join('; '),
    },
    {
      name: 'revisions are 1..n for every (task, period)',
      ok: gaps[0].n === 0,
      detail: `${gaps[0].n} (task, period) with a gap or a duplicate`,
    },
    {
      name: 'one audit event per stored report',
      ok: audits[0].n === reportRows[0].n,
      detail: `${audits[0].n} report.submit events`,
    },
  ];
}

/** EXPLAIN ANALYZE of the three list statements for one agency: the plan's last lines and the time. */
async function explainList(db: pg.Client, agencyId: string): Promise<string[]> {
  const { LIST_PAGE_SQL, LIST_COUNT_SQL, LIST_ASSIGNMENTS_SQL } = await import('./baseline-list-server.js');
  const page = await db.query<{ id: string }>(LIST_PAGE_SQL, [agencyId, 20]);
  const ids = page.rows.map((r) => r.id);
  const lines: string[] = [];
  const statements: Array<[string, string, unknown[]]> = [
    ['page', LIST_PAGE_SQL, [agencyId, 20]],
    ['count', LIST_COUNT_SQL, [agencyId]],
    ['assignments', LIST_ASSIGNMENTS_SQL, [ids]],
  ];
  for (const [label, sql, params] of statements) {
    // Warm once, then measure: the load ran with a warm cache.
    await db.query(`EXPLAIN ANALYZE ${sql}`, params);
    const { rows } = await db.query<{ 'QUERY PLAN': string }>(`EXPLAIN (ANALYZE, BUFFERS) ${sql}`, params);
    lines.push(`-- ${label}`, ...rows.map((r) => r['QUERY PLAN']));
  }
  return lines;
}

// ---------------------------------------------------------------------------
// Output

const ms = (value: number) => value.toFixed(1).padStart(7);

function latencyRow(label: string, latency: Latency): string {
  return `${label.padEnd(34)} ${ms(latency.p50)} ${ms(latency.p90)} ${ms(latency.p99)} ${ms(latency.max)} ${latency.perSecond.toFixed(0).padStart(8)} ${String(latency.count).padStart(8)}`;
}

function statusLine(label: string, phase: LoadResult): string {
  const format = (counts: Record<string, number>) =>
    Object.entries(counts)
      .map(([status, n]) => `${status}×${n}`)
      .join(' ') || '-';
  return `${label}: list ${format(phase.statuses.list)}; report ${format(phase.statuses.report)}`;
}

interface Phases {
  apiList: LoadResult;
  apiMixed: LoadResult;
  baseList: LoadResult;
  apiUsers: LoadResult;
  baseUsers: LoadResult;
}

function printFigures(seconds: number, connections: number, phases: Phases) {
  const { apiList, apiMixed, baseList, apiUsers, baseUsers } = phases;
  const header = `${'phase'.padEnd(34)} ${'p50'.padStart(7)} ${'p90'.padStart(7)} ${'p99'.padStart(7)} ${'max'.padStart(7)} ${'req/s'.padStart(8)} ${'requests'.padStart(8)}`;
  const ratio = (a: number, b: number) => (b > 0 ? (a / b).toFixed(1) : '-');
  console.log(`\n${seconds} s per phase; latency in ms from request to response`);
  console.log(`\nSaturation: ${connections} connections in a closed loop (no think time)`);
  console.log(header);
  console.log(latencyRow('baseline list (Fastify + pg)', baseList.latency.list));
  console.log(latencyRow('API list only', apiList.latency.list));
  console.log(latencyRow('API mixed: list (80%)', apiMixed.latency.list));
  console.log(latencyRow('API mixed: report POST (20%)', apiMixed.latency.report));
  console.log(
    `API / baseline (list only): p99 ${ratio(apiList.latency.list.p99, baseList.latency.list.p99)}x, req/s ${ratio(apiList.latency.list.perSecond, baseList.latency.list.perSecond)}x`,
  );
  console.log(`\nUsers: ${connections} officers, think time uniform 0–${(2 * THINK_MS) / 1000} s between requests`);
  console.log(header);
  console.log(latencyRow('baseline list (Fastify + pg)', baseUsers.latency.list));
  console.log(latencyRow('API users: list (80%)', apiUsers.latency.list));
  console.log(latencyRow('API users: report POST (20%)', apiUsers.latency.report));
  console.log(
    `API / baseline (list): p99 ${ratio(apiUsers.latency.list.p99, baseUsers.latency.list.p99)}x, p50 ${ratio(apiUsers.latency.list.p50, baseUsers.latency.list.p50)}x`,
  );
  console.log('');
  for (const [label, phase] of [
    ['saturation baseline', baseList],
    ['saturation API list only', apiList],
    ['saturation API mixed', apiMixed],
    ['users baseline', baseUsers],
    ['users API mixed', apiUsers],
  ] as const) {
    console.log(statusLine(label, phase));
  }
  const usersP99 = apiUsers.latency.list.p99;
  console.log(
    `target: list p99 < ${LIST_P99_TARGET_MS} ms with ${connections} users: ${usersP99 < LIST_P99_TARGET_MS ? 'met' : 'MISSED'} (${usersP99.toFixed(1)} ms); at saturation ${Math.max(apiList.latency.list.p99, apiMixed.latency.list.p99).toFixed(1)} ms`,
  );
}

// ---------------------------------------------------------------------------
// Main

async function main(): Promise<number> {
  const seconds = Number(process.argv[2] ?? 60);
  const connections = Number(process.argv[3] ?? 100);
  compileProjectWithSwc();
  const { startBenchServices } = await import('./services.js');
  const { hashPassword } = await import('../libs/core/src/users/password.js');
  const { startBaselineListServer } = await import('./baseline-list-server.js');

  const cleanups: Array<() => Promise<unknown>> = [];
  try {
    const { databaseUrl, redisUrl, db } = await startBenchServices(cleanups);

    let started = performance.now();
    const users = await generateData(db, await hashPassword(PASSWORD));
    console.log(
      `generated ${TASKS} tasks, ${AGENCIES} agencies, ${users.length} users in ${((performance.now() - started) / 1000).toFixed(1)} s`,
    );

    const api = await startApi(databaseUrl, redisUrl);
    let apiOpen = true;
    const closeApi = async () => {
      if (apiOpen) await api.app.close();
      apiOpen = false;
    };
    cleanups.push(closeApi);
    started = performance.now();
    const tokens = await logIn(api.url, users);
    console.log(
      `${tokens.size} officers signed in in ${((performance.now() - started) / 1000).toFixed(1)} s; API at ${api.url}`,
    );

    const apiPlans = users.map((user) => ({
      userId: user.id,
      headers: { authorization: `Bearer ${tokens.get(user.id)}` },
      listPath: '/api/tasks?pageSize=20&sort=deadline',
      reportTaskIds: user.reportTaskIds,
    }));
    const job = { connections, seconds, clients: apiPlans, url: api.url, thinkMs: 0 };
    console.log(`warm-up: API, list only, ${WARM_UP_SECONDS} s (not counted)`);
    await loadInChild({ ...job, seconds: WARM_UP_SECONDS, reportShare: 0 });
    console.log(`phase 1/5: API saturation, list only, ${seconds} s`);
    const apiList = await loadInChild({ ...job, reportShare: 0 });
    console.log(`phase 2/5: API saturation, 80% list / 20% report POST, ${seconds} s`);
    const apiMixed = await loadInChild({ ...job, reportShare: REPORT_SHARE });
    console.log(`phase 3/5: API, ${connections} users, 80% list / 20% report POST, ${seconds} s`);
    const apiUsers = await loadInChild({ ...job, reportShare: REPORT_SHARE, thinkMs: THINK_MS });
    await closeApi();

    const baseline = await startBaselineListServer(databaseUrl, POOL_SIZE);
    cleanups.push(() => baseline.close());
    const basePlans = users.map((user) => ({
      userId: user.id,
      headers: {},
      listPath: `/tasks?agencyId=${user.agencyId}&pageSize=20`,
      reportTaskIds: [],
    }));
    const baseJob = { connections, clients: basePlans, url: baseline.url, reportShare: 0, seconds, thinkMs: 0 };
    console.log(`warm-up: baseline, list only, ${WARM_UP_SECONDS} s (not counted)`);
    await loadInChild({ ...baseJob, seconds: WARM_UP_SECONDS });
    console.log(`phase 4/5: baseline saturation, list only, ${seconds} s`);
    const baseList = await loadInChild(baseJob);
    console.log(`phase 5/5: baseline, ${connections} users, list only, ${seconds} s`);
    const baseUsers = await loadInChild({ ...baseJob, thinkMs: THINK_MS });

    printFigures(seconds, connections, { apiList, apiMixed, baseList, apiUsers, baseUsers });
    console.log('\nEXPLAIN (ANALYZE, BUFFERS) of the list statements for one agency:');
    for (const line of await explainList(db, users[0].agencyId)) console.log(`  ${line}`);

    const checks = await checkDatabase(db, [apiList, apiMixed, apiUsers, baseList, baseUsers]);
    console.log('');
    for (const check of checks) console.log(`${check.ok ? 'PASS' : 'FAIL'} ${check.name} (${check.detail})`);
    return checks.every((c) => c.ok) ? 0 : 1;
  } finally {
    // Newest first: the API and the baseline before the servers they use.
    for (const cleanup of cleanups.reverse()) await cleanup().catch((error: unknown) => console.error(error));
  }
}

if (process.argv[2] === LOAD_CLIENT) serveLoadClient();
else process.exitCode = await main();
