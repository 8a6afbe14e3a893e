import { mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { ensureBinaries, startPostgres, startRedis, stopPostgres, stopRedis } from '../../scripts/lib/services.mjs';

export interface ThrowawayService {
  url: string;
  /** Stops the server but keeps its data, to simulate an outage. */
  pause(): Promise<void>;
  /** Starts a paused server again on the same port. */
  resume(): Promise<void>;
  /** Stops the server and removes its data. */
  destroy(): Promise<void>;
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/** A throwaway PostgreSQL cluster (fsync off) in a temporary folder. */
export async function startThrowawayPostgres(): Promise<ThrowawayService> {
  await ensureBinaries({ postgres: true });
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'tracker-test-pg-'));
  const port = await freePort();
  const { url } = await startPostgres({ dataDir, port, fsync: false });
  return {
    url,
    pause: () => stopPostgres({ dataDir }),
    resume: async () => void (await startPostgres({ dataDir, port, fsync: false })),
    destroy: async () => {
      await stopPostgres({ dataDir });
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** A throwaway Redis without persistence in a temporary folder. */
export async function startThrowawayRedis(): Promise<ThrowawayService> {
  await ensureBinaries({ redis: true });
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'tracker-test-redis-'));
  const port = await freePort();
  const { url } = await startRedis({ dataDir, port, persistent: false });
  return {
    url,
    pause: () => stopRedis({ dataDir }),
    resume: async () => void (await startRedis({ dataDir, port, persistent: false })),
    destroy: async () => {
      await stopRedis({ dataDir });
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
