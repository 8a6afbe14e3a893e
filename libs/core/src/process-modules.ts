import { BullModule } from '@nestjs/bullmq';
import { type DynamicModule, type Type } from '@nestjs/common';
import { loggerModule } from '../../common/src/logger.js';
import { type AppConfig } from '../../config/src/config.js';
import { ConfigModule } from '../../config/src/config.module.js';
import { DatabaseModule } from '../../database/src/database.module.js';
import { defaultJobOptions } from '../../queue/src/queues.js';
import { RedisModule } from '../../queue/src/redis.module.js';
import { CoreModule } from './core.module.js';

/** What both processes (API and worker) stand on: config, logs, database, Redis, queues, domain. */
export function processModules(config: AppConfig): Array<DynamicModule | Type> {
  return [
    ConfigModule.forRoot(config),
    loggerModule(config.logLevel),
    DatabaseModule.forRoot(),
    RedisModule,
    CoreModule,
    BullModule.forRoot({
      // BullMQ's blocking connections must retry forever rather than fail commands.
      connection: { url: config.redis.url, maxRetriesPerRequest: null },
      prefix: config.redis.queuePrefix,
      defaultJobOptions,
    }),
  ];
}
