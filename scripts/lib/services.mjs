// Local PostgreSQL and Redis servers for development and tests.
// Shared by scripts/services.mjs (dev services under .local/) and the Jest
// global setup (throwaway servers). Node built-ins only, so it runs before
// `npm ci` has finished and outside TypeScript.

import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';

const HOST = '127.0.0.1';
const isRoot = () => typeof process.getuid === 'function' && process.getuid() === 0;
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

// ---------------------------------------------------------------------------
// Processes

/**
 * Runs a command to completion and returns { code, stdout, stderr }.
 * With `asPostgres` (and when root) it runs through `runuser -u postgres --`,
 * because initdb and postgres refuse to run as root.
 */
function run(command, args, { asPostgres = false, env, cwd = '/' } = {}) {
  if (asPostgres && isRoot()) {
    args = ['-u', 'postgres', '--', command, ...args];
    command = 'runuser';
  }
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.on('error', (error) => reject(new Error(`Could not run ${command}: ${error.message}`)));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/** Like run(), but throws a readable error when the command fails. */
async function runOrThrow(what, command, args, options) {
  const result = await run(command, args, options);
  if (result.code !== 0) {
    const output = (result.stderr + result.stdout).trim();
    throw new Error(`${what} failed (exit code ${result.code})${output ? `:\n${indent(lastLines(output, 20))}` : ''}`);
  }
  return result;
}

function isProcessAlive(pid) {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
  } catch (error) {
    // EPERM: it exists but belongs to another user.
    return error.code === 'EPERM';
  }
  // A daemon that has exited stays a zombie until its new parent (often
  // PID 1) reaps it, which some container init processes do only slowly.
  const stat = readFileOrNull(`/proc/${pid}/stat`);
  return stat === null || stat.slice(stat.lastIndexOf(')') + 2)[0] !== 'Z';
}

/** The process name, or null where /proc is not available. */
function processName(pid) {
  try {
    return fs.readFileSync(`/proc/${pid}/comm`, 'utf8').trim();
  } catch {
    return null;
  }
}

async function waitForExit(pid, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  while (isProcessAlive(pid)) {
    if (Date.now() > deadline) return false;
    await sleep(50);
  }
  return true;
}

// ---------------------------------------------------------------------------
// Files and text

function lastLines(text, count) {
  return text.trimEnd().split('\n').slice(-count).join('\n');
}

function indent(text) {
  return text.replace(/^/gm, '    ');
}

/** The end of a log file, formatted for an error message ('' when unreadable). */
function logTail(file, count = 20) {
  try {
    const tail = lastLines(fs.readFileSync(file, 'utf8'), count);
    return tail ? `\n  Last lines of ${file}:\n${indent(tail)}` : '';
  } catch {
    return '';
  }
}

function readFileOrNull(file) {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch {
    return null;
  }
}

function isExecutable(file) {
  try {
    fs.accessSync(file, fs.constants.X_OK);
    return fs.statSync(file).isFile();
  } catch {
    return false;
  }
}

/** First executable called `name` on PATH, or null. */
function findOnPath(name) {
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    if (dir && isExecutable(path.join(dir, name))) return path.join(dir, name);
  }
  return null;
}

function checkPort(port) {
  if (!Number.isInteger(port) || port < 1 || port > 65535) {
    throw new Error(`Invalid port ${JSON.stringify(port)}: expected an integer between 1 and 65535`);
  }
}

// ---------------------------------------------------------------------------
// Network

