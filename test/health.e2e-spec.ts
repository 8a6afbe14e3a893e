import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createUser, login, startTestApp, type TestApp } from './support/app.js';
import { createDatabase, migrate, withDatabase } from './support/database.js';
import { startThrowawayPostgres, startThrowawayRedis, type ThrowawayService } from './support/test-services.js';

/** Polls until the check passes or the time is up; returns how long it took. */
async function eventually(check: () => Promise<boolean>, timeoutMs: number): Promise<number> {
  const started = Date.now();
  while (Date.now() - started < timeoutMs) {
    if (await check()) return Date.now() - started;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`condition not met within ${timeoutMs} ms`);
}

// This file stops and starts servers, so it has its own PostgreSQL and Redis.
describe('health and recovery when PostgreSQL or Redis goes away', () => {
  let postgres: ThrowawayService;
  let redis: ThrowawayService;
  let api: TestApp;
  let token: string;

  beforeAll(async () => {
    [postgres, redis] = await Promise.all([startThrowawayPostgres(), startThrowawayRedis()]);
    await createDatabase(withDatabase(postgres.url, 'postgres'), 'health_test');
    const databaseUrl = withDatabase(postgres.url, 'health_test');
    await migrate(databaseUrl);
    api = await startTestApp(databaseUrl, redis.url);
    await createUser(api.dataSource, { email: 'admin@test.cn', role: 'admin' });
    token = await login(api, 'admin@test.cn');
  }, 60_000);

  afterAll(async () => {
    await api?.close();
    await postgres?.destroy();
    await redis?.destroy();
  });

  it('is 200 with both services up, without a token', async () => {
    const response = await api.request({ method: 'GET', url: '/health' });
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({
      status: 'ok',
      details: { database: { status: 'up' }, redis: { status: 'up' } },
    });
  });

  it('turns 503 while PostgreSQL is down, fails requests fast with 503, and heals by itself', async () => {
    await postgres.pause();

    const health = await api.request({ method: 'GET', url: '/health' });
    expect(health.status).toBe(503);
    expect(health.body.code).toBe('SERVICE.UNHEALTHY');
    expect(JSON.stringify(health.body.details)).toContain('database');

    const started = Date.now();
    const users = await api.request({ method: 'GET', url: '/api/users', token });
    expect(users.status).toBe(503);
    expect(users.body.code).toBe('SERVICE.DATABASE_UNAVAILABLE');
    expect(users.headers['retry-after']).toBe('5');
    expect(Date.now() - started).toBeLessThan(5_000);

    await postgres.resume();
    await eventually(async () => (await api.request({ method: 'GET', url: '/health' })).status === 200, 15_000);
    const again = await api.request({ method: 'GET', url: '/api/users', token });
    expect(again.status).toBe(200);
  }, 60_000);

  it('turns 503 while Redis is down and heals by itself', async () => {
    await redis.pause();
    await eventually(async () => (await api.request({ method: 'GET', url: '/health' })).status === 503, 10_000);
    const health = await api.request({ method: 'GET', url: '/health' });
    expect(JSON.stringify(health.body.details)).toContain('redis');

    await redis.resume();
    await eventually(async () => (await api.request({ method: 'GET', url: '/health' })).status === 200, 15_000);
  }, 60_000);
});
