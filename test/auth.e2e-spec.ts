import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { AuditEvent } from '../libs/core/src/audit/audit-event.entity.js';
import { User } from '../libs/core/src/users/user.entity.js';
import { createAgency, createUser, login, startTestApp, type TestApp } from './support/app.js';
import { createTestDatabase, type TestDatabase } from './support/database.js';

describe('authentication and user management', () => {
  let database: TestDatabase;
  let api: TestApp;
  let agencyId: string;
  let adminToken: string;
  let coordinatorToken: string;

  beforeAll(async () => {
    database = await createTestDatabase();
    api = await startTestApp(database.url);
    agencyId = (await createAgency(api.dataSource, '市财政局')).id;
    await createUser(api.dataSource, { email: 'admin@test.cn', role: 'admin' });
    await createUser(api.dataSource, { email: 'coord@test.cn', role: 'coordinator' });
    await createUser(api.dataSource, { email: 'off@test.cn', role: 'supervisor', isActive: false });
    adminToken = await login(api, 'admin@test.cn');
    coordinatorToken = await login(api, 'coord@test.cn');
  });

  afterAll(async () => {
    await api?.close();
    await database?.drop();
  });

  it('logs in with the right password and returns a token carrying role and agency', async () => {
    const response = await api.request({
      method: 'POST',
      url: '/api/auth/login',
      body: { email: 'ADMIN@test.cn', password: 'correct horse battery' },
    });
    expect(response.status).toBe(200);
    expect(response.body.tokenType).toBe('Bearer');
    const claims = JSON.parse(Buffer.from(String(response.body.accessToken).split('.')[1], 'base64url').toString());
    expect(claims).toMatchObject({ role: 'admin', agencyId: null, email: 'admin@test.cn' });
    expect(JSON.stringify(response.body)).not.toContain('passwordHash');
  });

  it('refuses a wrong password, an unknown e-mail and a deactivated user with the same answer', async () => {
    for (const body of [
      { email: 'admin@test.cn', password: 'wrong' },
      { email: 'nobody@test.cn', password: 'correct horse battery' },
      { email: 'off@test.cn', password: 'correct horse battery' },
    ]) {
      const response = await api.request({ method: 'POST', url: '/api/auth/login', body });
      expect(response.status).toBe(401);
      expect(response.body.code).toBe('AUTH.INVALID_CREDENTIALS');
    }
  });

  it('stores passwords as argon2id hashes, never in clear', async () => {
    const row = await api.dataSource
      .getRepository(User)
      .createQueryBuilder('u')
      .addSelect('u.passwordHash')
      .where('u.email = :email', { email: 'admin@test.cn' })
      .getOneOrFail();
    expect(row.passwordHash).toMatch(/^\$argon2id\$/);
    expect(row.passwordHash).not.toContain('correct horse battery');
  });

  it('requires a token on every non-public route and rejects a forged one', async () => {
    const anonymous = await api.request({ method: 'GET', url: '/api/auth/me' });
    expect(anonymous.status).toBe(401);
    expect(anonymous.body.code).toBe('AUTH.REQUIRED');
    const [header, payload] = adminToken.split('.');
    const forged = await api.request({ method: 'GET', url: '/api/auth/me', token: `${header}.${payload}.AAAA` });
    expect(forged.status).toBe(401);
    expect(forged.body.code).toBe('AUTH.INVALID_TOKEN');
    const me = await api.request({ method: 'GET', url: '/api/auth/me', token: coordinatorToken });
    expect(me.status).toBe(200);
    expect(me.body.email).toBe('coord@test.cn');
  });

  it('refuses a request with an unknown field with 400 and a stable code and a request id', async () => {
    const response = await api.request({
      method: 'POST',
      url: '/api/auth/login',
      body: { email: 'admin@test.cn', password: 'x', isAdmin: true },
      headers: { 'x-request-id': 'trace-123' },
    });
    expect(response.status).toBe(400);
    expect(response.body).toMatchObject({ statusCode: 400, code: 'REQUEST.UNKNOWN_FIELD', requestId: 'trace-123' });
    expect(String(response.body.message)).toContain('isAdmin');
    expect(response.headers['x-request-id']).toBe('trace-123');
  });

  it('lets only admins manage users', async () => {
    const asCoordinator = await api.request({ method: 'GET', url: '/api/users', token: coordinatorToken });
    expect(asCoordinator.status).toBe(403);
    expect(asCoordinator.body.code).toBe('AUTH.FORBIDDEN');
    const asAdmin = await api.request({ method: 'GET', url: '/api/users', token: adminToken });
    expect(asAdmin.status).toBe(200);
    expect((asAdmin.body as unknown[]).length).toBe(3);
  });

  it('creates an agency user who then signs in with the agency in the token, and audits it', async () => {
    const created = await api.request({
      method: 'POST',
      url: '/api/users',
      token: adminToken,
      body: { email: 'Officer@Test.cn', displayName: '李四', password: 'a long password', role: 'agency', agencyId },
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ email: 'officer@test.cn', role: 'agency', agencyId });
    expect(created.body).not.toHaveProperty('passwordHash');

    const token = await login(api, 'officer@test.cn', 'a long password');
    const claims = JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString());
    expect(claims.agencyId).toBe(agencyId);

    const events = await api.dataSource.getRepository(AuditEvent).findBy({ entityId: String(created.body.id) });
    expect(events.map((e) => e.action)).toEqual(['user.create']);
    expect(JSON.stringify(events[0].after)).not.toContain('argon2');
  });

  it('enforces the agency rule and unique e-mails with clear codes', async () => {
    const noAgency = await api.request({
      method: 'POST',
      url: '/api/users',
      token: adminToken,
      body: { email: 'x@test.cn', displayName: 'x', password: 'a long password', role: 'agency' },
    });
    expect(noAgency.status).toBe(400);
    expect(noAgency.body.code).toBe('USER.AGENCY_REQUIRED');
    const duplicate = await api.request({
      method: 'POST',
      url: '/api/users',
      token: adminToken,
      body: { email: 'coord@test.cn', displayName: 'x', password: 'a long password', role: 'coordinator' },
    });
    expect(duplicate.status).toBe(409);
    expect(duplicate.body.code).toBe('USER.EMAIL_TAKEN');
  });

  it('deactivating a user blocks their next sign-in; admins cannot lock themselves out', async () => {
    const users = await api.request({ method: 'GET', url: '/api/users', token: adminToken });
    const coordinator = (users.body as Array<{ id: string; email: string }>).find((u) => u.email === 'coord@test.cn');
    const admin = (users.body as Array<{ id: string; email: string }>).find((u) => u.email === 'admin@test.cn');
    const off = await api.request({
      method: 'PATCH',
      url: `/api/users/${coordinator?.id}`,
      token: adminToken,
      body: { isActive: false },
    });
    expect(off.status).toBe(200);
    const retry = await api.request({
      method: 'POST',
      url: '/api/auth/login',
      body: { email: 'coord@test.cn', password: 'correct horse battery' },
    });
    expect(retry.status).toBe(401);
    const self = await api.request({
      method: 'PATCH',
      url: `/api/users/${admin?.id}`,
      token: adminToken,
      body: { role: 'supervisor' },
    });
    expect(self.status).toBe(409);
    expect(self.body.code).toBe('USER.SELF_LOCKOUT');
  });

  it('keeps the audit trail append-only in the database itself', async () => {
    await expect(api.dataSource.query(`UPDATE audit_events SET action = 'tampered'`)).rejects.toThrow(/append-only/);
    await expect(api.dataSource.query(`DELETE FROM audit_events`)).rejects.toThrow(/append-only/);
  });
});
