import { type DataSource } from 'typeorm';
import { REGISTRY_SEED } from '../../../libs/extraction/src/registry-data.js';
import { Agency } from '../../../libs/core/src/agencies/agency.entity.js';
import { seedAgencies } from '../../../libs/core/src/agencies/agency-registry.js';
import { hashPassword } from '../../../libs/core/src/users/password.js';
import { User, type UserRole } from '../../../libs/core/src/users/user.entity.js';

/** The demo accounts' password when DEMO_PASSWORD is not set. */
export const DEFAULT_DEMO_PASSWORD = 'demo-2026-tracker';

/** The sample documents the demo imports, relative to the repository root. */
export const SAMPLE_FOLDERS = ['samples/seeds', 'samples/gov'];

export interface DemoAccount {
  email: string;
  displayName: string;
  role: UserRole;
  agency?: string;
}

/** The demo's people: one of each role and two agency officers. */
export const DEMO_ACCOUNTS: DemoAccount[] = [
  { email: 'admin@demo.gov.cn', displayName: '系统管理员', role: 'admin' },
  { email: 'coordinator@demo.gov.cn', displayName: '协调办 王主任', role: 'coordinator' },
  { email: 'supervisor@demo.gov.cn', displayName: '督查室 李处长', role: 'supervisor' },
  { email: 'caizheng@demo.gov.cn', displayName: '市财政局 张科长', role: 'agency', agency: '市财政局' },
  { email: 'jingxin@demo.gov.cn', displayName: '市经济和信息化局 刘科长', role: 'agency', agency: '市经济和信息化局' },
];

/** Seeds the agency registry and the demo accounts; safe to run again (existing rows are kept). */
export async function seedDemo(
  dataSource: DataSource,
  password: string,
): Promise<{ agenciesAdded: number; usersAdded: number }> {
  return dataSource.transaction(async (manager) => {
    const { added } = await seedAgencies(manager, REGISTRY_SEED);
    let usersAdded = 0;
    for (const account of DEMO_ACCOUNTS) {
      if (await manager.existsBy(User, { email: account.email })) continue;
      const agency = account.agency ? await manager.findOneByOrFail(Agency, { name: account.agency }) : null;
      await manager.save(
        manager.create(User, {
          email: account.email,
          displayName: account.displayName,
          role: account.role,
          agencyId: agency?.id ?? null,
          passwordHash: await hashPassword(password),
        }),
      );
      usersAdded++;
    }
    return { agenciesAdded: added, usersAdded };
  });
}
