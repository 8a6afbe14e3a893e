export {
  QUEUES,
  WORKER_HEARTBEAT_KEY,
  defaultJobOptions,
  jobId,
  type JobName,
  type JobPayloads,
  type QueueName,
} from './queues.js';
export { redisOptionsFromUrl } from './redis.js';
export { REDIS_CLIENT, RedisModule } from './redis.module.js';
