import { InjectQueue, Processor, WorkerHost } from '@nestjs/bullmq';
import { Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import { type Job, Queue } from 'bullmq';
import { LightsService } from '../../../libs/core/src/reports/lights.service.js';
import { SnapshotService } from '../../../libs/core/src/reports/snapshot.service.js';
import { type JobName, QUEUES, jobId } from '../../../libs/queue/src/queues.js';

/**
 * Reports: every night the lights of all open tasks are re-evaluated (time
 * alone turns them blue and red); every Monday at 08:00 in China last week's
 * snapshot (周报) is built and sent to the supervisors.
 */
@Processor(QUEUES.reports)
@Injectable()
export class ReportsProcessor extends WorkerHost implements OnApplicationBootstrap {
  constructor(
    private readonly lights: LightsService,
    private readonly snapshots: SnapshotService,
    @InjectQueue(QUEUES.reports) private readonly queue: Queue,
    @InjectQueue(QUEUES.notifications) private readonly notifications: Queue,
  ) {
    super();
  }

  async onApplicationBootstrap(): Promise<void> {
    const lights: JobName = 'report.lights';
    const weekly: JobName = 'report.weekly';
    await this.queue.upsertJobScheduler(
      'report-lights',
      { pattern: '20 0 * * *', tz: 'Asia/Shanghai' },
      { name: lights, data: {} },
    );
    await this.queue.upsertJobScheduler(
      'report-weekly',
      { pattern: '0 8 * * 1', tz: 'Asia/Shanghai' },
      { name: weekly, data: {} },
    );
  }

  async process(job: Job): Promise<unknown> {
    switch (job.name as JobName) {
      case 'report.lights':
        return this.lights.refreshAll();
      case 'report.weekly':
        return this.weekly();
      default:
        throw new Error(`No handler for job ${job.name}`);
    }
  }

  /** Builds last week's snapshot (kept if already built) and announces it, once per week. */
  async weekly(): Promise<{ period: string; deliveries: number }> {
    const period = this.snapshots.lastClosedPeriod();
    await this.snapshots.build(period);
    const ids = await this.snapshots.announce(period);
    const name: JobName = 'delivery.send';
    await this.notifications.addBulk(
      ids.map((deliveryId) => ({ name, data: { deliveryId }, opts: { jobId: jobId('delivery', deliveryId) } })),
    );
    return { period, deliveries: ids.length };
  }
}
