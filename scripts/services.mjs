// Local development services: PostgreSQL and Redis with their data under
// .local/ (git-ignored).
//
//   node scripts/services.mjs start    start both (idempotent), print the URLs
//   node scripts/services.mjs stop     stop both
//   node scripts/services.mjs status   say whether each one is running
//
// Ports: LOCAL_PG_PORT (default 54329), LOCAL_REDIS_PORT (default 63799).
// When DATABASE_URL or REDIS_URL is set, that server is used instead of a local one.

import path from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  ensureBinaries,
  ensureDatabase,
  postgresStatus,
  redisStatus,
  startPostgres,
  startRedis,
  stopPostgres,
  stopRedis,
} from './lib/services.mjs';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const postgresDir = path.join(repoRoot, '.local', 'postgres');
const redisDir = path.join(repoRoot, '.local', 'redis');
const databaseName = 'tracker';

function portFromEnv(name, fallback) {
  const value = process.env[name];
  if (value === undefined || value === '') return fallback;
  const port = Number(value);
  if (!Number.isInteger(port) || port < 1 || port > 65535)
    throw new Error(`${name} must be a port number, got "${value}"`);
  return port;
}

/** The URL without its password, safe to print. */
function redact(url) {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return '(unparsable URL)';
  }
}

const info = (line) => process.stderr.write(`${line}\n`);

/**
 * Starts what the environment does not already provide and returns the URLs;
 * `started` says which local servers this call is responsible for.
 */
export async function startLocalServices() {
  const started = { postgres: false, redis: false };
  let databaseUrl = process.env.DATABASE_URL;
  let redisUrl = process.env.REDIS_URL;
  const externalDatabase = process.env.DATABASE_URL;
  const externalRedis = process.env.REDIS_URL;
  await ensureBinaries({ postgres: !externalDatabase, redis: !externalRedis });

  if (externalDatabase) {
    info(`Using DATABASE_URL from the environment (${redact(externalDatabase)}); local PostgreSQL not started.`);
  } else {
    const port = portFromEnv('LOCAL_PG_PORT', 54329);
    const { url } = await startPostgres({ dataDir: postgresDir, port });
    databaseUrl = await ensureDatabase({ url, name: databaseName });
    started.postgres = true;
    info(`PostgreSQL is running on 127.0.0.1:${port} (data in .local/postgres, log .local/postgres/postgres.log).`);
  }

  if (externalRedis) {
    info(`Using REDIS_URL from the environment (${redact(externalRedis)}); local Redis not started.`);
  } else {
    const port = portFromEnv('LOCAL_REDIS_PORT', 63799);
    redisUrl = (await startRedis({ dataDir: redisDir, port, persistent: true })).url;
    started.redis = true;
    info(`Redis is running on 127.0.0.1:${port} (data in .local/redis, log .local/redis/redis.log).`);
  }
  return { databaseUrl, redisUrl, started };
}

async function start() {
  const { databaseUrl, redisUrl } = await startLocalServices();
  console.log(`DATABASE_URL=${databaseUrl}`);
  console.log(`REDIS_URL=${redisUrl}`);
}

/** Stops the local servers named in `which` (both by default). */
export async function stopLocalServices(which = { postgres: true, redis: true }) {
  if (which.postgres) {
    await stopPostgres({ dataDir: postgresDir });
    info('PostgreSQL: stopped');
  }
  if (which.redis) {
    await stopRedis({ dataDir: redisDir });
    info('Redis: stopped');
  }
}

async function stop() {
  await stopLocalServices();
}

async function status() {
  const postgres = await postgresStatus({ dataDir: postgresDir });
  console.log(
    postgres.running
      ? `PostgreSQL: running (pid ${postgres.pid}, 127.0.0.1:${postgres.port}, data .local/postgres)`
      : 'PostgreSQL: not running',
  );
  const redisPort = portFromEnv('LOCAL_REDIS_PORT', 63799);
  const redis = await redisStatus({ dataDir: redisDir, port: redisPort });
  console.log(
    redis.running
      ? `Redis: running (pid ${redis.pid}, 127.0.0.1:${redisPort}, data .local/redis)`
      : redis.pid
        ? `Redis: process ${redis.pid} exists but does not answer on port ${redisPort}`
        : 'Redis: not running',
  );
}

// Run as a command only when executed directly (the main command imports this file).
if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const commands = { start, stop, status };
  const command = commands[process.argv[2]];
  if (!command) {
    info('Usage: node scripts/services.mjs start|stop|status');
    process.exit(2);
  }
  try {
    await command();
  } catch (error) {
    info(`Error: ${error.message}`);
    process.exit(1);
  }
}
