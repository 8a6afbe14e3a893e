import { type DefaultJobOptions } from 'bullmq';

/** Every queue, by name. Processors live in apps/worker only. */
export const QUEUES = {
  maintenance: 'maintenance',
  imports: 'imports',
  reminders: 'reminders',
  notifications: 'notifications',
  reports: 'reports',
} as const;
export type QueueName = (typeof QUEUES)[keyof typeof QUEUES];

/** Every job name with its payload type. Jobs carry ids only; PostgreSQL is the truth. */
export interface JobPayloads {
  'maintenance.heartbeat': Record<string, never>;
  /** Decode and extract one uploaded file. */
  'import.extract': { importId: string };
  /** Re-enqueue uploads that wait without a live job (a crash between commit and enqueue). */
  'import.sweep': Record<string, never>;
  /** Put the reminder runs due soon on the queue. */
  'reminder.sweep': Record<string, never>;
  /** Send every reminder due by this instant, as digests. */
  'reminder.run': { runAt: string };
  /** Re-plan the reminders of every open task (daily, after midnight in China). */
  'reminder.replan': Record<string, never>;
  /** Send one e-mail or webhook delivery (one id per delivery, re-sent under that id if a worker died mid-send). */
  'delivery.send': { deliveryId: string };
  /** Re-evaluate the warning light of every open task (daily, and after the rules change). */
  'report.lights': Record<string, never>;
  /** Build last week's snapshot (周报) and send it to supervisors (Monday 08:00 in China). */
  'report.weekly': Record<string, never>;
}
export type JobName = keyof JobPayloads;

/** Central defaults: retries with exponential backoff, bounded history, failures kept for admins. */
export const defaultJobOptions: DefaultJobOptions = {
  attempts: 5,
  backoff: { type: 'exponential', delay: 5_000 },
  removeOnComplete: { count: 1_000, age: 7 * 24 * 3600 },
  removeOnFail: { count: 10_000 },
};

/**
 * Deterministic job ids (`reminder-<id>-<kind>`): adding an existing id is a
 * no-op, which makes enqueueing idempotent. BullMQ forbids `:` in custom ids
 * and ids that are plain integers.
 */
export function jobId(...parts: Array<string | number>): string {
  const id = parts.map(String).join('-');
  if (id.includes(':')) throw new Error(`Job id must not contain ':': ${id}`);
  if (/^\d+$/.test(id)) throw new Error(`Job id must not be an integer string: ${id}`);
  return id;
}

export const WORKER_HEARTBEAT_KEY = 'worker-heartbeat';
