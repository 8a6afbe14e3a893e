import { InjectQueue } from '@nestjs/bullmq';
import { Injectable, Logger } from '@nestjs/common';
import { Queue } from 'bullmq';
import { type JobName, type JobPayloads, QUEUES, jobId } from '../../../../libs/queue/src/queues.js';

const ENQUEUE_TIMEOUT_MS = 2_000;

/**
 * Hands uploads to the worker. An upload whose enqueue fails (Redis down)
 * stays `queued` in PostgreSQL and the worker's sweep picks it up later.
 */
@Injectable()
export class ImportQueue {
  private readonly logger = new Logger(ImportQueue.name);

  constructor(@InjectQueue(QUEUES.imports) private readonly queue: Queue) {}

  async enqueueExtraction(importId: string): Promise<void> {
    const name: JobName = 'import.extract';
    const data: JobPayloads['import.extract'] = { importId };
    try {
      await Promise.race([
        this.queue.add(name, data, { jobId: jobId('import', importId) }),
        new Promise((_, reject) =>
          setTimeout(() => reject(new Error('enqueue timed out')), ENQUEUE_TIMEOUT_MS).unref(),
        ),
      ]);
    } catch (error) {
      this.logger.warn({ importId, err: error }, 'enqueue failed; the sweep will retry');
    }
  }
}
