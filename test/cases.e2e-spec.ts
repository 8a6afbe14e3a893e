import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { parse } from 'csv-parse/sync';
import { AuditEvent } from '../libs/core/src/audit/audit-event.entity.js';
import { BestPracticeCase } from '../libs/core/src/cases/best-practice-case.entity.js';
import {
  createAgency,
  createDocument,
  createUser,
  eventually,
  login,
  startTestApp,
  type TestApp,
} from './support/app.js';
import { createTestDatabase, type TestDatabase } from './support/database.js';

interface Cell {
  agencyId: string;
  status: string;
  note: string;
  updatedAt: string | null;
  version: number | null;
}
interface MatrixRow {
  id: string;
  documentId: string;
  title: string;
  cells: Cell[];
}
interface Matrix {
  agencies: Array<{ id: string; name: string; kind: string }>;
  rows: MatrixRow[];
}
interface Counts {
  adopted: number;
  planned: number;
  notApplicable: number;
  notAssessed: number;
  adoptionRate: number | null;
}
interface Report {
  byCase: Array<Counts & { caseId: string; title: string }>;
  byAgency: Array<Counts & { agencyId: string; name: string }>;
  totals: Counts & { cases: number; agencies: number };
}

const section = (text: string) => [{ text, span: { start: 0, end: text.length } }];

