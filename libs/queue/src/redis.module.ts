import { Global, Inject, Injectable, Module, type OnApplicationShutdown } from '@nestjs/common';
import { Redis } from 'ioredis';
import { type AppConfig } from '../../config/src/config.js';
import { APP_CONFIG } from '../../config/src/config.module.js';
import { redisOptionsFromUrl } from './redis.js';

export const REDIS_CLIENT = Symbol('REDIS_CLIENT');

/**
 * A plain Redis client for health checks and small keys. Commands fail at once
 * while Redis is down (no offline queue) and the client reconnects by itself.
 */
@Injectable()
class RedisClientLifecycle implements OnApplicationShutdown {
  constructor(@Inject(REDIS_CLIENT) private readonly client: Redis) {}
  async onApplicationShutdown(): Promise<void> {
    this.client.disconnect();
  }
}

@Global()
@Module({
  providers: [
    {
      provide: REDIS_CLIENT,
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => {
        const client = new Redis({
          ...redisOptionsFromUrl(config.redis.url),
          enableOfflineQueue: false,
          maxRetriesPerRequest: 1,
          connectTimeout: 2_000,
          retryStrategy: (attempt) => Math.min(attempt * 200, 2_000),
        });
        // Errors surface through commands and /health; without a listener ioredis would log each retry.
        client.on('error', () => undefined);
        return client;
      },
    },
    RedisClientLifecycle,
  ],
  exports: [REDIS_CLIENT],
})
export class RedisModule {}
