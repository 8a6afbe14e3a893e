import { createSecretKey } from 'node:crypto';
import { type DynamicModule, Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { BullModule } from '@nestjs/bullmq';
import { JwtModule } from '@nestjs/jwt';
import { TerminusModule } from '@nestjs/terminus';
import { type AppConfig } from '../../../libs/config/src/config.js';
import { processModules } from '../../../libs/core/src/process-modules.js';
import { QUEUES } from '../../../libs/queue/src/queues.js';
import { AgenciesController } from './agencies/agencies.controller.js';
import { AuthController } from './auth/auth.controller.js';
import { AuthGuard } from './auth/auth.guard.js';
import { AuthService } from './auth/auth.service.js';
import { CasesController } from './cases/cases.controller.js';
import { HealthController } from './health/health.controller.js';
import { InboxController } from './inbox/inbox.controller.js';
import { ImportQueue } from './imports/import-queue.js';
import { ImportsController } from './imports/imports.controller.js';
import { ReportsController } from './reports/reports.controller.js';
import { SettingsController } from './settings/settings.controller.js';
import { TasksController } from './tasks/tasks.controller.js';
import { UsersController } from './users/users.controller.js';

/** The HTTP process: controllers only; queue processors live in the worker. */
@Module({})
export class ApiModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: ApiModule,
      imports: [
        ...processModules(config),
        TerminusModule.forRoot({ logger: false }),
        // Producer only: the API adds jobs, the worker processes them.
        BullModule.registerQueue(
          { name: QUEUES.imports },
          { name: QUEUES.reminders },
          { name: QUEUES.notifications },
          { name: QUEUES.reports },
        ),
        JwtModule.register({
          // A key object, not a string: jsonwebtoken otherwise tries to parse the secret as a
          // public key on every request before falling back to HMAC.
          secret: createSecretKey(Buffer.from(config.auth.jwtSecret)),
          signOptions: { expiresIn: config.auth.jwtExpiresIn as `${number}h` },
        }),
      ],
      controllers: [
        HealthController,
        AuthController,
        UsersController,
        AgenciesController,
        ImportsController,
        TasksController,
        InboxController,
        ReportsController,
        SettingsController,
        CasesController,
      ],
      providers: [AuthService, ImportQueue, { provide: APP_GUARD, useClass: AuthGuard }],
    };
  }
}
