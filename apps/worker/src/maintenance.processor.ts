import { InjectQueue, Processor, WorkerHost } from '@nestjs/bullmq';
import { Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { type Job, Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { type AppConfig } from '../../../libs/config/src/config.js';
import { APP_CONFIG } from '../../../libs/config/src/config.module.js';
import { type JobName, QUEUES, WORKER_HEARTBEAT_KEY } from '../../../libs/queue/src/queues.js';
import { REDIS_CLIENT } from '../../../libs/queue/src/redis.module.js';

const HEARTBEAT_EVERY_MS = 60_000;

/** Keeps a heartbeat in Redis so that /health can say when the worker was last alive. */
@Processor(QUEUES.maintenance)
@Injectable()
export class MaintenanceProcessor extends WorkerHost implements OnApplicationBootstrap {
  private readonly logger = new Logger(MaintenanceProcessor.name);

  constructor(
    @InjectQueue(QUEUES.maintenance) private readonly queue: Queue,
    @Inject(REDIS_CLIENT) private readonly redis: Redis,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    super();
  }

  async onApplicationBootstrap(): Promise<void> {
    const name: JobName = 'maintenance.heartbeat';
    await this.queue.upsertJobScheduler('maintenance-heartbeat', { every: HEARTBEAT_EVERY_MS }, { name, data: {} });
  }

  async process(job: Job): Promise<void> {
    switch (job.name as JobName) {
      case 'maintenance.heartbeat':
        await this.redis.set(
          `${this.config.redis.queuePrefix}:${WORKER_HEARTBEAT_KEY}`,
          new Date().toISOString(),
          'EX',
          (HEARTBEAT_EVERY_MS / 1000) * 5,
        );
        return;
      default:
        // An unknown job name is a programming error: fail it loudly, keep it for inspection.
        this.logger.error({ jobName: job.name, jobId: job.id }, 'no handler for job');
        throw new Error(`No handler for job ${job.name}`);
    }
  }
}
