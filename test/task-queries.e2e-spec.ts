import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Agency } from '../libs/core/src/agencies/agency.entity.js';
import { seedAgencies } from '../libs/core/src/agencies/agency-registry.js';
import { PolicyDocument } from '../libs/core/src/documents/policy-document.entity.js';
import { ImportService } from '../libs/core/src/imports/import.service.js';
import { Task } from '../libs/core/src/tasks/task.entity.js';
import { REGISTRY_SEED } from '../libs/extraction/src/registry-data.js';
import { createUser, login, setNow, startTestApp, type TestApp } from './support/app.js';
import { createTestDatabase, type TestDatabase } from './support/database.js';

type Page = { items: Array<Record<string, unknown>>; total: number; page: number; pageSize: number };

describe('querying the ledger', () => {
  let database: TestDatabase;
  let api: TestApp;
  let coordinator: string;

  beforeAll(async () => {
    database = await createTestDatabase();
    api = await startTestApp(database.url);
    await setNow(api, '2021-07-01T02:00:00Z');
    await api.dataSource.transaction((manager) => seedAgencies(manager, REGISTRY_SEED));
    await api.app
      .get(ImportService)
      .importWithoutReview('003.txt', readFileSync('samples/seeds/003_846d57524a5f4238.txt'), null, 20 << 20);
    await createUser(api.dataSource, { email: 'coord@test.cn', role: 'coordinator' });
    coordinator = await login(api, 'coord@test.cn');
  });

  afterAll(async () => {
    await api?.close();
    await database?.drop();
  });

  const list = async (query: string) =>
    (await api.request({ method: 'GET', url: `/api/tasks?${query}`, token: coordinator })).body as unknown as Page;

  it('finds tasks by Chinese text', async () => {
    const found = await list('q=创投企业&pageSize=200');
    expect(found.items.map((t) => t.title)).toContain('公司型创投企业所得税优惠政策');
    for (const item of found.items) {
      const task = await api.dataSource.getRepository(Task).findOneByOrFail({ id: String(item.id) });
      expect(`${task.title} ${task.text}`).toContain('创投企业');
    }
    expect((await list('q=不存在的内容xyz')).total).toBe(0);
  });

  it('filters by document, agency and role, deadline range and overdue, and counts the same as SQL', async () => {
    const document = await api.dataSource
      .getRepository(PolicyDocument)
      .findOneByOrFail({ title: '北京市财政局关于“两区”建设推进工作措施' });
    const finance = await api.dataSource.getRepository(Agency).findOneByOrFail({ name: '市财政局' });
    const page = await list(`documentId=${document.id}&agencyId=${finance.id}&role=lead&pageSize=200`);
    const [{ count }] = await api.dataSource.query(
      `SELECT count(*)::int AS count FROM tasks t JOIN task_assignments a ON a.task_id = t.id
       WHERE t.document_id = $1 AND a.agency_id = $2 AND a.role = 'lead'`,
      [document.id, finance.id],
    );
    expect(page.total).toBe(count);
    expect(count).toBeGreaterThan(3);

    const overdue = await list('overdue=true&pageSize=200');
    const [{ late }] = await api.dataSource.query(
      `SELECT count(*)::int AS late FROM tasks WHERE status IN ('registered','assigned','acknowledged','in_progress','completion_requested')
       AND COALESCE(extended_deadline, deadline_date) < '2021-07-01'`,
    );
    expect(overdue.total).toBe(late);
    expect(overdue.items.every((t) => t.overdue === true)).toBe(true);

    const inRange = await list('deadlineFrom=2021-01-01&deadlineTo=2021-12-31&pageSize=200');
    expect(
      inRange.items.every(
        (t) => String(t.effectiveDeadline) >= '2021-01-01' && String(t.effectiveDeadline) <= '2021-12-31',
      ),
    ).toBe(true);
  });

  it('shows each task’s warning light, set at import, and filters by light', async () => {
    const counts: Array<{ light: string; n: number }> = await api.dataSource.query(
      `SELECT coalesce(l.light, 'none') AS light, count(*)::int AS n
         FROM tasks t LEFT JOIN task_lights l ON l.task_id = t.id GROUP BY 1`,
    );
    const byLight = Object.fromEntries(counts.map((c) => [c.light, c.n]));
    // Imported as of 1 July 2021: the 2020 deadlines are past (red), undated tasks stay green.
    expect(byLight.red).toBeGreaterThan(0);
    expect(byLight.green).toBeGreaterThan(0);
    const red = await list('light=red&pageSize=200');
    expect(red.total).toBe(byLight.red);
    expect(red.items.every((t) => t.light === 'red' && (t.lightReasons as string[]).includes('overdue'))).toBe(true);
    const calm = await list('light=green,blue&pageSize=200');
    expect(calm.total).toBe((byLight.green ?? 0) + (byLight.blue ?? 0));
  });

  it('pages with a stable order: every task exactly once', async () => {
    const seen: string[] = [];
    const first = await list('pageSize=100&page=1&sort=deadline');
    for (let page = 1; page <= Math.ceil(first.total / 100); page++) {
      seen.push(...(await list(`pageSize=100&page=${page}&sort=deadline`)).items.map((t) => String(t.id)));
    }
    expect(seen).toHaveLength(first.total);
    expect(new Set(seen).size).toBe(first.total);
  });

  it('keeps an unassigned queue and empties it by bulk assignment', async () => {
    const queue = await list('unassigned=true&pageSize=5');
    expect(queue.total).toBeGreaterThan(5);
    const water = await api.dataSource.getRepository(Agency).findOneByOrFail({ name: '市水务局' });
    const ids = queue.items.map((t) => String(t.id));
    const bulk = await api.request({
      method: 'POST',
      url: '/api/tasks/bulk-assign',
      token: coordinator,
      body: { taskIds: ids, lead: [{ agencyId: water.id, internalDivision: '规划处' }], co: [], andHandOver: true },
    });
    expect(bulk.body).toEqual({ updated: 5 });
    expect((await list('unassigned=true&pageSize=5')).total).toBe(queue.total - 5);
    const assigned = await api.dataSource.getRepository(Task).findBy(ids.map((id) => ({ id })));
    expect(assigned.map((t) => t.status)).toEqual(Array(5).fill('assigned'));
  });

  it('refuses bad filters with a clear code', async () => {
    const response = await api.request({
      method: 'GET',
      url: '/api/tasks?status=done&pageSize=1000',
      token: coordinator,
    });
    expect(response.status).toBe(400);
    expect(response.body.code).toBe('REQUEST.INVALID');
  });
});
