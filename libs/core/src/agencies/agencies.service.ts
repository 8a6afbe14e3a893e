import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { type DataSource, type EntityManager, ILike } from 'typeorm';
import { AppError } from '../../../common/src/app-error.js';
import { AuditService } from '../audit/audit.service.js';
import { AgencyAlias } from './agency-alias.entity.js';
import { Agency, type AgencyKind } from './agency.entity.js';

export const AgencyErrors = {
  NOT_FOUND: 'AGENCY.NOT_FOUND',
  NAME_TAKEN: 'AGENCY.NAME_TAKEN',
  ALIAS_TAKEN: 'AGENCY.ALIAS_TAKEN',
  ALIAS_NOT_FOUND: 'AGENCY.ALIAS_NOT_FOUND',
  PARENT_CYCLE: 'AGENCY.PARENT_CYCLE',
} as const;

export interface AgencyFields {
  name?: string;
  fullName?: string | null;
  kind?: AgencyKind;
  parentId?: string | null;
}

const clean = (name: string) => name.normalize('NFKC').replace(/\s+/g, '');

function snapshot(agency: Agency): Record<string, unknown> {
  return { name: agency.name, fullName: agency.fullName, kind: agency.kind, parentId: agency.parentId };
}

/** The agency registry: canonical agencies and the printed names (aliases) that resolve to them. */
@Injectable()
export class AgenciesService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
  ) {}

  list(search?: string): Promise<Agency[]> {
    return this.dataSource.getRepository(Agency).find({
      where: search ? [{ name: ILike(`%${search}%`) }, { fullName: ILike(`%${search}%`) }] : {},
      relations: { aliases: true },
      order: { name: 'ASC' },
    });
  }

  async get(id: string): Promise<Agency> {
    const agency = await this.dataSource.getRepository(Agency).findOne({ where: { id }, relations: { aliases: true } });
    if (!agency) throw AppError.notFound(AgencyErrors.NOT_FOUND, `单位不存在 (agency not found): ${id}`);
    return agency;
  }

  async create(
    fields: Required<Pick<AgencyFields, 'name' | 'kind'>> & AgencyFields & { aliases?: string[] },
    actorId: string,
  ) {
    const id = await this.dataSource.transaction(async (manager) => {
      const name = clean(fields.name);
      await this.checkNameFree(manager, name);
      if (fields.parentId) await this.mustExist(manager, fields.parentId);
      const agency = await manager.save(
        manager.create(Agency, {
          name,
          fullName: fields.fullName ?? null,
          kind: fields.kind,
          parentId: fields.parentId ?? null,
        }),
      );
      for (const alias of fields.aliases ?? []) await this.insertAlias(manager, agency.id, alias);
      await this.audit.record(manager, {
        actorId,
        action: 'agency.create',
        entityType: 'agency',
        entityId: agency.id,
        after: { ...snapshot(agency), aliases: fields.aliases ?? [] },
      });
      return agency.id;
    });
    return this.get(id);
  }

  async update(id: string, fields: AgencyFields, actorId: string) {
    await this.dataSource.transaction(async (manager) => {
      const agency = await this.mustExist(manager, id);
      const before = snapshot(agency);
      if (fields.name !== undefined && clean(fields.name) !== agency.name) {
        await this.checkNameFree(manager, clean(fields.name));
        agency.name = clean(fields.name);
      }
      if (fields.fullName !== undefined) agency.fullName = fields.fullName;
      if (fields.kind !== undefined) agency.kind = fields.kind;
      if (fields.parentId !== undefined) {
        if (fields.parentId) await this.checkNoCycle(manager, id, fields.parentId);
        agency.parentId = fields.parentId;
      }
      await manager.save(agency);
      await this.audit.record(manager, {
        actorId,
        action: 'agency.update',
        entityType: 'agency',
        entityId: id,
        before,
        after: snapshot(agency),
      });
    });
    return this.get(id);
  }

  async addAlias(id: string, alias: string, actorId: string) {
    await this.dataSource.transaction(async (manager) => {
      await this.mustExist(manager, id);
      await this.insertAlias(manager, id, alias);
      await this.audit.record(manager, {
        actorId,
        action: 'agency.alias-add',
        entityType: 'agency',
        entityId: id,
        after: { alias: clean(alias) },
      });
    });
    return this.get(id);
  }

  async removeAlias(id: string, aliasId: string, actorId: string) {
    await this.dataSource.transaction(async (manager) => {
      const alias = await manager.findOneBy(AgencyAlias, { id: aliasId, agencyId: id });
      if (!alias) throw AppError.notFound(AgencyErrors.ALIAS_NOT_FOUND, `别名不存在 (alias not found): ${aliasId}`);
      await manager.delete(AgencyAlias, { id: aliasId });
      await this.audit.record(manager, {
        actorId,
        action: 'agency.alias-remove',
        entityType: 'agency',
        entityId: id,
        before: { alias: alias.alias },
      });
    });
    return this.get(id);
  }

  private async mustExist(manager: EntityManager, id: string): Promise<Agency> {
    const agency = await manager.findOne(Agency, { where: { id }, lock: { mode: 'pessimistic_write' } });
    if (!agency) throw AppError.notFound(AgencyErrors.NOT_FOUND, `单位不存在 (agency not found): ${id}`);
    return agency;
  }

  private async checkNameFree(manager: EntityManager, name: string): Promise<void> {
    if ((await manager.existsBy(Agency, { name })) || (await manager.existsBy(AgencyAlias, { alias: name }))) {
      throw AppError.conflict(AgencyErrors.NAME_TAKEN, `单位名称已存在 (name already used): ${name}`);
    }
  }

  private async insertAlias(manager: EntityManager, agencyId: string, printed: string): Promise<void> {
    const alias = clean(printed);
    if ((await manager.existsBy(AgencyAlias, { alias })) || (await manager.existsBy(Agency, { name: alias }))) {
      throw AppError.conflict(AgencyErrors.ALIAS_TAKEN, `该名称已对应其他单位 (name already used): ${alias}`);
    }
    await manager.insert(AgencyAlias, { alias, agencyId });
  }

  private async checkNoCycle(manager: EntityManager, id: string, parentId: string): Promise<void> {
    let current: string | null = parentId;
    for (let depth = 0; current; depth++) {
      if (current === id || depth > 50) {
        throw AppError.conflict(AgencyErrors.PARENT_CYCLE, '上级单位不能是自身或下级单位 (parent would form a cycle)');
      }
      current = (await this.mustExist(manager, current)).parentId;
    }
  }
}