describe('best-practice cases and their replication (复制推广)', () => {
  let database: TestDatabase;
  let api: TestApp;
  const tokens: Record<'admin' | 'coordinator' | 'supervisor' | 'commerce' | 'finance', string> = {
    admin: '',
    coordinator: '',
    supervisor: '',
    commerce: '',
    finance: '',
  };
  // Named so that the column order (by name) is known: 市商务局 < 市财政局 < 浦东新区 in code point order.
  const agencies = { commerce: '', finance: '', pudong: '' };
  const documents = { first: '', second: '' };
  let caseIds: string[] = [];

  beforeAll(async () => {
    database = await createTestDatabase();
    api = await startTestApp(database.url);
    agencies.commerce = (await createAgency(api.dataSource, '市商务局')).id;
    agencies.finance = (await createAgency(api.dataSource, '市财政局')).id;
    agencies.pudong = (await createAgency(api.dataSource, '浦东新区', 'district_government')).id;
    await createUser(api.dataSource, { email: 'admin@test.cn', role: 'admin' });
    await createUser(api.dataSource, { email: 'coord@test.cn', role: 'coordinator' });
    await createUser(api.dataSource, { email: 'super@test.cn', role: 'supervisor' });
    await createUser(api.dataSource, { email: 'commerce@test.cn', role: 'agency', agencyId: agencies.commerce });
    await createUser(api.dataSource, { email: 'finance@test.cn', role: 'agency', agencyId: agencies.finance });
    tokens.admin = await login(api, 'admin@test.cn');
    tokens.coordinator = await login(api, 'coord@test.cn');
    tokens.supervisor = await login(api, 'super@test.cn');
    tokens.commerce = await login(api, 'commerce@test.cn');
    tokens.finance = await login(api, 'finance@test.cn');

    documents.first = await createDocument(api.dataSource, '自贸试验区第一批最佳实践案例');
    documents.second = await createDocument(api.dataSource, '自贸试验区第二批最佳实践案例');
    const repository = api.dataSource.getRepository(BestPracticeCase);
    const make = (documentId: string, number: string, title: string, category: string, provider: string) =>
      repository.create({
        documentId,
        number,
        title,
        category,
        provider,
        practices: section(`${title}的主要做法`),
        effects: section(`${title}的实践效果`),
        nextSteps: section(`${title}的下一步`),
        spanStart: Number(number) * 100,
        spanEnd: Number(number) * 100 + 50,
      });
    // Saved out of order: the API orders by document, then by place in the document.
    const saved = await repository.save([
      make(documents.first, '2', '跨境贸易“单一窗口”', '贸易便利', '上海市'),
      make(documents.first, '1', '“证照分离”改革', '政府管理', '广东省'),
      make(documents.second, '1', '国际船舶登记制度创新', '贸易便利', '海南省'),
      make(documents.first, '3', '100%_通配符测试', '金融开放', '上海市'),
    ]);
    caseIds = [saved[1].id, saved[0].id, saved[3].id, saved[2].id];
  });

  afterAll(async () => {
    await api?.close();
    await database?.drop();
  });

  const get = (url: string, token = tokens.coordinator) => api.request({ method: 'GET', url, token });
  const put = (
    caseId: string,
    agencyId: string,
    body: { status: string; note?: string; version?: number | null },
    token = tokens.coordinator,
  ) => api.request({ method: 'PUT', url: `/api/cases/${caseId}/adoptions/${agencyId}`, token, body });
  const matrix = async (query = '', token = tokens.coordinator) => {
    const response = await get(`/api/cases/adoptions${query}`, token);
    expect(response.status).toBe(200);
    return response.body as unknown as Matrix;
  };
  const cellOf = (m: Matrix, caseId: string, agencyId: string) =>
    m.rows.find((r) => r.id === caseId)?.cells.find((c) => c.agencyId === agencyId);

  it('lists cases in document order, filters them and shows one in detail', async () => {
    const all = await get('/api/cases', tokens.commerce);
    expect(all.status).toBe(200);
    expect(all.body.total).toBe(4);
    const items = all.body.items as Array<Record<string, unknown>>;
    expect(items.map((c) => c.id)).toEqual(caseIds);
    expect(items[0]).toEqual({
      id: caseIds[0],
      documentId: documents.first,
      documentTitle: '自贸试验区第一批最佳实践案例',
      number: '1',
      title: '“证照分离”改革',
      category: '政府管理',
      provider: '广东省',
    });

    const ids = async (query: string) =>
      ((await get(`/api/cases?${query}`)).body.items as Array<{ id: string }>).map((c) => c.id);
    expect(await ids(`documentId=${documents.second}`)).toEqual([caseIds[3]]);
    expect(await ids(`category=${encodeURIComponent('贸易便利')}`)).toEqual([caseIds[1], caseIds[3]]);
    expect(await ids(`provider=${encodeURIComponent('上海市')}`)).toEqual([caseIds[1], caseIds[2]]);
    expect(await ids(`q=${encodeURIComponent('单一窗口')}`)).toEqual([caseIds[1]]);
    // `%` and `_` are searched for as text, not as wildcards.
    expect(await ids(`q=${encodeURIComponent('0%_')}`)).toEqual([caseIds[2]]);
    expect(await ids(`q=${encodeURIComponent('%')}`)).toEqual([caseIds[2]]);

    const page = await get('/api/cases?page=2&pageSize=3');
    expect([page.body.total, page.body.page, page.body.pageSize]).toEqual([4, 2, 3]);
    expect((page.body.items as Array<{ id: string }>).map((c) => c.id)).toEqual([caseIds[3]]);

    const detail = await get(`/api/cases/${caseIds[1]}`, tokens.supervisor);
    expect(detail.status).toBe(200);
    expect(detail.body).toMatchObject({
      id: caseIds[1],
      documentTitle: '自贸试验区第一批最佳实践案例',
      title: '跨境贸易“单一窗口”',
      provider: '上海市',
      practices: [{ text: '跨境贸易“单一窗口”的主要做法' }],
      effects: [{ text: '跨境贸易“单一窗口”的实践效果' }],
      nextSteps: [{ text: '跨境贸易“单一窗口”的下一步' }],
    });

    const missing = await get('/api/cases/00000000-0000-4000-8000-000000000000');
    expect([missing.status, missing.body.code]).toEqual([404, 'CASE.NOT_FOUND']);
    expect((await get('/api/cases/not-a-uuid')).status).toBe(400);
    expect((await get('/api/cases?pageSize=1000')).status).toBe(400);
  });

  it('shows the matrix with every cell not assessed before anyone sets one', async () => {
    const m = await matrix();
    expect(m.agencies.map((a) => a.id)).toEqual([agencies.commerce, agencies.finance, agencies.pudong]);
    expect(m.rows.map((r) => r.id)).toEqual(caseIds);
    for (const row of m.rows) {
      expect(row.cells.map((c) => c.agencyId)).toEqual(m.agencies.map((a) => a.id));
      for (const cell of row.cells) {
        expect(cell).toEqual({
          agencyId: cell.agencyId,
          status: 'not_assessed',
          note: '',
          updatedAt: null,
          version: null,
        });
      }
    }
    const districts = await matrix('?agencyKind=district_government');
    expect(districts.agencies.map((a) => a.id)).toEqual([agencies.pudong]);
    expect(districts.rows.every((r) => r.cells.length === 1)).toBe(true);
    const second = await matrix(`?documentId=${documents.second}&category=${encodeURIComponent('贸易便利')}`);
    expect(second.rows.map((r) => r.id)).toEqual([caseIds[3]]);
    expect((await get('/api/cases/adoptions?agencyKind=planet')).status).toBe(400);
  });

  it('lets the office set any agency’s cell, with optimistic locking', async () => {
    const first = await put(caseIds[0], agencies.commerce, { status: 'planned', note: ' 拟于明年推广 ' });
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({
      caseId: caseIds[0],
      agencyId: agencies.commerce,
      status: 'planned',
      note: '拟于明年推广',
      version: 1,
    });

    const second = await put(caseIds[0], agencies.commerce, { status: 'adopted', note: '已出台实施细则', version: 1 });
    expect([second.status, second.body.version, second.body.status]).toEqual([200, 2, 'adopted']);

    const stale = await put(caseIds[0], agencies.commerce, { status: 'not_applicable', version: 1 });
    expect([stale.status, stale.body.code, stale.body.details]).toEqual([
      409,
      'CASE.STALE_VERSION',
      { currentVersion: 2 },
    ]);
    // Leaving the version out of a write to a cell that has one is just as stale.
    const blind = await put(caseIds[0], agencies.commerce, { status: 'not_applicable' });
    expect([blind.status, blind.body.code]).toEqual([409, 'CASE.STALE_VERSION']);
    // So is a version for a cell nobody has set yet.
    const phantom = await put(caseIds[1], agencies.pudong, { status: 'planned', version: 3 });
    expect([phantom.status, phantom.body.details]).toEqual([409, { currentVersion: null }]);

    // The same state again writes nothing.
    const same = await put(caseIds[0], agencies.commerce, { status: 'adopted', note: '已出台实施细则', version: 2 });
    expect([same.status, same.body.version]).toEqual([200, 2]);

    const admin = await put(caseIds[3], agencies.pudong, { status: 'not_applicable', note: '无港口' }, tokens.admin);
    expect([admin.status, admin.body.version]).toEqual([200, 1]);
    await put(caseIds[1], agencies.finance, { status: 'planned' });
    await put(caseIds[2], agencies.finance, { status: 'adopted' });

    expect((await put(caseIds[0], '00000000-0000-4000-8000-000000000000', { status: 'planned' })).body.code).toBe(
      'AGENCY.NOT_FOUND',
    );
    expect(
      (await put('00000000-0000-4000-8000-000000000000', agencies.commerce, { status: 'planned' })).body.code,
    ).toBe('CASE.NOT_FOUND');
    const invalid = await put(caseIds[0], agencies.finance, { status: 'done' });
    expect([invalid.status, invalid.body.code]).toEqual([400, 'REQUEST.INVALID']);
  });

  it('tells the loser of two first writes to the same cell that it changed', async () => {
    // Another writer has inserted the cell but not committed: the PUT sees no row, its insert
    // waits on the unique key, and once the other commits it inserts nothing and answers 409.
    const other = api.dataSource.createQueryRunner();
    await other.connect();
    await other.startTransaction();
    try {
      await other.query(
        `INSERT INTO case_adoptions (case_id, agency_id, status, note, version) VALUES ($1, $2, 'planned', '', 1)`,
        [caseIds[2], agencies.pudong],
      );
      const pending = put(caseIds[2], agencies.pudong, { status: 'adopted' });
      await eventually(async () => {
        const [{ waiting }]: Array<{ waiting: number }> = await api.dataSource.query(
          `SELECT count(*)::int AS waiting FROM pg_stat_activity
            WHERE datname = current_database() AND wait_event_type = 'Lock'`,
        );
        return waiting > 0;
      });
      await other.commitTransaction();
      const loser = await pending;
      expect([loser.status, loser.body.code, loser.body.details]).toEqual([
        409,
        'CASE.STALE_VERSION',
        { currentVersion: 1 },
      ]);
    } finally {
      if (other.isTransactionActive) await other.rollbackTransaction();
      await other.release();
    }
  });

  it('lets an agency officer set only its own agency’s cells, and supervisors none', async () => {
    const own = await put(caseIds[1], agencies.commerce, { status: 'adopted', note: '已复制' }, tokens.commerce);
    expect([own.status, own.body.status, own.body.version]).toEqual([200, 'adopted', 1]);

    const other = await put(caseIds[1], agencies.finance, { status: 'adopted', version: 1 }, tokens.commerce);
    expect([other.status, other.body.code]).toEqual([403, 'AUTH.FORBIDDEN']);
    const supervisor = await put(caseIds[1], agencies.finance, { status: 'adopted', version: 1 }, tokens.supervisor);
    expect([supervisor.status, supervisor.body.code]).toEqual([403, 'AUTH.FORBIDDEN']);
    const unchanged = await matrix();
    expect(cellOf(unchanged, caseIds[1], agencies.finance)).toMatchObject({ status: 'planned', version: 1 });
  });

  it('shows the cells as set, and agency officers only their own column', async () => {
    const m = await matrix('', tokens.supervisor);
    expect(cellOf(m, caseIds[0], agencies.commerce)).toMatchObject({
      status: 'adopted',
      note: '已出台实施细则',
      version: 2,
      updatedAt: expect.any(String),
    });
    expect(cellOf(m, caseIds[3], agencies.pudong)).toMatchObject({ status: 'not_applicable', note: '无港口' });
    expect(cellOf(m, caseIds[0], agencies.finance)).toMatchObject({ status: 'not_assessed', version: null });

    const own = await matrix('', tokens.commerce);
    expect(own.agencies.map((a) => a.id)).toEqual([agencies.commerce]);
    expect(own.rows.map((r) => r.id)).toEqual(caseIds);
    expect(own.rows.map((r) => r.cells.map((c) => c.status))).toEqual([
      ['adopted'],
      ['adopted'],
      ['not_assessed'],
      ['not_assessed'],
    ]);
    // Asking for another kind of agency does not widen an officer's view.
    expect((await matrix('?agencyKind=district_government', tokens.commerce)).agencies).toEqual([]);
  });

  it('counts the report the same as a direct count, and scopes it for agency officers', async () => {
    const response = await get('/api/cases/adoptions/report', tokens.supervisor);
    expect(response.status).toBe(200);
    const report = response.body as unknown as Report;

    const rows: Array<{ case_id: string; agency_id: string; status: string }> = await api.dataSource.query(
      'SELECT case_id, agency_id, status FROM case_adoptions',
    );
    const count = (status: string, where: (r: { case_id: string; agency_id: string }) => boolean = () => true) =>
      rows.filter((r) => r.status === status && where(r)).length;
    const cells = caseIds.length * 3;
    const explicitNotAssessed = count('not_assessed');
    expect(report.totals).toEqual({
      cases: 4,
      agencies: 3,
      adopted: count('adopted'),
      planned: count('planned'),
      notApplicable: count('not_applicable'),
      notAssessed: cells - rows.length + explicitNotAssessed,
      adoptionRate: Math.round((count('adopted') / (cells - count('not_applicable'))) * 10_000) / 10_000,
    });
    expect(
      report.totals.adopted + report.totals.planned + report.totals.notApplicable + report.totals.notAssessed,
    ).toBe(cells);

    for (const row of report.byCase) {
      const mine = (r: { case_id: string }) => r.case_id === row.caseId;
      expect([row.adopted, row.planned, row.notApplicable]).toEqual([
        count('adopted', mine),
        count('planned', mine),
        count('not_applicable', mine),
      ]);
      expect(row.adopted + row.planned + row.notApplicable + row.notAssessed).toBe(3);
    }
    expect(report.byCase.map((r) => r.caseId)).toEqual(caseIds);
    // 证照分离 (caseIds[0]): adopted by 市商务局 only, applicable everywhere.
    expect(report.byCase[0]).toMatchObject({ adopted: 1, notAssessed: 2, adoptionRate: 0.3333 });
    // 船舶登记 (caseIds[3]): not applicable to 浦东新区, so the rate is over two agencies.
    expect(report.byCase[3]).toMatchObject({ notApplicable: 1, adoptionRate: 0 });
    for (const row of report.byAgency) {
      const mine = (r: { agency_id: string }) => r.agency_id === row.agencyId;
      expect([row.adopted, row.planned, row.notApplicable]).toEqual([
        count('adopted', mine),
        count('planned', mine),
        count('not_applicable', mine),
      ]);
    }
    expect(report.byAgency.find((r) => r.agencyId === agencies.commerce)).toMatchObject({
      adopted: 2,
      notAssessed: 2,
      adoptionRate: 0.5,
    });

    const own = (await get('/api/cases/adoptions/report', tokens.finance)).body as unknown as Report;
    expect(own.byAgency.map((r) => r.agencyId)).toEqual([agencies.finance]);
    expect(own.byCase.map((r) => [r.planned, r.adopted])).toEqual([
      [0, 0],
      [1, 0],
      [0, 1],
      [0, 0],
    ]);
    expect(own.totals).toMatchObject({ cases: 4, agencies: 1, adopted: 1, planned: 1, notAssessed: 2 });

    const district = (await get('/api/cases/adoptions/report?agencyKind=district_government'))
      .body as unknown as Report;
    expect(district.totals).toMatchObject({ agencies: 1, notApplicable: 1, planned: 1, notAssessed: 2 });
  });

  it('exports the matrix as CSV for Excel: BOM, Chinese headers and status labels', async () => {
    const response = await api.app
      .getHttpAdapter()
      .getInstance()
      .inject({
        method: 'GET',
        url: '/api/cases/adoptions/export.csv',
        headers: { authorization: `Bearer ${tokens.coordinator}` },
      });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(String(response.headers['content-disposition'])).toContain(encodeURIComponent('复制推广情况.csv'));
    const bytes = response.rawPayload;
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const records: string[][] = parse(bytes, { bom: true });
    expect(records[0]).toEqual([
      '序号',
      '文件',
      '编号',
      '案例',
      '类别',
      '提供单位',
      '市商务局',
      '市财政局',
      '浦东新区',
    ]);
    expect(records).toHaveLength(5);
    expect(records[1]).toEqual([
      '1',
      '自贸试验区第一批最佳实践案例',
      '1',
      '“证照分离”改革',
      '政府管理',
      '广东省',
      '已推广',
      '未评估',
      '未评估',
    ]);
    expect(records[2].slice(6)).toEqual(['已推广', '计划推广', '未评估']);
    expect(records[3].slice(6)).toEqual(['未评估', '已推广', '计划推广']);
    expect(records[4].slice(6)).toEqual(['未评估', '未评估', '不适用']);

    const own = await api.app
      .getHttpAdapter()
      .getInstance()
      .inject({
        method: 'GET',
        url: '/api/cases/adoptions/export.csv',
        headers: { authorization: `Bearer ${tokens.finance}` },
      });
    const ownRecords: string[][] = parse(own.rawPayload, { bom: true });
    expect(ownRecords[0].slice(6)).toEqual(['市财政局']);
  });

  it('records every change in the audit log, and nothing for refused or empty writes', async () => {
    const events = await api.dataSource
      .getRepository(AuditEvent)
      .find({ where: { action: 'case.adoption' }, order: { id: 'ASC' } });
    // planned, →adopted, the admin's not_applicable, two for 市财政局, the officer's own (the race winner was SQL).
    expect(events).toHaveLength(6);
    expect(events.every((e) => e.entityType === 'case_adoption' && e.requestId)).toBe(true);
    const [created, changed] = events;
    expect(created.before).toBeNull();
    expect(created.after).toMatchObject({
      caseId: caseIds[0],
      agencyId: agencies.commerce,
      status: 'planned',
      version: 1,
    });
    expect(changed.entityId).toBe(created.entityId);
    expect(changed.before).toMatchObject({ status: 'planned', version: 1 });
    expect(changed.after).toMatchObject({ status: 'adopted', note: '已出台实施细则', version: 2 });
  });
});
