import { InjectQueue, Processor, WorkerHost } from '@nestjs/bullmq';
import { Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { type Job, Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { type AppConfig } from '../../../libs/config/src/config.js';
import { APP_CONFIG } from '../../../libs/config/src/config.module.js';
import { missingCalendarYears } from '../../../libs/core/src/calendar/working-days.js';
import { CLOCK, type Clock } from '../../../libs/core/src/clock.js';
import { DeliveryService } from '../../../libs/core/src/reminders/delivery.service.js';
import { ReminderService, runKey } from '../../../libs/core/src/reminders/reminder.service.js';
import { shanghaiDate } from '../../../libs/core/src/tasks/deadlines.js';
import { type JobName, type JobPayloads, QUEUES, jobId } from '../../../libs/queue/src/queues.js';
import { REDIS_CLIENT } from '../../../libs/queue/src/redis.module.js';

const SWEEP_EVERY_MS = 60_000;
/** How far ahead the sweep puts runs on the queue as delayed jobs. */
const HORIZON_MS = 2 * 60_000;

/**
 * Reminders: a sweep every minute puts each due minute on the queue as one
 * run (deterministic id, carrying only its time); a run sends everything due
 * by then as digests. PostgreSQL holds the truth, so a lost job only delays a
 * run to the next sweep.
 */
@Processor(QUEUES.reminders)
@Injectable()
export class RemindersProcessor extends WorkerHost implements OnApplicationBootstrap {
  private readonly logger = new Logger(RemindersProcessor.name);

  constructor(
    private readonly reminders: ReminderService,
    @InjectQueue(QUEUES.reminders) private readonly queue: Queue,
    @InjectQueue(QUEUES.notifications) private readonly notifications: Queue,
    private readonly deliveries: DeliveryService,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(REDIS_CLIENT) private readonly redis: Redis,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    super();
  }

  async onApplicationBootstrap(): Promise<void> {
    const sweep: JobName = 'reminder.sweep';
    const replan: JobName = 'reminder.replan';
    await this.queue.upsertJobScheduler('reminder-sweep', { every: SWEEP_EVERY_MS }, { name: sweep, data: {} });
    // After midnight in China a new day (and on Mondays a new reporting week) brings new reminders.
    await this.queue.upsertJobScheduler(
      'reminder-replan',
      { pattern: '10 0 * * *', tz: 'Asia/Shanghai' },
      { name: replan, data: {} },
    );
    this.warnAboutCalendar();
  }

  async process(job: Job): Promise<unknown> {
    switch (job.name as JobName) {
      case 'reminder.sweep':
        return this.sweep();
      case 'reminder.run': {
        const { runAt } = job.data as JobPayloads['reminder.run'];
        // A backlog larger than one batch drains in this job, batch after batch.
        const total = { sent: 0, skipped: 0, notifications: 0, deliveries: 0 };
        for (let batch = 0; batch < 1_000; batch++) {
          const result = await this.reminders.sendRun(new Date(runAt));
          await this.enqueueDeliveries(result.deliveries);
          total.sent += result.sent;
          total.skipped += result.skipped;
          total.notifications += result.notifications;
          total.deliveries += result.deliveries.length;
          if (!result.more) break;
        }
        return total;
      }
      case 'reminder.replan':
        this.warnAboutCalendar();
        return { tasks: await this.reminders.syncAllOpen() };
      default:
        throw new Error(`No handler for job ${job.name}`);
    }
  }

  /** Puts the runs due within the horizon on the queue; past-due ones run now under this minute's id. */
  async sweep(): Promise<{ runs: number }> {
    const now = this.clock.now();
    const runs = await this.reminders.dueRuns(new Date(now.getTime() + HORIZON_MS));
    const thisMinute = new Date(Math.floor(now.getTime() / 60_000) * 60_000);
    const targets = new Set(runs.map((run) => Math.max(run.getTime(), thisMinute.getTime())));
    const name: JobName = 'reminder.run';
    for (const at of targets) {
      const runAt = new Date(at);
      await this.queue.add(
        name,
        { runAt: runAt.toISOString() },
        { jobId: jobId('reminder-run', runKey(runAt).replace(/[^0-9]/g, '')), delay: Math.max(0, at - now.getTime()) },
      );
    }
    // Deliveries still pending whose job was lost (a crash between commit and enqueue, an emptied
    // Redis) or ended without sending (a job that stalled too often under killed workers).
    await this.requeueDeliveries(await this.deliveries.pendingIds());
    await this.redis.set(`${this.config.redis.queuePrefix}:reminder-last-sweep`, now.toISOString());
    return { runs: targets.size };
  }

  private async requeueDeliveries(ids: string[]): Promise<void> {
    for (const id of ids) {
      // Same ids keep live jobs from doubling; a finished job with the id would block the re-add.
      const job = await this.notifications.getJob(jobId('delivery', id));
      if (job && ((await job.isFailed()) || (await job.isCompleted()))) await job.remove();
    }
    await this.enqueueDeliveries(ids);
  }

  private async enqueueDeliveries(ids: string[]): Promise<void> {
    if (ids.length === 0) return;
    const name: JobName = 'delivery.send';
    await this.notifications.addBulk(
      ids.map((deliveryId) => ({ name, data: { deliveryId }, opts: { jobId: jobId('delivery', deliveryId) } })),
    );
  }

  private warnAboutCalendar(): void {
    const today = shanghaiDate(this.clock.now());
    const nextYear = `${Number(today.slice(0, 4)) + 1}-12-31`;
    const missing = missingCalendarYears(today, nextYear);
    if (missing.length > 0) {
      this.logger.warn(
        { years: missing },
        `The official holiday calendar for ${missing.join(', ')} is not in the data yet: working days there are guessed as Monday–Friday. Update the chinese-days package when it is published.`,
      );
    }
  }
}
