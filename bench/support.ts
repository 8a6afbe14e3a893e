/**
 * Pieces the benchmarks share: latency summaries, the autocannon types, the real API
 * started in-process, a job run in a child process of the bench file itself, timing of
 * the statements a piece of code sends, and dropping indexes around a bulk load.
 *
 * Nothing here imports Nest at module level, so a load-client child can import this file
 * without loading the application.
 */
import { fork, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { type AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import pg from 'pg';

// ---------------------------------------------------------------------------
// Figures

export interface Latency {
  count: number;
  perSecond: number;
  p50: number;
  p90: number;
  p99: number;
  max: number;
}

export function summarise(samples: number[], seconds: number): Latency {
  const sorted = Float64Array.from(samples).sort();
  const at = (q: number) => (sorted.length ? sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)] : 0);
  return {
    count: sorted.length,
    perSecond: sorted.length / seconds,
    p50: at(0.5),
    p90: at(0.9),
    p99: at(0.99),
    max: sorted.length ? sorted[sorted.length - 1] : 0,
  };
}

/** The smallest, the median and the largest of several timings. */
export function spread(values: number[]): { min: number; median: number; max: number } {
  const sorted = [...values].sort((a, b) => a - b);
  return { min: sorted[0], median: sorted[Math.floor((sorted.length - 1) / 2)], max: sorted[sorted.length - 1] };
}

export interface Check {
  name: string;
  ok: boolean;
  detail: string;
}

// ---------------------------------------------------------------------------
// autocannon (it ships no types): the part of its API the benchmarks use

export interface AutocannonRequest {
  setupRequest(request: Record<string, unknown>): Record<string, unknown>;
  onResponse(status: number): void;
}
export interface AutocannonClient {
  setRequests(requests: AutocannonRequest[]): void;
}
export interface AutocannonInstance {
  stop(): void;
  on(event: 'done', listener: (result: { errors: number; timeouts: number }) => void): void;
}
export type Autocannon = (options: Record<string, unknown>) => AutocannonInstance;

// ---------------------------------------------------------------------------
// The API, in this process

/** Production settings with logging off and a fresh signing secret. */
function apiEnvironment(databaseUrl: string, redisUrl: string, poolSize: number): Record<string, string> {
  return {
    NODE_ENV: 'production',
    DATABASE_URL: databaseUrl,
    REDIS_URL: redisUrl,
    JWT_SECRET: randomBytes(32).toString('hex'),
    LOG_LEVEL: 'silent',
    DB_POOL_SIZE: String(poolSize),
  };
}

/**
 * The real API on a loopback port, production settings, logging off. Call
 * `compileProjectWithSwc()` first: Nest needs the decorator metadata tsx does not emit.
 */
export async function startApi(databaseUrl: string, redisUrl: string, poolSize = 20) {
  // Imported here so that a load-client child importing this file does not load Nest.
  const { createApiApp } = await import('../apps/api/src/create-api-app.js');
  const { loadConfig } = await import('../libs/config/src/config.js');
  const app = await createApiApp(loadConfig(apiEnvironment(databaseUrl, redisUrl, poolSize)));
  await app.listen({ port: 0, host: '127.0.0.1' });
  const { port } = app.getHttpServer().address() as AddressInfo;
  return { app, url: `http://127.0.0.1:${port}` };
}

/**
 * The compiled API (`tsc -p tsconfig.build.json` first) in its own process, started the way
 * `npm start` starts it (the same Node flags), so that its memory can be read on its own.
 */
