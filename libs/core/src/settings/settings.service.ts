import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { type DataSource, type EntityManager } from 'typeorm';
import { AppError } from '../../../common/src/app-error.js';
import { ErrorCodes } from '../../../common/src/error-codes.js';
import { AuditService } from '../audit/audit.service.js';
import { type ReminderPolicy, validateReminderPolicy } from '../reminders/reminder-policy.js';
import { type LightRules, validateLightRules } from '../reports/warning-lights.js';
import { Setting } from './setting.entity.js';

/** Each admin-tunable setting: its key and the check its value must pass (which also fills defaults). */
export const SETTINGS = {
  reminderPolicy: { key: 'reminder_policy', validate: validateReminderPolicy },
  lightRules: { key: 'light_rules', validate: validateLightRules },
} as const;
export type SettingName = keyof typeof SETTINGS;
export interface SettingValues {
  reminderPolicy: ReminderPolicy;
  lightRules: LightRules;
}

/**
 * Settings are read where they are used, inside the caller's transaction, so
 * the API and the worker (separate processes) always agree without a cache.
 */
@Injectable()
export class SettingsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
  ) {}

  async get<N extends SettingName>(
    name: N,
    manager: EntityManager = this.dataSource.manager,
  ): Promise<SettingValues[N]> {
    const { key, validate } = SETTINGS[name];
    const row = await manager.findOneBy(Setting, { key });
    // A value saved by an older version is re-checked; if it no longer passes, the defaults hold.
    try {
      return validate(row?.value ?? {}) as SettingValues[N];
    } catch {
      return validate({}) as SettingValues[N];
    }
  }

  /** Checks and stores a new value, audited; answers the value as stored (defaults filled in). */
  async set<N extends SettingName>(
    name: N,
    input: unknown,
    actorId: string,
    requestId?: string,
  ): Promise<SettingValues[N]> {
    const { key, validate } = SETTINGS[name];
    let value: SettingValues[N];
    try {
      value = validate(input) as SettingValues[N];
    } catch (error) {
      throw AppError.badRequest(ErrorCodes.REQUEST_INVALID, `设置无效 (invalid setting): ${(error as Error).message}`);
    }
    await this.dataSource.transaction(async (manager) => {
      const before = await manager.findOneBy(Setting, { key });
      await manager.upsert(Setting, { key, value, updatedBy: actorId, updatedAt: new Date() }, ['key']);
      await this.audit.record(manager, {
        actorId,
        action: 'settings.update',
        entityType: 'setting',
        entityId: key,
        before: before ? { value: before.value } : null,
        after: { value },
        requestId,
      });
    });
    return value;
  }
}
