import { Processor, WorkerHost } from '@nestjs/bullmq';
import { Injectable } from '@nestjs/common';
import { DelayedError, type Job } from 'bullmq';
import { DeliveryService } from '../../../libs/core/src/reminders/delivery.service.js';
import { type JobName, type JobPayloads, QUEUES } from '../../../libs/queue/src/queues.js';

/** One job per recipient and channel, so one failing e-mail or webhook retries alone. */
@Processor(QUEUES.notifications, { concurrency: 10 })
@Injectable()
export class DeliveriesProcessor extends WorkerHost {
  constructor(private readonly deliveries: DeliveryService) {
    super();
  }

  async process(job: Job, token?: string): Promise<unknown> {
    if ((job.name as JobName) !== 'delivery.send') throw new Error(`No handler for job ${job.name}`);
    const { deliveryId } = job.data as JobPayloads['delivery.send'];
    const outcome = await this.deliveries.send(deliveryId);
    if (outcome.result === 'later') {
      // Quiet hours: the same job waits, without using up an attempt.
      await job.moveToDelayed(outcome.retryAt.getTime(), token);
      throw new DelayedError();
    }
    return outcome;
  }
}
