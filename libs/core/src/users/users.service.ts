import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { type DataSource, type EntityManager } from 'typeorm';
import { AppError } from '../../../common/src/app-error.js';
import { Agency } from '../agencies/agency.entity.js';
import { AuditService } from '../audit/audit.service.js';
import { hashPassword } from './password.js';
import { User, type UserRole } from './user.entity.js';

export const UserErrors = {
  NOT_FOUND: 'USER.NOT_FOUND',
  EMAIL_TAKEN: 'USER.EMAIL_TAKEN',
  AGENCY_REQUIRED: 'USER.AGENCY_REQUIRED',
  AGENCY_NOT_ALLOWED: 'USER.AGENCY_NOT_ALLOWED',
  AGENCY_NOT_FOUND: 'USER.AGENCY_NOT_FOUND',
  SELF_LOCKOUT: 'USER.SELF_LOCKOUT',
} as const;

export interface NewUser {
  email: string;
  displayName: string;
  password: string;
  role: UserRole;
  agencyId?: string | null;
}

export interface UserChanges {
  displayName?: string;
  password?: string;
  role?: UserRole;
  agencyId?: string | null;
  isActive?: boolean;
}

/** What of a user may be shown or audited: never the password hash. */
export type PublicUser = Pick<
  User,
  'id' | 'email' | 'displayName' | 'role' | 'agencyId' | 'isActive' | 'lastLoginAt' | 'createdAt' | 'updatedAt'
>;

export function publicUser(user: User): PublicUser {
  return {
    id: user.id,
    email: user.email,
    displayName: user.displayName,
    role: user.role,
    agencyId: user.agencyId,
    isActive: user.isActive,
    lastLoginAt: user.lastLoginAt,
    createdAt: user.createdAt,
    updatedAt: user.updatedAt,
  };
}

@Injectable()
export class UsersService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
  ) {}

  list(): Promise<User[]> {
    return this.dataSource.getRepository(User).find({ order: { createdAt: 'ASC', email: 'ASC' } });
  }

  async get(id: string): Promise<User> {
    const user = await this.dataSource.getRepository(User).findOneBy({ id });
    if (!user) throw AppError.notFound(UserErrors.NOT_FOUND, `用户不存在 (user not found): ${id}`);
    return user;
  }

  /** For login only: the one place that reads the password hash. */
  findForLogin(email: string): Promise<User | null> {
    return this.dataSource
      .getRepository(User)
      .createQueryBuilder('user')
      .addSelect('user.passwordHash')
      .where('user.email = :email', { email: email.trim().toLowerCase() })
      .getOne();
  }

  async recordLogin(id: string, at: Date): Promise<void> {
    await this.dataSource.getRepository(User).update({ id }, { lastLoginAt: at });
  }

  async create(input: NewUser, actorId: string | null, requestId?: string): Promise<User> {
    return this.dataSource.transaction(async (manager) => {
      const email = input.email.trim().toLowerCase();
      await this.checkAgencyRule(manager, input.role, input.agencyId ?? null);
      if (await manager.existsBy(User, { email })) {
        throw AppError.conflict(UserErrors.EMAIL_TAKEN, `该邮箱已被使用 (e-mail already in use): ${email}`);
      }
      const user = manager.create(User, {
        email,
        displayName: input.displayName.trim(),
        passwordHash: await hashPassword(input.password),
        role: input.role,
        agencyId: input.agencyId ?? null,
      });
      await manager.save(user);
      await this.audit.record(manager, {
        actorId,
        action: 'user.create',
        entityType: 'user',
        entityId: user.id,
        after: publicUser(user),
        requestId,
      });
      return user;
    });
  }

  async update(id: string, changes: UserChanges, actorId: string | null, requestId?: string): Promise<User> {
    return this.dataSource.transaction(async (manager) => {
      const user = await manager.findOne(User, { where: { id }, lock: { mode: 'pessimistic_write' } });
      if (!user) throw AppError.notFound(UserErrors.NOT_FOUND, `用户不存在 (user not found): ${id}`);
      if (actorId === id && (changes.isActive === false || (changes.role && changes.role !== user.role))) {
        throw AppError.conflict(
          UserErrors.SELF_LOCKOUT,
          '不能停用自己或修改自己的角色 (you cannot deactivate yourself or change your own role)',
        );
      }
      const before = publicUser(user);
      const role = changes.role ?? user.role;
      let agencyId = changes.agencyId !== undefined ? changes.agencyId : user.agencyId;
      // Moving a user out of the agency role drops the agency link instead of failing the check.
      if (changes.role && changes.role !== 'agency' && changes.agencyId === undefined) agencyId = null;
      await this.checkAgencyRule(manager, role, agencyId);
      user.role = role;
      user.agencyId = agencyId;
      if (changes.displayName !== undefined) user.displayName = changes.displayName.trim();
      if (changes.isActive !== undefined) user.isActive = changes.isActive;
      if (changes.password !== undefined) user.passwordHash = await hashPassword(changes.password);
      await manager.save(user);
      await this.audit.record(manager, {
        actorId,
        action: changes.password !== undefined ? 'user.update+password' : 'user.update',
        entityType: 'user',
        entityId: user.id,
        before,
        after: publicUser(user),
        requestId,
      });
      return user;
    });
  }

  private async checkAgencyRule(manager: EntityManager, role: UserRole, agencyId: string | null): Promise<void> {
    if (role === 'agency' && !agencyId) {
      throw AppError.badRequest(
        UserErrors.AGENCY_REQUIRED,
        '责任单位用户必须指定所属单位 (agency users need an agency)',
      );
    }
    if (role !== 'agency' && agencyId) {
      throw AppError.badRequest(
        UserErrors.AGENCY_NOT_ALLOWED,
        '只有责任单位用户可以指定所属单位 (only agency users belong to an agency)',
      );
    }
    if (agencyId && !(await manager.existsBy(Agency, { id: agencyId }))) {
      throw AppError.badRequest(UserErrors.AGENCY_NOT_FOUND, `单位不存在 (agency not found): ${agencyId}`);
    }
  }
}
