import { BullModule } from '@nestjs/bullmq';
import { type DynamicModule, Module } from '@nestjs/common';
import { loggerModule } from '../../../libs/common/src/logger.js';
import { type AppConfig } from '../../../libs/config/src/config.js';
import { ConfigModule } from '../../../libs/config/src/config.module.js';
import { CoreModule } from '../../../libs/core/src/core.module.js';
import { DatabaseModule } from '../../../libs/database/src/database.module.js';
import { QUEUES, defaultJobOptions } from '../../../libs/queue/src/queues.js';
import { RedisModule } from '../../../libs/queue/src/redis.module.js';
import { ImportsProcessor } from './imports.processor.js';
import { MaintenanceProcessor } from './maintenance.processor.js';

/** The queue process: processors and job schedulers, no HTTP. */
@Module({})
export class WorkerModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: WorkerModule,
      imports: [
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
        BullModule.registerQueue({ name: QUEUES.maintenance }, { name: QUEUES.imports }),
      ],
      providers: [MaintenanceProcessor, ImportsProcessor],
    };
  }
}
