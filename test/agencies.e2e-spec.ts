import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { AuditEvent } from '../libs/core/src/audit/audit-event.entity.js';
import { ImportService } from '../libs/core/src/imports/import.service.js';
import { createUser, login, startTestApp, type TestApp } from './support/app.js';
import { createTestDatabase, type TestDatabase } from './support/database.js';

describe('the agency registry', () => {
  let database: TestDatabase;
  let api: TestApp;
  let admin: string;
  let coordinator: string;

  beforeAll(async () => {
    database = await createTestDatabase();
    api = await startTestApp(database.url);
    await createUser(api.dataSource, { email: 'admin@test.cn', role: 'admin' });
    await createUser(api.dataSource, { email: 'coord@test.cn', role: 'coordinator' });
    admin = await login(api, 'admin@test.cn');
    coordinator = await login(api, 'coord@test.cn');
  });

  afterAll(async () => {
    await api?.close();
    await database?.drop();
  });

  const create = (body: Record<string, unknown>, token = admin) =>
    api.request({ method: 'POST', url: '/api/agencies', token, body });

  it('lets admins add agencies with aliases, and everyone signed in read them', async () => {
    const created = await create({
      name: '市人力资源社会保障局',
      kind: 'municipal_bureau',
      fullName: '北京市人力资源和社会保障局',
      aliases: ['市人力社保局'],
    });
    expect(created.status).toBe(201);
    expect((created.body.aliases as Array<{ alias: string }>).map((a) => a.alias)).toEqual(['市人力社保局']);

    expect((await create({ name: '市某局', kind: 'municipal_bureau' }, coordinator)).status).toBe(403);
    const listed = await api.request({ method: 'GET', url: '/api/agencies?q=人力', token: coordinator });
    expect((listed.body as unknown as Array<{ name: string }>).map((a) => a.name)).toEqual(['市人力资源社会保障局']);
    const audit = await api.dataSource.getRepository(AuditEvent).findBy({ action: 'agency.create' });
    expect(audit).toHaveLength(1);
  });

  it('refuses a name or alias that already means another agency, and parent cycles', async () => {
    const taken = await create({ name: '市人力社保局', kind: 'municipal_bureau' });
    expect([taken.status, taken.body.code]).toEqual([409, 'AGENCY.NAME_TAKEN']);
    const other = await create({ name: '市财政局', kind: 'municipal_bureau' });
    const alias = await api.request({
      method: 'POST',
      url: `/api/agencies/${other.body.id}/aliases`,
      token: admin,
      body: { alias: '市人力社保局' },
    });
    expect([alias.status, alias.body.code]).toEqual([409, 'AGENCY.ALIAS_TAKEN']);

    const child = await create({ name: '市财政局税政处', kind: 'other', parentId: other.body.id });
    const cycle = await api.request({
      method: 'PATCH',
      url: `/api/agencies/${other.body.id}`,
      token: admin,
      body: { parentId: child.body.id },
    });
    expect([cycle.status, cycle.body.code]).toEqual([409, 'AGENCY.PARENT_CYCLE']);
  });

  it('resolves a printed name through an alias an admin added, in the next extraction', async () => {
    const imports = api.app.get(ImportService);
    const text =
      '关于测试的通知\n一、任务\n(一)做好社保工作。加强服务。(市人社局负责)\n(二)做好财政工作。(市财政局负责)\n';
    const before = await imports.importWithoutReview('a.txt', Buffer.from(text), null, 1 << 20);
    expect(before.summary?.unresolvedAgencies).toEqual(['市人社局']);

    const [agency] = (await api.request({ method: 'GET', url: '/api/agencies?q=人力', token: admin }))
      .body as unknown as Array<{ id: string }>;
    await api.request({
      method: 'POST',
      url: `/api/agencies/${agency.id}/aliases`,
      token: admin,
      body: { alias: '市人社局' },
    });
    const after = await imports.importWithoutReview(
      'b.txt',
      Buffer.from(text.replace('测试', '测试二')),
      null,
      1 << 20,
    );
    expect(after.summary?.unresolvedAgencies).toEqual([]);
  });
});
