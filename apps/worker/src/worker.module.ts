import { BullModule } from '@nestjs/bullmq';
import { type DynamicModule, Module } from '@nestjs/common';
import { type AppConfig } from '../../../libs/config/src/config.js';
import { processModules } from '../../../libs/core/src/process-modules.js';
import { QUEUES } from '../../../libs/queue/src/queues.js';
import { DeliveriesProcessor } from './deliveries.processor.js';
import { ImportsProcessor } from './imports.processor.js';
import { MaintenanceProcessor } from './maintenance.processor.js';
import { RemindersProcessor } from './reminders.processor.js';
import { ReportsProcessor } from './reports.processor.js';

/** The queue process: processors and job schedulers, no HTTP. */
@Module({})
export class WorkerModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: WorkerModule,
      imports: [
        ...processModules(config),
        BullModule.registerQueue(
          { name: QUEUES.maintenance },
          { name: QUEUES.imports },
          { name: QUEUES.reminders },
          { name: QUEUES.notifications },
          { name: QUEUES.reports },
        ),
      ],
      providers: [MaintenanceProcessor, ImportsProcessor, RemindersProcessor, DeliveriesProcessor, ReportsProcessor],
    };
  }
}
