/**
 * The real worker (WorkerModule) as a process of its own, so that a test can kill
 * it with SIGKILL. Run with `node --import tsx test/support/worker-process.ts`
 * (not through `npx tsx`, whose extra parent process would survive a SIGKILL).
 *
 * Environment: DATABASE_URL, REDIS_URL, QUEUE_PREFIX, SMTP_URL as for the worker, and
 *   FAKE_NOW       the time the worker's clock shows at FAKE_EPOCH_MS (ISO instant)
 *   FAKE_EPOCH_MS  the real Date.now() at which the clock showed FAKE_NOW (default: start-up),
 *                  shared by every worker of a test so that they agree on the time
 *   FAKE_SPEED     fake milliseconds per real millisecond (0, the default, freezes the clock)
 *   SWEEP_EVERY_MS how often to call RemindersProcessor.sweep() (default 200; the
 *                  worker's own job scheduler sweeps only once a minute)
 * Prints `ready` on stdout once the processors run. SIGTERM closes it gracefully.
 */
import 'reflect-metadata';
import { compileProjectWithSwc } from './swc-loader.js';

compileProjectWithSwc();
const { NestFactory } = await import('@nestjs/core');
const { loadConfig } = await import('../../libs/config/src/config.js');
const { CLOCK } = await import('../../libs/core/src/clock.js');
const { WorkerModule } = await import('../../apps/worker/src/worker.module.js');
const { RemindersProcessor } = await import('../../apps/worker/src/reminders.processor.js');

const env = process.env;
const config = loadConfig({
  NODE_ENV: 'test',
  JWT_SECRET: 'worker-process-secret-worker-process-secret',
  LOG_LEVEL: env.LOG_LEVEL ?? 'silent',
  DB_CONNECT_TIMEOUT_MS: '1000',
  DATABASE_URL: env.DATABASE_URL,
  REDIS_URL: env.REDIS_URL,
  QUEUE_PREFIX: env.QUEUE_PREFIX,
  SMTP_URL: env.SMTP_URL,
});
const context = await NestFactory.createApplicationContext(WorkerModule.forRoot(config), {
  logger: false,
  abortOnError: false,
});

// The clock is set before init, so that nothing reads the real time first.
if (env.FAKE_NOW) {
  const fakeNow = Date.parse(env.FAKE_NOW);
  const epoch = Number(env.FAKE_EPOCH_MS ?? Date.now());
  const speed = Number(env.FAKE_SPEED ?? 0);
  context.get<{ now: () => Date }>(CLOCK).now = () => new Date(fakeNow + (Date.now() - epoch) * speed);
}
await context.init();

const processor = context.get(RemindersProcessor);
// What the runs did, on stderr: the test shows it when it fails.
const trace = (line: string) => process.stderr.write(`${new Date().toISOString().slice(11, 23)} ${line}\n`);
processor.worker.on('completed', (job, result) => trace(`${job.name} ${job.id} done ${JSON.stringify(result)}`));
processor.worker.on('failed', (job, error) => trace(`${job?.name} ${job?.id} failed: ${error.message}`));
processor.worker.on('active', (job) => job.name === 'reminder.run' && trace(`${job.name} ${job.id} started`));
const every = Number(env.SWEEP_EVERY_MS ?? 200);
let stopping = false;
const sweepLoop = (async () => {
  while (!stopping) {
    // A sweep fails while Redis is down; the next one tries again.
    await processor.sweep().catch((error: unknown) => {
      if (env.LOG_LEVEL && env.LOG_LEVEL !== 'silent') process.stderr.write(`sweep failed: ${String(error)}\n`);
    });
    await new Promise((resolve) => setTimeout(resolve, every));
  }
})();

// Started with an IPC channel by the test: when the test process dies, so does this worker.
process.once('disconnect', () => process.exit(1));
process.once('SIGTERM', () => {
  stopping = true;
  void sweepLoop.then(() => context.close()).finally(() => process.exit(0));
});
process.stdout.write('ready\n');
