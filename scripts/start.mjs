#!/usr/bin/env node
// The main command (`npm start`): installs what is missing, starts the local
// PostgreSQL and Redis, migrates, seeds the demo, builds, and runs the API and
// the worker until Ctrl-C, which stops all of it. Safe to run again.
import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { NODE_FLAGS } from './lib/node-flags.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const localDir = path.join(root, '.local');
const logDir = path.join(localDir, 'logs');
const say = (line) => process.stdout.write(`${line}\n`);

function run(command, args, options = {}) {
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit', ...options });
  if (result.status !== 0) {
    throw new Error(`${path.basename(command)} ${args.join(' ')} failed (exit ${result.status ?? result.signal})`);
  }
}

function installDependenciesIfNeeded() {
  const installed = path.join(root, 'node_modules', '.package-lock.json');
  const lock = path.join(root, 'package-lock.json');
  if (fs.existsSync(installed) && fs.statSync(installed).mtimeMs >= fs.statSync(lock).mtimeMs) return;
  say('==> Installing npm dependencies');
  run('npm', ['install', '--no-audit', '--no-fund']);
}

/** The signing secret comes from the environment, or one made once for this checkout. */
function jwtSecret() {
  if (process.env.JWT_SECRET) return process.env.JWT_SECRET;
  const file = path.join(localDir, 'jwt-secret');
  if (!fs.existsSync(file)) {
    fs.mkdirSync(localDir, { recursive: true });
    fs.writeFileSync(file, randomBytes(32).toString('hex'), { mode: 0o600 });
  }
  return fs.readFileSync(file, 'utf8').trim();
}

async function waitForHealth(url, child, timeoutMs) {
  const started = Date.now();
  while (Date.now() - started < timeoutMs) {
    if (child.exitCode !== null) return false;
    try {
      if ((await fetch(`${url}/health`)).ok) return true;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 300));
  }
  return false;
}

function tail(file, lines = 15) {
  try {
    return fs.readFileSync(file, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
  } catch {
    return '';
  }
}

installDependenciesIfNeeded();
const { startLocalServices, stopLocalServices } = await import('./services.mjs');

say('==> Starting PostgreSQL and Redis');
const services = await startLocalServices();
const port = process.env.PORT || '3000';
const publicUrl = process.env.PUBLIC_URL || `http://localhost:${port}`;
const demoPassword = process.env.DEMO_PASSWORD || 'demo-2026-tracker';
const env = {
  ...process.env,
  DATABASE_URL: services.databaseUrl,
  REDIS_URL: services.redisUrl,
  JWT_SECRET: jwtSecret(),
  PORT: port,
  PUBLIC_URL: publicUrl,
  DEMO_PASSWORD: demoPassword,
};

const children = [];
let stopping = false;

async function shutdown(code) {
  if (stopping) return;
  stopping = true;
  say('\n==> Stopping the API and the worker');
  await Promise.all(
    children.map(
      (child) =>
        new Promise((resolve) => {
          if (child.exitCode !== null) return resolve();
          child.once('exit', resolve);
          child.kill('SIGTERM');
          setTimeout(() => child.kill('SIGKILL'), 10_000).unref();
        }),
    ),
  );
  say('==> Stopping PostgreSQL and Redis');
  await stopLocalServices(services.started);
  process.exit(code);
}
process.on('SIGINT', () => void shutdown(0));
process.on('SIGTERM', () => void shutdown(0));

try {
  say('==> Building');
  run(process.execPath, ['node_modules/typescript/bin/tsc', '-p', 'tsconfig.build.json']);
  run(process.execPath, [
    'node_modules/vite/bin/vite.js',
    'build',
    '--config',
    'apps/web/vite.config.ts',
    '--logLevel',
    'warn',
  ]);
  say('==> Migrating the database');
  run(process.execPath, ['dist/apps/cli/src/main.js', 'migrate'], { env });
  say('==> Seeding the demo');
  run(process.execPath, ['dist/apps/cli/src/main.js', 'seed-demo'], { env });
} catch (error) {
  process.stderr.write(`${error.message}\n`);
  await shutdown(1);
}

fs.mkdirSync(logDir, { recursive: true });
for (const name of ['api', 'worker']) {
  const logFile = path.join(logDir, `${name}.log`);
  const log = fs.openSync(logFile, 'a');
  const child = spawn(process.execPath, [...NODE_FLAGS[name], `dist/apps/${name}/src/main.js`], {
    cwd: root,
    env,
    stdio: ['ignore', log, log],
  });
  child.on('exit', (code, signal) => {
    if (stopping) return;
    process.stderr.write(
      `\nThe ${name} stopped (${signal ?? `exit ${code}`}). Last lines of ${logFile}:\n${tail(logFile)}\n`,
    );
    void shutdown(1);
  });
  children.push(child);
}

say('==> Starting the API and the worker');
if (!(await waitForHealth(`http://127.0.0.1:${port}`, children[0], 60_000))) {
  process.stderr.write(
    `The API did not become healthy. Last lines of .local/logs/api.log:\n${tail(path.join(logDir, 'api.log'))}\n`,
  );
  await shutdown(1);
}

say(`
试点任务督办 is running.
  App:       ${publicUrl}
  API docs:  ${publicUrl}/api/docs
  Health:    ${publicUrl}/health
  Logs:      .local/logs/api.log, .local/logs/worker.log

Demo accounts (password: ${demoPassword}):
  admin@demo.gov.cn        administrator
  coordinator@demo.gov.cn  coordinating office
  supervisor@demo.gov.cn   supervisor
  caizheng@demo.gov.cn     agency officer, 市财政局
  jingxin@demo.gov.cn      agency officer, 市经济和信息化局

Press Ctrl-C to stop everything.`);
