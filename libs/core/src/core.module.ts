import { Module } from '@nestjs/common';
import { AgenciesService } from './agencies/agencies.service.js';
import { CasesService } from './cases/cases.service.js';
import { CLOCK, systemClock } from './clock.js';
import { ProgressService } from './progress/progress.service.js';
import { DeliveryService } from './reminders/delivery.service.js';
import { ReminderService } from './reminders/reminder.service.js';
import { TasksService } from './tasks/tasks.service.js';
import { AuditService } from './audit/audit.service.js';
import { ImportService } from './imports/import.service.js';
import { UsersService } from './users/users.service.js';
import { LightsService } from './reports/lights.service.js';
import { ReportsService } from './reports/reports.service.js';
import { SnapshotService } from './reports/snapshot.service.js';
import { SettingsService } from './settings/settings.service.js';

/** Domain services shared by the API and the worker (never controllers). */
@Module({
  providers: [
    AgenciesService,
    AuditService,
    UsersService,
    ImportService,
    TasksService,
    ProgressService,
    ReminderService,
    DeliveryService,
    CasesService,
    SettingsService,
    LightsService,
    ReportsService,
    SnapshotService,
    { provide: CLOCK, useFactory: systemClock },
  ],
  exports: [
    AgenciesService,
    AuditService,
    UsersService,
    ImportService,
    TasksService,
    ProgressService,
    ReminderService,
    DeliveryService,
    CasesService,
    SettingsService,
    LightsService,
    ReportsService,
    SnapshotService,
    CLOCK,
  ],
})
export class CoreModule {}
