import { Body, Controller, Get, Put } from '@nestjs/common';
import { InjectQueue } from '@nestjs/bullmq';
import { ApiBearerAuth, ApiBody, ApiTags } from '@nestjs/swagger';
import { type Queue } from 'bullmq';
import { SettingsService } from '../../../../libs/core/src/settings/settings.service.js';
import { type AuthUser } from '../../../../libs/core/src/users/auth-user.js';
import { type JobName, QUEUES, jobId } from '../../../../libs/queue/src/queues.js';
import { CurrentUser, RequestId, Roles } from '../auth/auth.decorators.js';

/**
 * The rules admins tune. A change takes effect at once: every open task's
 * reminders are re-planned, or its light re-evaluated, by the worker.
 */
@ApiTags('settings')
@ApiBearerAuth()
@Controller('settings')
export class SettingsController {
  constructor(
    private readonly settings: SettingsService,
    @InjectQueue(QUEUES.reminders) private readonly reminders: Queue,
    @InjectQueue(QUEUES.reports) private readonly reports: Queue,
  ) {}

  /** When reminders go out: working days before the deadline, the hour, report weekdays, grace, overdue cadence. */
  @Roles('coordinator', 'admin')
  @Get('reminder-policy')
  reminderPolicy() {
    return this.settings.get('reminderPolicy');
  }

  @Roles('admin')
  @Put('reminder-policy')
  @ApiBody({
    schema: {
      type: 'object',
      example: {
        deadlineOffsets: [10, 3, 1],
        sendHour: 9,
        reportReminderWeekdays: [4, 5],
        missingGraceWorkingDays: 2,
        overdueEveryWorkingDays: 5,
      },
    },
  })
  async setReminderPolicy(@CurrentUser() user: AuthUser, @Body() body: unknown, @RequestId() requestId?: string) {
    const value = await this.settings.set('reminderPolicy', body, user.id, requestId);
    const name: JobName = 'reminder.replan';
    await this.reminders.add(name, {}, { jobId: jobId('reminder-replan-policy', Date.now()) });
    return value;
  }

  /** The warning-light thresholds: working days before the deadline that turn a task blue, the 序时进度 tolerance. */
  @Roles('coordinator', 'supervisor', 'admin')
  @Get('light-rules')
  lightRules() {
    return this.settings.get('lightRules');
  }

  @Roles('admin')
  @Put('light-rules')
  @ApiBody({ schema: { type: 'object', example: { nearDeadlineWorkingDays: 5, behindScheduleTolerance: 10 } } })
  async setLightRules(@CurrentUser() user: AuthUser, @Body() body: unknown, @RequestId() requestId?: string) {
    const value = await this.settings.set('lightRules', body, user.id, requestId);
    const name: JobName = 'report.lights';
    await this.reports.add(name, {}, { jobId: jobId('report-lights-rules', Date.now()) });
    return value;
  }
}
