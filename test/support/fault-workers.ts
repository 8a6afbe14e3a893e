import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const ENTRY = fileURLToPath(new URL('./worker-process.ts', import.meta.url));
const READY_TIMEOUT_MS = 30_000;
/** The last output of each worker, for the failure message. */
const TAIL_CHARS = 4_000;

export interface WorkerProcess {
  name: string;
  child: ChildProcess;
  /** Resolves when the worker prints `ready`; rejects when it exits first. */
  ready: Promise<void>;
  exited: Promise<void>;
  output(): string;
}

/**
 * Real worker processes (test/support/worker-process.ts) that a test can kill with
 * SIGKILL at any moment. Every one started is remembered, so that `killAll` in
 * afterAll leaves none behind, also when the test fails.
 */
export class WorkerProcesses {
  private readonly live = new Set<WorkerProcess>();
  private readonly all: WorkerProcess[] = [];
  private started = 0;

  constructor(private readonly env: Record<string, string>) {}

  start(): WorkerProcess {
    const name = `worker-${++this.started}`;
    // node --import tsx (not npx tsx): one process, so SIGKILL leaves no grandchild behind.
    // The IPC channel lets the worker notice when this process dies and exit too.
    const child = spawn(process.execPath, ['--import', 'tsx', ENTRY], {
      cwd: ROOT,
      env: { ...process.env, ...this.env },
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
    });
    let output = '';
    const keep = (chunk: Buffer) => (output = (output + chunk.toString()).slice(-TAIL_CHARS));
    child.stderr?.on('data', keep);
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    const ready = new Promise<void>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`${name} not ready within ${READY_TIMEOUT_MS} ms`)),
        READY_TIMEOUT_MS,
      );
      child.stdout?.on('data', (chunk: Buffer) => {
        keep(chunk);
        if (/^ready$/m.test(output)) {
          clearTimeout(timer);
          resolve();
        }
      });
      child.once('exit', (code, signal) => {
        clearTimeout(timer);
        reject(new Error(`${name} exited (${signal ?? code}) before it was ready:\n${output}`));
      });
    });
    // A worker killed before it was ready is not an error of its own.
    ready.catch(() => undefined);
    const worker: WorkerProcess = { name, child, ready, exited, output: () => output };
    this.live.add(worker);
    this.all.push(worker);
    void exited.then(() => this.live.delete(worker));
    return worker;
  }

  async kill(worker: WorkerProcess): Promise<void> {
    worker.child.kill('SIGKILL');
    await worker.exited;
  }

  async killAll(): Promise<void> {
    await Promise.all([...this.live].map((worker) => this.kill(worker)));
  }

  /** What every worker started printed last (killed ones too), for a failure message. */
  outputs(): string {
    return this.all.map((w) => `--- ${w.name}\n${w.output()}`).join('\n');
  }
}
