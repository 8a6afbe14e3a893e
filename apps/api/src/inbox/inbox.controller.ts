import { InjectQueue } from '@nestjs/bullmq';
import { Controller, Get, HttpCode, Inject, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { IsBoolean, IsInt, IsOptional, Max, Min } from 'class-validator';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { type AppConfig } from '../../../../libs/config/src/config.js';
import { APP_CONFIG } from '../../../../libs/config/src/config.module.js';
import { missingCalendarYears } from '../../../../libs/core/src/calendar/working-days.js';
import { CLOCK, type Clock } from '../../../../libs/core/src/clock.js';
import { ReminderService } from '../../../../libs/core/src/reminders/reminder.service.js';
import { shanghaiDate } from '../../../../libs/core/src/tasks/deadlines.js';
import { type AuthUser } from '../../../../libs/core/src/users/auth-user.js';
import { QUEUES } from '../../../../libs/queue/src/queues.js';
import { REDIS_CLIENT } from '../../../../libs/queue/src/redis.module.js';
import { CurrentUser, Roles } from '../auth/auth.decorators.js';

export class InboxQueryDto {
  @ApiPropertyOptional()
  @IsOptional()
  @Transform(({ value }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsBoolean()
  unreadOnly?: boolean;

  @ApiPropertyOptional({ minimum: 1 }) @IsOptional() @Type(() => Number) @IsInt() @Min(1) page?: number;
  @ApiPropertyOptional({ minimum: 1, maximum: 100 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(100)
  pageSize?: number;
}

/** The signed-in user's in-app inbox (reminder digests), and the reminder dashboard for admins. */
@ApiTags('inbox')
@ApiBearerAuth()
@Controller()
export class InboxController {
  constructor(
    private readonly reminders: ReminderService,
    @InjectQueue(QUEUES.reminders) private readonly queue: Queue,
    @Inject(REDIS_CLIENT) private readonly redis: Redis,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  @Get('inbox')
  inbox(@CurrentUser() user: AuthUser, @Query() query: InboxQueryDto) {
    return this.reminders.inbox(user.id, query);
  }

  @Get('inbox/unread-count')
  async unreadCount(@CurrentUser() user: AuthUser) {
    return { unread: await this.reminders.unreadCount(user.id) };
  }

  @Post('inbox/:id/read')
  @HttpCode(204)
  async markRead(@CurrentUser() user: AuthUser, @Param('id', ParseUUIDPipe) id: string) {
    await this.reminders.markRead(user.id, id);
  }

  @Post('inbox/read-all')
  @HttpCode(200)
  async markAllRead(@CurrentUser() user: AuthUser) {
    return { marked: await this.reminders.markAllRead(user.id) };
  }

  /** Queue depth, delayed and failed jobs, the last sweep, and calendar years missing from the data. */
  @Roles('admin')
  @Get('reminders/status')
  async status() {
    const today = shanghaiDate(this.clock.now());
    return {
      queue: await this.queue.getJobCounts('waiting', 'active', 'delayed', 'failed', 'completed'),
      lastSweep: await this.redis.get(`${this.config.redis.queuePrefix}:reminder-last-sweep`),
      reminders: await this.reminders.stateCounts(),
      missingCalendarYears: missingCalendarYears(today, `${Number(today.slice(0, 4)) + 1}-12-31`),
    };
  }
}