export async function startApiProcess(databaseUrl: string, redisUrl: string, poolSize = 20) {
  const { NODE_FLAGS } = await import('../scripts/lib/node-flags.mjs');
  const { freePort } = await import('../test/support/test-services.js');
  const port = await freePort();
  const child = spawn(process.execPath, [...NODE_FLAGS.api, 'dist/apps/api/src/main.js'], {
    env: {
      PATH: process.env.PATH,
      ...apiEnvironment(databaseUrl, redisUrl, poolSize),
      HOST: '127.0.0.1',
      PORT: String(port),
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const url = `http://127.0.0.1:${port}`;
  const exited = new Promise<never>((_, reject) =>
    child.once('exit', (code) => reject(new Error(`the API process exited (${code})`))),
  );
  for (let deadline = Date.now() + 60_000; ;) {
    const healthy = await Promise.race([
      fetch(`${url}/health`).then(
        (response) => response.ok,
        () => false,
      ),
      exited,
    ]);
    if (healthy) break;
    if (Date.now() > deadline) throw new Error('the API process did not become healthy in 60 s');
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  exited.catch(() => undefined);
  return {
    url,
    pid: child.pid as number,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

/** Resident set size now and its peak so far (VmRSS, VmHWM) of a process, in bytes (Linux). */
export function processMemory(pid: number): { rss: number; peak: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN) * 1024;
  return { rss: kb('VmRSS'), peak: kb('VmHWM') };
}

/** Signs one user in; answers the bearer token. */
export async function signIn(apiUrl: string, email: string, password: string, address = '10.30.0.1') {
  const response = await fetch(`${apiUrl}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-forwarded-for': address },
    body: JSON.stringify({ email, password }),
  });
  const body = (await response.json()) as { accessToken?: string };
  if (response.status !== 200 || !body.accessToken) {
    throw new Error(`login of ${email} failed: ${response.status} ${JSON.stringify(body)}`);
  }
  return body.accessToken;
}

// ---------------------------------------------------------------------------
// Child processes: the bench file again, with a flag, one job in and one result out

/**
 * Runs `job` in a child process of the bench file `moduleUrl` (its `import.meta.url`),
 * started with `flag` and the same loader flags, so that the work there does not share
 * this process's event loop. The child answers with `serveChild`.
 */
export function runInChild<Job, Result>(moduleUrl: string, flag: string, job: Job): Promise<Result> {
  return new Promise((resolve, reject) => {
    const child = fork(fileURLToPath(moduleUrl), [flag], { stdio: 'inherit' });
    let result: Result | undefined;
    let answered = false;
    child.on('message', (message: Result) => {
      result = message;
      answered = true;
    });
    child.on('error', reject);
    child.on('exit', (code) =>
      answered ? resolve(result as Result) : reject(new Error(`child ${flag} exited with code ${code} and no result`)),
    );
    child.send(job as object);
  });
}

/** In the child: takes one job, answers its result and exits. */
export function serveChild<Job, Result>(handle: (job: Job) => Promise<Result>): void {
  process.once('message', (job: Job) => {
    handle(job).then(
      (result) => process.send?.(result, () => process.exit(0)),
      (error: unknown) => {
        console.error(error);
        process.exit(1);
      },
    );
  });
}

// ---------------------------------------------------------------------------
// What a piece of code asks the database

export interface TimedQuery {
  text: string;
  values: unknown[];
  ms: number;
}

type QueryFunction = (this: pg.Client, ...args: unknown[]) => unknown;

/**
 * Times every statement sent through any pg.Client of this process (TypeORM's pool
 * included: it loads the same `pg`) while `work` runs. Statements of other callers
 * running at the same time are caught too, so use it when nothing else is going on.
 */
export async function timeQueries<T>(work: () => Promise<T>): Promise<{ result: T; queries: TimedQuery[] }> {
  const queries: TimedQuery[] = [];
  const prototype = pg.Client.prototype as unknown as { query: QueryFunction };
  const original = prototype.query;
  prototype.query = function (this: pg.Client, ...args: unknown[]) {
    const [first, second] = args;
    const text =
      typeof first === 'string' ? first : ((first as { text?: string } | undefined)?.text ?? '(query object)');
    const values = Array.isArray(second) ? second : ((first as { values?: unknown[] } | undefined)?.values ?? []);
    const started = performance.now();
    const record = () => queries.push({ text, values, ms: performance.now() - started });
    const last = args[args.length - 1];
    if (typeof last === 'function') {
      args[args.length - 1] = (...callbackArgs: unknown[]) => {
        record();
        return (last as (...a: unknown[]) => unknown)(...callbackArgs);
      };
      return original.apply(this, args);
    }
    const result = original.apply(this, args);
    if (result instanceof Promise) result.then(record, record);
    return result;
  };
  try {
    return { result: await work(), queries };
  } finally {
    prototype.query = original;
  }
}

/** A statement on one line, shortened, for a table of timings. */
export function oneLine(sql: string, length = 110): string {
  const flat = sql.replace(/\s+/g, ' ').trim();
  return flat.length > length ? `${flat.slice(0, length - 1)}…` : flat;
}

// ---------------------------------------------------------------------------
// Bulk loads

interface DroppedIndex {
  table: string;
  name: string;
  /** `ALTER TABLE … ADD CONSTRAINT …` or `CREATE INDEX …`, as the catalog describes it. */
  create: string;
  constraint: boolean;
}

/**
 * Drops the indexes of `tables` (primary keys and unique constraints included, except
 * those a foreign key refers to) and answers a function that creates them again exactly
 * as they were. Loading millions of rows and then building each index once, sorted, is
 * several times faster than keeping random-order indexes up to date row by row.
 */
export async function dropIndexes(
  db: pg.Client,
  tables: string[],
): Promise<() => Promise<Array<{ name: string; ms: number }>>> {
  const { rows } = await db.query<{ table: string; name: string; def: string; conname: string | null; condef: string }>(
    `SELECT c.relname AS table, i.relname AS name, pg_get_indexdef(i.oid) AS def,
            con.conname, pg_get_constraintdef(con.oid) AS condef
       FROM pg_index x
       JOIN pg_class i ON i.oid = x.indexrelid
       JOIN pg_class c ON c.oid = x.indrelid
       JOIN pg_namespace n ON n.oid = c.relnamespace AND n.nspname = 'public'
       LEFT JOIN pg_constraint con ON con.conindid = i.oid AND con.contype IN ('p', 'u') AND con.conrelid = c.oid
      WHERE c.relname = ANY($1::text[])
        AND NOT EXISTS (SELECT 1 FROM pg_constraint f WHERE f.contype = 'f' AND f.conindid = i.oid)
      ORDER BY c.relname, i.relname`,
    [tables],
  );
  const dropped: DroppedIndex[] = rows.map((r) => ({
    table: r.table,
    name: r.conname ?? r.name,
    create: r.conname ? `ALTER TABLE "${r.table}" ADD CONSTRAINT "${r.conname}" ${r.condef}` : r.def,
    constraint: r.conname !== null,
  }));
  for (const index of dropped) {
    await db.query(
      index.constraint
        ? `ALTER TABLE "${index.table}" DROP CONSTRAINT "${index.name}"`
        : `DROP INDEX "public"."${index.name}"`,
    );
  }
  return async () => {
    const built: Array<{ name: string; ms: number }> = [];
    for (const index of dropped) {
      const started = performance.now();
      await db.query(index.create);
      built.push({ name: index.name, ms: performance.now() - started });
    }
    return built;
  };
}