/** Resolves true when something accepts TCP connections on host:port. */
function isPortOpen(host, port, timeoutMs = 500) {
  return new Promise((resolve) => {
    const socket = net.connect({ host, port });
    const done = (open) => {
      socket.destroy();
      resolve(open);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

/** Waits until host:port accepts TCP connections; throws after timeoutMs. */
export async function waitForPort(host, port, timeoutMs = 10_000) {
  const deadline = Date.now() + timeoutMs;
  while (!(await isPortOpen(host, port))) {
    if (Date.now() > deadline)
      throw new Error(`Nothing accepted connections on ${host}:${port} within ${timeoutMs} ms`);
    await sleep(25);
  }
}

/**
 * Sends one raw command to Redis and returns its reply text, or null when
 * nothing answers. `complete` says when the reply has fully arrived.
 */
function redisRequest(port, command, complete, timeoutMs = 1000) {
  return new Promise((resolve) => {
    const socket = net.connect({ host: HOST, port });
    let reply = '';
    const done = (value) => {
      socket.destroy();
      resolve(value);
    };
    socket.setTimeout(timeoutMs, () => done(reply || null));
    socket.once('connect', () => socket.write(command));
    socket.on('data', (chunk) => {
      reply += chunk;
      if (complete(reply)) done(reply);
    });
    socket.once('error', () => done(null));
    socket.once('close', () => done(reply || null));
  });
}

const endsLine = (reply) => reply.endsWith('\r\n');

async function redisPing(port) {
  const reply = await redisRequest(port, 'PING\r\n', endsLine);
  return reply?.startsWith('+PONG') ?? false;
}

/** The data directory of the Redis on `port` (CONFIG GET dir), or null. */
async function redisDir(port) {
  // Reply: *2 $3 dir $N <path>, each followed by CRLF.
  const reply = await redisRequest(
    port,
    'CONFIG GET dir\r\n',
    (text) => text.startsWith('-') || text.split('\r\n').length > 5,
  );
  const lines = reply?.split('\r\n') ?? [];
  return lines[0] === '*2' ? lines[4] : null;
}

// ---------------------------------------------------------------------------
// Binaries

/** Directory holding initdb, pg_ctl and postgres (PATH first, then the highest Debian version), or null. */
export function findPostgresBin() {
  const hasAll = (dir) => ['initdb', 'pg_ctl', 'postgres'].every((name) => isExecutable(path.join(dir, name)));
  const initdb = findOnPath('initdb');
  if (initdb) {
    // PATH entries are often symlinks into /usr/lib/postgresql/N/bin.
    const dir = path.dirname(fs.realpathSync(initdb));
    if (hasAll(dir)) return dir;
  }
  const root = '/usr/lib/postgresql';
  const versions = (fs.existsSync(root) ? fs.readdirSync(root) : [])
    .filter((name) => /^\d+(\.\d+)?$/.test(name))
    .sort((a, b) => Number(b) - Number(a));
  for (const version of versions) {
    const dir = path.join(root, version, 'bin');
    if (hasAll(dir)) return dir;
  }
  return null;
}

/** Path of redis-server, or null. */
export function findRedisServer() {
  return (
    findOnPath('redis-server') ?? ['/usr/bin/redis-server', '/usr/local/bin/redis-server'].find(isExecutable) ?? null
  );
}

/** psql from the server's bin dir, else from PATH. */
function findPsql() {
  const bin = findPostgresBin();
  if (bin && isExecutable(path.join(bin, 'psql'))) return path.join(bin, 'psql');
  const psql = findOnPath('psql');
  if (!psql) throw new Error('psql was not found. Install it with: sudo apt-get install -y postgresql-client');
  return psql;
}

let aptUpdated = false;

/**
 * Makes sure the requested servers are installed. As root it installs the
 * missing Debian packages; otherwise it throws with the command to run.
 */
export async function ensureBinaries({ postgres = false, redis = false, browser = false } = {}) {
  const missing = [];
  if (postgres && !findPostgresBin()) missing.push('postgresql');
  if (redis && !findRedisServer()) missing.push('redis-server');
  // The browser tests: Debian's chromium, and a CJK font so that it can draw the Chinese UI.
  if (browser && !fs.existsSync(CHROMIUM)) missing.push('chromium');
  if (browser && !hasCjkFont()) missing.push('fonts-wqy-microhei');
  if (missing.length === 0) return;

  const command = `sudo apt-get install -y ${missing.join(' ')}`;
  if (!isRoot()) {
    throw new Error(`Missing server software (${missing.join(', ')}). Install it with:\n  ${command}`);
  }
  if (!findOnPath('apt-get')) {
    throw new Error(
      `Missing server software (${missing.join(', ')}) and no apt-get to install it; install it by hand.`,
    );
  }
  const env = { DEBIAN_FRONTEND: 'noninteractive' };
  if (!aptUpdated) {
    process.stderr.write('Updating the package lists (apt-get update)...\n');
    await runOrThrow('apt-get update', 'apt-get', ['update', '-qq'], { env });
    aptUpdated = true;
  }
  process.stderr.write(`Installing ${missing.join(' ')} (apt-get install)...\n`);
  await runOrThrow(`Installing ${missing.join(' ')}`, 'apt-get', ['install', '-y', '-qq', ...missing], { env });
  if (postgres && !findPostgresBin())
    throw new Error('PostgreSQL was installed, but initdb/pg_ctl are still not found');
  if (redis && !findRedisServer()) throw new Error('redis-server was installed, but is still not found');
  if (browser && !fs.existsSync(CHROMIUM))
    throw new Error(`chromium was installed, but ${CHROMIUM} is still not found`);
}

/** Where Debian's chromium package puts the browser (CHROMIUM_PATH overrides it). */
export const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';

function hasCjkFont() {
  const fonts = ['/usr/share/fonts/truetype/wqy', '/usr/share/fonts/opentype/noto', '/usr/share/fonts/truetype/noto'];
  return fonts.some((dir) => fs.existsSync(dir) && fs.readdirSync(dir).some((f) => /wqy|cjk/i.test(f)));
}

// ---------------------------------------------------------------------------
// PostgreSQL

/**
 * As root, hands the data dir to the postgres user and lets that user reach
 * it: every parent directory needs the "x" bit for others.
 */
async function preparePostgresDir(dataDir) {
  fs.mkdirSync(dataDir, { recursive: true });
  if (!isRoot()) return;
  for (let dir = path.dirname(dataDir); ; dir = path.dirname(dir)) {
    const mode = fs.statSync(dir).mode;
    if (!(mode & 0o001)) fs.chmodSync(dir, (mode & 0o7777) | 0o001);
    if (dir === path.dirname(dir)) break;
  }
  // Only a directory not yet handed over needs the recursive chown.
  if (fs.statSync(dataDir).uid !== postgresUid()) {
    await runOrThrow(`chown -R postgres ${dataDir}`, 'chown', ['-R', 'postgres:postgres', dataDir]);
  }
}

/** The uid of the postgres account, which the postgresql package creates. */
function postgresUid() {
  const line = (readFileOrNull('/etc/passwd') ?? '').split('\n').find((entry) => entry.startsWith('postgres:'));
  if (!line) throw new Error('There is no "postgres" user; it comes with the package: apt-get install -y postgresql');
  return Number(line.split(':')[2]);
}

/**
 * The server recorded in DIR/postmaster.pid: { pid, port, alive }, or null
 * when there is no pid file. `alive` means that pid is a live postgres.
 */
function readPostmasterPid(dataDir) {
  const text = readFileOrNull(path.join(dataDir, 'postmaster.pid'));
  if (text === null) return null;
  const lines = text.split('\n');
  const pid = Number(lines[0]);
  const port = Number(lines[3]);
  const name = isProcessAlive(pid) ? processName(pid) : null;
  // A recycled pid that now belongs to another program does not count.
  const alive = isProcessAlive(pid) && (name === null || name.startsWith('postgres'));
  return { pid, port, alive };
}

/** { running, pid, port } for the cluster in dataDir. */
export async function postgresStatus({ dataDir }) {
  dataDir = path.resolve(dataDir);
  const info = readPostmasterPid(dataDir);
  if (!info?.alive) return { running: false, pid: null, port: null };
  return { running: await isPortOpen(HOST, info.port), pid: info.pid, port: info.port };
}

const postgresUrl = (port) => `postgres://postgres@${HOST}:${port}/postgres`;

/**
 * Starts (initialising first if needed) a PostgreSQL cluster in dataDir on
 * 127.0.0.1:port, or reuses it when it is already running there.
 * fsync=false is for throwaway test clusters: faster, not crash-safe.
 */
export async function startPostgres({ dataDir, port, fsync = true }) {
  checkPort(port);
  dataDir = path.resolve(dataDir);
  const logFile = path.join(dataDir, 'postgres.log');
  const stop = () => stopPostgres({ dataDir });

  const current = readPostmasterPid(dataDir);
  if (current?.alive) {
    if (current.port !== port) {
      throw new Error(
        `PostgreSQL in ${dataDir} is already running on port ${current.port}, not ${port}; stop it first (pg_ctl -D ${dataDir} stop)`,
      );
    }
    await waitForPort(HOST, port, 30_000).catch(() => {
      throw new Error(
        `PostgreSQL in ${dataDir} (pid ${current.pid}) does not accept connections on port ${port}.${logTail(logFile)}`,
      );
    });
    return { url: postgresUrl(port), stop };
  }
  if (await isPortOpen(HOST, port)) {
    throw new Error(`Cannot start PostgreSQL: port ${port} on ${HOST} is already used by another program`);
  }

  await ensureBinaries({ postgres: true });
  const bin = findPostgresBin();
  await preparePostgresDir(dataDir);
  if (!fs.existsSync(path.join(dataDir, 'PG_VERSION'))) await initPostgres(bin, dataDir, fsync);
  if (current) fs.rmSync(path.join(dataDir, 'postmaster.pid'), { force: true }); // stale, from a crash

  const settings = [`-p ${port}`, `-c listen_addresses=${HOST}`, `-k ${socketDir(dataDir, port)}`];
  if (!fsync) settings.push('-c fsync=off', '-c synchronous_commit=off', '-c full_page_writes=off');
  const result = await run(
    path.join(bin, 'pg_ctl'),
    ['-D', dataDir, '-l', logFile, '-w', '-t', '60', '-o', settings.join(' '), 'start'],
    { asPostgres: true },
  );
  if (result.code !== 0) {
    const output = (result.stderr + result.stdout).trim();
    throw new Error(
      `PostgreSQL did not start in ${dataDir} on port ${port}: ${lastLines(output, 5)}${logTail(logFile)}`,
    );
  }
  return { url: postgresUrl(port), stop };
}

async function initPostgres(bin, dataDir, fsync) {
  const leftovers = fs.readdirSync(dataDir);
  if (leftovers.length > 0) {
    throw new Error(
      `${dataDir} is not a PostgreSQL data directory but is not empty (${leftovers.slice(0, 3).join(', ')}); remove it or pick another directory`,
    );
  }
  const args = ['-D', dataDir, '-U', 'postgres', '-A', 'trust', '-E', 'UTF8', '--locale=C.UTF-8'];
  if (!fsync) args.push('--no-sync');
  const result = await run(path.join(bin, 'initdb'), args, { asPostgres: true });
  if (result.code !== 0) {
    throw new Error(`initdb failed for ${dataDir}:\n${indent(lastLines((result.stderr + result.stdout).trim(), 20))}`);
  }
}

/**
 * Where the Unix socket goes: the data dir, unless its path would exceed the
 * ~107-byte socket path limit or needs awkward quoting (pg_ctl passes the
 * options through a shell); then '' turns sockets off, clients use TCP.
 */
function socketDir(dataDir, port) {
  const fits = Buffer.byteLength(path.join(dataDir, `.s.PGSQL.${port}`)) < 100;
  return fits && !dataDir.includes("'") ? `'${dataDir}'` : "''";
}

/** Stops the cluster in dataDir (fast shutdown); does nothing when it is not running. */
export async function stopPostgres({ dataDir }) {
  dataDir = path.resolve(dataDir);
  const current = readPostmasterPid(dataDir);
  if (!current) return;
  if (!current.alive) {
    fs.rmSync(path.join(dataDir, 'postmaster.pid'), { force: true });
    return;
  }
  const bin = findPostgresBin();
  if (!bin) throw new Error(`PostgreSQL (pid ${current.pid}) is running but pg_ctl was not found to stop it`);
  await runOrThrow(
    `Stopping PostgreSQL in ${dataDir}`,
    path.join(bin, 'pg_ctl'),
    ['-D', dataDir, '-m', 'fast', '-w', '-t', '60', 'stop'],
    {
      asPostgres: true,
    },
  );
}

/** Runs one SQL statement with psql over TCP and returns its unaligned output. */
export async function psql(url, sql) {
  const args = ['-X', '-q', '-t', '-A', '-v', 'ON_ERROR_STOP=1', '-d', url, '-c', sql];
  const result = await runOrThrow(`psql (${sql})`, findPsql(), args, { env: { PGCONNECT_TIMEOUT: '10' } });
  return result.stdout.trim();
}

/** Creates database `name` on the server at `url` (a URL of another database) unless it exists. */
export async function ensureDatabase({ url, name }) {
  if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`Unsupported database name ${JSON.stringify(name)}`);
  const exists = await psql(url, `SELECT 1 FROM pg_database WHERE datname = '${name}'`);
  if (exists !== '1') await psql(url, `CREATE DATABASE ${name}`);
  const target = new URL(url);
  target.pathname = `/${name}`;
  return target.toString();
}

// ---------------------------------------------------------------------------
// Redis

const redisUrl = (port) => `redis://${HOST}:${port}`;

/** { running, pid } for the Redis whose pid file is in dataDir. */
export async function redisStatus({ dataDir, port }) {
  dataDir = path.resolve(dataDir);
  const pid = Number(readFileOrNull(path.join(dataDir, 'redis.pid')));
  if (!isProcessAlive(pid)) return { running: false, pid: null, port: null };
  return { running: port === undefined ? true : await redisPing(port), pid, port: port ?? null };
}

/**
 * Starts redis-server on 127.0.0.1:port with its files in dataDir, or reuses
 * the one already serving that dir on that port. persistent=false is for
 * tests: no snapshots, no append-only file.
 */
export async function startRedis({ dataDir, port, persistent = true }) {
  checkPort(port);
  dataDir = path.resolve(dataDir);
  const logFile = path.join(dataDir, 'redis.log');
  const stop = () => stopRedis({ dataDir });
  fs.mkdirSync(dataDir, { recursive: true });

  if (await isPortOpen(HOST, port)) {
    if (!(await redisPing(port))) {
      throw new Error(`Cannot start Redis: port ${port} on ${HOST} is already used by another program`);
    }
    const dir = await redisDir(port);
    if (dir !== fs.realpathSync(dataDir)) {
      throw new Error(
        `Cannot start Redis: port ${port} is already used by another Redis (data in ${dir ?? 'unknown'})`,
      );
    }
    return { url: redisUrl(port), stop };
  }

  await ensureBinaries({ redis: true });
  fs.rmSync(path.join(dataDir, 'redis.pid'), { force: true }); // stale: nothing serves this port
  const args = ['--port', String(port), '--bind', HOST, '--dir', dataDir, '--daemonize', 'yes'];
  args.push('--pidfile', path.join(dataDir, 'redis.pid'), '--logfile', logFile);
  if (persistent) args.push('--appendonly', 'yes', '--maxmemory-policy', 'noeviction');
  else args.push('--save', '', '--appendonly', 'no');
  // redis-server forks into the background and returns at once.
  await runOrThrow(`Starting redis-server on port ${port}`, findRedisServer(), args);

  const deadline = Date.now() + 10_000;
  while (!(await redisPing(port))) {
    if (Date.now() > deadline) {
      throw new Error(`Redis did not answer PING on ${HOST}:${port} within 10 s (log: ${logFile}).${logTail(logFile)}`);
    }
    await sleep(10);
  }
  return { url: redisUrl(port), stop };
}

/** Stops the Redis whose pid file is in dataDir; does nothing when it is not running. */
export async function stopRedis({ dataDir }) {
  dataDir = path.resolve(dataDir);
  const pidFile = path.join(dataDir, 'redis.pid');
  const pid = Number(readFileOrNull(pidFile));
  const name = isProcessAlive(pid) ? processName(pid) : null;
  if (!isProcessAlive(pid) || (name !== null && !name.startsWith('redis'))) {
    fs.rmSync(pidFile, { force: true });
    return;
  }
  // SIGTERM makes Redis flush its append-only file and exit cleanly.
  process.kill(pid, 'SIGTERM');
  if (!(await waitForExit(pid, 30_000))) {
    throw new Error(`Redis (pid ${pid}) did not stop within 30 s; see ${path.join(dataDir, 'redis.log')}`);
  }
  fs.rmSync(pidFile, { force: true });
}
