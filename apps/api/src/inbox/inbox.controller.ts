import { InjectQueue } from '@nestjs/bullmq';
import { Body, Controller, Get, HttpCode, Inject, Param, ParseUUIDPipe, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  IsBoolean,
  IsEmail,
  IsInt,
  IsOptional,
  IsString,
  IsUrl,
  Max,
  MaxLength,
  Min,
  MinLength,
  ValidateIf,
} from 'class-validator';
import { InjectDataSource } from '@nestjs/typeorm';
import { Queue } from 'bullmq';
import { DataSource } from 'typeorm';
import { AppError } from '../../../../libs/common/src/app-error.js';
import { AgencyContact } from '../../../../libs/core/src/agencies/agency-contact.entity.js';
import { Agency } from '../../../../libs/core/src/agencies/agency.entity.js';
import { DeliveryService } from '../../../../libs/core/src/reminders/delivery.service.js';
import { WebhookEndpoint } from '../../../../libs/core/src/reminders/webhook-endpoint.entity.js';
import { User } from '../../../../libs/core/src/users/user.entity.js';
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

export class PreferencesDto {
  @ApiPropertyOptional({ description: 'Also send reminder digests by e-mail' })
  @IsOptional()
  @IsBoolean()
  emailNotifications?: boolean;

  @ApiPropertyOptional({
    minimum: 0,
    maximum: 23,
    nullable: true,
    description: 'No e-mail from this hour (Asia/Shanghai)',
  })
  @ValidateIf((_, value) => value !== null && value !== undefined)
  @IsInt()
  @Min(0)
  @Max(23)
  quietHoursStart?: number | null;

  @ApiPropertyOptional({ minimum: 0, maximum: 23, nullable: true, description: '… until this hour' })
  @ValidateIf((_, value) => value !== null && value !== undefined)
  @IsInt()
  @Min(0)
  @Max(23)
  quietHoursEnd?: number | null;
}

export class WebhookDto {
  @ApiProperty({ example: 'https://robot.example.gov.cn/hooks/abc' })
  @IsUrl({ require_tld: false, protocols: ['http', 'https'], require_protocol: true })
  url: string;

  @ApiProperty({ minLength: 16, description: 'Shared secret for the HMAC-SHA256 signature' })
  @IsString()
  @MinLength(16)
  @MaxLength(200)
  secret: string;
}

export class ContactDto {
  @ApiProperty({ example: '王科长' }) @IsString() @MinLength(1) @MaxLength(50) name: string;
  @ApiPropertyOptional({ nullable: true }) @IsOptional() @IsEmail() email?: string | null;
  @ApiPropertyOptional({ nullable: true }) @IsOptional() @IsString() @MaxLength(30) phone?: string | null;
}

/** The signed-in user's in-app inbox (reminder digests), and the reminder dashboard for admins. */
@ApiTags('inbox')
@ApiBearerAuth()
@Controller()
export class InboxController {
  constructor(
    private readonly reminders: ReminderService,
    @InjectQueue(QUEUES.reminders) private readonly queue: Queue,
    @InjectQueue(QUEUES.notifications) private readonly notifications: Queue,
    private readonly deliveries: DeliveryService,
    @InjectDataSource() private readonly dataSource: DataSource,
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

  /** The signed-in user's notification preferences: e-mail on or off, quiet hours. */
  @Patch('auth/me/preferences')
  async preferences(@CurrentUser() user: AuthUser, @Body() body: PreferencesDto) {
    if (Object.keys(body).length > 0) await this.dataSource.getRepository(User).update({ id: user.id }, body);
    const { emailNotifications, quietHoursStart, quietHoursEnd } = await this.dataSource
      .getRepository(User)
      .findOneByOrFail({ id: user.id });
    return { emailNotifications, quietHoursStart, quietHoursEnd };
  }

  /** Adds a signed webhook that receives an agency's reminder digests. */
  @Roles('admin')
  @Post('agencies/:id/webhooks')
  async addWebhook(@Param('id', ParseUUIDPipe) agencyId: string, @Body() body: WebhookDto) {
    if (!(await this.dataSource.getRepository(Agency).existsBy({ id: agencyId }))) {
      throw AppError.notFound('AGENCY.NOT_FOUND', `单位不存在 (agency not found): ${agencyId}`);
    }
    const { id, url, isActive, createdAt } = await this.dataSource
      .getRepository(WebhookEndpoint)
      .save({ agencyId, url: body.url, secret: body.secret });
    return { id, agencyId, url, isActive, createdAt };
  }

  @Roles('admin')
  @Get('agencies/:id/webhooks')
  webhooks(@Param('id', ParseUUIDPipe) agencyId: string) {
    return this.dataSource.getRepository(WebhookEndpoint).findBy({ agencyId });
  }

  /** An agency's contact people (联络人), told by e-mail when the agency misses a weekly report. */
  @Roles('admin', 'coordinator')
  @Post('agencies/:id/contacts')
  async addContact(@Param('id', ParseUUIDPipe) agencyId: string, @Body() body: ContactDto) {
    if (!(await this.dataSource.getRepository(Agency).existsBy({ id: agencyId }))) {
      throw AppError.notFound('AGENCY.NOT_FOUND', `单位不存在 (agency not found): ${agencyId}`);
    }
    return this.dataSource
      .getRepository(AgencyContact)
      .save({ agencyId, name: body.name.trim(), email: body.email ?? null, phone: body.phone ?? null });
  }

  @Get('agencies/:id/contacts')
  contacts(@Param('id', ParseUUIDPipe) agencyId: string) {
    return this.dataSource.getRepository(AgencyContact).find({ where: { agencyId }, order: { createdAt: 'ASC' } });
  }

  /** Failed deliveries and ones stuck mid-send, with their last error. */
  @Roles('admin')
  @Get('reminders/deliveries/problems')
  deliveryProblems() {
    return this.deliveries.problems();
  }

  /** Queue depth, delayed and failed jobs, the last sweep, and calendar years missing from the data. */
  @Roles('admin')
  @Get('reminders/status')
  async status() {
    const today = shanghaiDate(this.clock.now());
    return {
      queue: await this.queue.getJobCounts('waiting', 'active', 'delayed', 'failed', 'completed'),
      deliveryQueue: await this.notifications.getJobCounts('waiting', 'active', 'delayed', 'failed', 'completed'),
      lastSweep: await this.redis.get(`${this.config.redis.queuePrefix}:reminder-last-sweep`),
      reminders: await this.reminders.stateCounts(),
      missingCalendarYears: missingCalendarYears(today, `${Number(today.slice(0, 4)) + 1}-12-31`),
    };
  }
}
