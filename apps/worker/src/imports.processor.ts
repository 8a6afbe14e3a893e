import { InjectQueue, OnWorkerEvent, Processor, WorkerHost } from '@nestjs/bullmq';
import { Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { type Job, Queue } from 'bullmq';
import { ImportService } from '../../../libs/core/src/imports/import.service.js';
import { type JobName, type JobPayloads, QUEUES, jobId } from '../../../libs/queue/src/queues.js';

const SWEEP_EVERY_MS = 60_000;

/** Extracts uploaded files, and sweeps up uploads whose job was lost. */
@Processor(QUEUES.imports, { concurrency: 2 })
@Injectable()
export class ImportsProcessor extends WorkerHost implements OnApplicationBootstrap {
  private readonly logger = new Logger(ImportsProcessor.name);

  constructor(
    private readonly imports: ImportService,
    @InjectQueue(QUEUES.imports) private readonly queue: Queue,
  ) {
    super();
  }

  async onApplicationBootstrap(): Promise<void> {
    const name: JobName = 'import.sweep';
    await this.queue.upsertJobScheduler('import-sweep', { every: SWEEP_EVERY_MS }, { name, data: {} });
  }

  async process(job: Job): Promise<unknown> {
    switch (job.name as JobName) {
      case 'import.extract': {
        const { importId } = job.data as JobPayloads['import.extract'];
        await this.imports.extract(importId, (percent) => job.updateProgress(percent));
        return;
      }
      case 'import.sweep': {
        const ids = await this.imports.waitingIds();
        for (const importId of ids) {
          const name: JobName = 'import.extract';
          // Same id as the API's enqueue: a live job makes this a no-op.
          await this.queue.add(name, { importId }, { jobId: jobId('import', importId) });
        }
        return { requeued: ids.length };
      }
      default:
        throw new Error(`No handler for job ${job.name}`);
    }
  }

  /** After the last retry, the upload is marked failed so that it does not wait forever. */
  @OnWorkerEvent('failed')
  async onFailed(job: Job | undefined, error: Error): Promise<void> {
    if (!job || job.name !== 'import.extract' || job.attemptsMade < (job.opts.attempts ?? 1)) return;
    const { importId } = job.data as JobPayloads['import.extract'];
    this.logger.error({ importId, err: error }, 'extraction failed for good');
    await this.imports.markFailed(
      importId,
      'IMPORT.EXTRACTION_FAILED',
      `抽取失败 (extraction failed): ${error.message}`,
    );
  }
}
