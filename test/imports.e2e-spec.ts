import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { type INestApplicationContext } from '@nestjs/common';
import { AgencyAlias } from '../libs/core/src/agencies/agency-alias.entity.js';
import { Agency } from '../libs/core/src/agencies/agency.entity.js';
import { PolicyDocument } from '../libs/core/src/documents/policy-document.entity.js';
import { SourceFile } from '../libs/core/src/documents/source-file.entity.js';
import { TaskAssignment } from '../libs/core/src/tasks/task-assignment.entity.js';
import { Task } from '../libs/core/src/tasks/task.entity.js';
import {
  createAgency,
  createUser,
  eventually,
  login,
  startTestApp,
  startTestWorker,
  type TestApp,
} from './support/app.js';
import { createTestDatabase, type TestDatabase } from './support/database.js';
import { multipartFile } from './support/multipart.js';

const VERSION_1 = `国务院办公厅关于推进测试领域改革的通知
国办发〔2030〕7号
各省、自治区、直辖市人民政府，国务院各部委、各直属机构：
为推进测试领域改革，现就有关事项通知如下。
一、重点任务
（一）推进登记便利化改革。简化登记流程，推行全程网上办理。（财政部、市新设局负责，2030年底前完成）
（二）完善资金保障机制。统筹安排专项资金，加强绩效管理。（国家发展改革委牵头，财政部参与）
（三）加强统计监测。建立季度监测制度，及时发布数据。（税务总局负责，持续推进）
二、保障措施
（四）加强组织领导。各地区各部门要高度重视，抓好落实。（国家发展改革委负责）
国务院办公厅
2030年1月5日
`;

// The revised version: (二) gets a new deadline, (三) is replaced by a new task, (一) and (四) stay.
const VERSION_2 = VERSION_1.replace(
  '（国家发展改革委牵头，财政部参与）',
  '（国家发展改革委牵头，财政部参与，2031年6月底前完成）',
).replace(
  '（三）加强统计监测。建立季度监测制度，及时发布数据。（税务总局负责，持续推进）',
  '（三）开展试点评估。委托第三方机构开展中期评估。（财政部负责，2031年底前完成）',
);

describe('importing policy documents: upload, extraction in the worker, review, commit', () => {
  let database: TestDatabase;
  let api: TestApp;
  let worker: INestApplicationContext;
  let coordinator: string;
  let officer: string;
  const queue = { QUEUE_PREFIX: `t${randomBytes(4).toString('hex')}`, UPLOAD_MAX_BYTES: '65536' };

  beforeAll(async () => {
    database = await createTestDatabase();
    api = await startTestApp(database.url, process.env.REDIS_URL, queue);
    worker = await startTestWorker(database.url, queue);
    for (const name of ['财政部', '国家发展改革委', '税务总局'])
      await createAgency(api.dataSource, name, 'central_unit');
    const agency = await createAgency(api.dataSource, '市财政局');
    await createUser(api.dataSource, { email: 'coord@test.cn', role: 'coordinator' });
    await createUser(api.dataSource, { email: 'officer@test.cn', role: 'agency', agencyId: agency.id });
    coordinator = await login(api, 'coord@test.cn');
    officer = await login(api, 'officer@test.cn');
  });

  afterAll(async () => {
    await worker?.close();
    await api?.close();
    await database?.drop();
  });

  async function upload(fileName: string, content: Buffer | string, token = coordinator) {
    const { body, headers } = multipartFile(fileName, content);
    return api.request({ method: 'POST', url: '/api/imports', token, body, headers });
  }

  async function untilSettled(id: string) {
    return eventually(async () => {
      const response = await api.request({ method: 'GET', url: `/api/imports/${id}`, token: coordinator });
      return ['review', 'failed', 'committed'].includes(String(response.body.status)) && response;
    });
  }

  const countRows = async () => ({
    files: await api.dataSource.getRepository(SourceFile).count(),
    documents: await api.dataSource.getRepository(PolicyDocument).count(),
    tasks: await api.dataSource.getRepository(Task).count(),
  });

  it('refuses uploads from agency officers, and files that are empty, too large or of another type', async () => {
    expect((await upload('a.txt', VERSION_1, officer)).status).toBe(403);
    const empty = await upload('a.txt', '');
    expect([empty.status, empty.body.code]).toEqual([400, 'IMPORT.EMPTY_FILE']);
    const exe = await upload('tool.exe', 'MZ');
    expect([exe.status, exe.body.code]).toEqual([415, 'IMPORT.UNSUPPORTED_TYPE']);
    const huge = await upload('big.txt', 'x'.repeat(70_000));
    expect([huge.status, huge.body.code]).toEqual([413, 'REQUEST.PAYLOAD_TOO_LARGE']);
    expect(await countRows()).toEqual({ files: 0, documents: 0, tasks: 0 });
  });

  let firstImportId: string;

  it('extracts in the worker and shows the review: source text, tasks, owners, deadlines and unknown names', async () => {
    const uploaded = await upload('测试通知.txt', VERSION_1);
    expect(uploaded.status).toBe(202);
    expect(uploaded.body.status).toBe('queued');
    firstImportId = String(uploaded.body.id);

    const settled = await untilSettled(firstImportId);
    expect(settled.body).toMatchObject({ status: 'review', progress: 100, fileName: '测试通知.txt' });

    const review = await api.request({
      method: 'GET',
      url: `/api/imports/${firstImportId}/review`,
      token: coordinator,
    });
    expect(review.status).toBe(200);
    expect(review.body.text).toBe(VERSION_1);
    const extraction = review.body.extraction as {
      documents: Array<{ docNumber: string; tasks: Array<Record<string, unknown>> }>;
    };
    expect(extraction.documents).toHaveLength(1);
    expect(extraction.documents[0].docNumber).toBe('国办发〔2030〕7号');
    const [first, second] = extraction.documents[0].tasks as Array<{
      lead: string[];
      co: string[];
      span: { start: number; end: number };
    }>;
    expect(first.lead).toEqual(['财政部', '市新设局']);
    expect(second).toMatchObject({ lead: ['国家发展改革委'], co: ['财政部'] });
    expect(VERSION_1.slice(first.span.start, first.span.start + 3)).toBe('（一）');
    expect(review.body.plan).toMatchObject({ unknownAgencies: ['市新设局'] });
    expect(await countRows()).toEqual({ files: 0, documents: 0, tasks: 0 });
  });

  it('refuses to commit while an agency name is unmapped, then commits in one go once it is mapped', async () => {
    const blocked = await api.request({
      method: 'POST',
      url: `/api/imports/${firstImportId}/commit`,
      token: coordinator,
    });
    expect(blocked.status).toBe(409);
    expect(blocked.body).toMatchObject({ code: 'IMPORT.UNMAPPED_AGENCIES', details: { names: ['市新设局'] } });

    const badReview = await api.request({
      method: 'PUT',
      url: `/api/imports/${firstImportId}/review`,
      token: coordinator,
      body: { tasks: { '0.9': { exclude: true } } },
    });
    expect([badReview.status, badReview.body.code]).toEqual([400, 'IMPORT.BAD_REVIEW']);

    const saved = await api.request({
      method: 'PUT',
      url: `/api/imports/${firstImportId}/review`,
      token: coordinator,
      body: {
        agencyMappings: { 市新设局: { create: { name: '市新设局', kind: 'municipal_bureau' } } },
        tasks: { '0.3': { title: '加强组织领导工作' } },
      },
    });
    expect(saved.status).toBe(200);
    expect(saved.body).toMatchObject({ plan: { unknownAgencies: [] } });

    const committed = await api.request({
      method: 'POST',
      url: `/api/imports/${firstImportId}/commit`,
      token: coordinator,
    });
    expect(committed.status).toBe(200);
    expect(committed.body).toMatchObject({ documents: [{ created: true, added: 4, changed: 0, removed: 0 }] });

    const tasks = await api.dataSource.getRepository(Task).find({ order: { spanStart: 'ASC' } });
    expect(tasks.map((t) => [t.number, t.title, t.deadlineDate, t.ongoing, t.status])).toEqual([
      ['(一)', '推进登记便利化改革', '2030-12-31', false, 'registered'],
      ['(二)', '完善资金保障机制', null, false, 'registered'],
      ['(三)', '加强统计监测', null, true, 'registered'],
      ['(四)', '加强组织领导工作', null, false, 'registered'],
    ]);
    const assignments = await api.dataSource
      .getRepository(TaskAssignment)
      .find({ where: { taskId: tasks[1].id }, relations: { agency: true } });
    expect(assignments.map((a) => [a.agency.name, a.role]).sort()).toEqual([
      ['国家发展改革委', 'lead'],
      ['财政部', 'co'],
    ]);
    // A name created as printed needs no alias: it resolves by its own name.
    expect(await api.dataSource.getRepository(AgencyAlias).countBy({ alias: '市新设局' })).toBe(0);
    const firstTaskOwners = await api.dataSource
      .getRepository(TaskAssignment)
      .find({ where: { taskId: tasks[0].id }, relations: { agency: true } });
    expect(firstTaskOwners.map((a) => a.agency.name).sort()).toEqual(['市新设局', '财政部']);
  });

  it('detects the same file imported again and changes nothing', async () => {
    const before = await countRows();
    const again = await upload('copy.txt', VERSION_1);
    expect(again.status).toBe(202);
    expect(again.body.status).toBe('duplicate');
    expect(await countRows()).toEqual(before);
  });

  it('imports a new version as a diff and keeps the progress of unchanged tasks', async () => {
    const before = await api.dataSource.getRepository(Task).find();
    const byNumber = new Map(before.map((t) => [t.number, t]));
    // Progress recorded on the unchanged task (一) must survive the new version.
    await api.dataSource.getRepository(Task).update({ id: byNumber.get('(一)')?.id }, { status: 'in_progress' });

    const uploaded = await upload('测试通知-修订.txt', VERSION_2);
    const settled = await untilSettled(String(uploaded.body.id));
    const plan = settled.body.plan as { documents: Array<Record<string, Array<{ title: string; fields?: string[] }>>> };
    expect(plan.documents[0].added.map((t) => t.title)).toEqual(['开展试点评估']);
    // (四) was renamed in the first review; the new version's own title wins.
    expect(plan.documents[0].changed).toEqual([
      expect.objectContaining({ title: '完善资金保障机制', fields: ['text', 'deadline'] }),
      expect.objectContaining({ title: '加强组织领导', fields: ['title'] }),
    ]);
    expect(plan.documents[0].unchanged).toHaveLength(1);
    expect(plan.documents[0].removed.map((t) => t.title)).toEqual(['加强统计监测']);

    const committed = await api.request({
      method: 'POST',
      url: `/api/imports/${uploaded.body.id}/commit`,
      token: coordinator,
    });
    expect(committed.status).toBe(200);

    const after = new Map((await api.dataSource.getRepository(Task).find()).map((t) => [t.number, t]));
    expect(after.get('(一)')).toMatchObject({ id: byNumber.get('(一)')?.id, status: 'in_progress' });
    expect(after.get('(二)')).toMatchObject({ id: byNumber.get('(二)')?.id, deadlineDate: '2031-06-30' });
    const third = (await api.dataSource.getRepository(Task).findBy({ number: '(三)' })).map((t) => [t.title, t.status]);
    expect(third.sort()).toEqual([
      ['加强统计监测', 'cancelled'],
      ['开展试点评估', 'registered'],
    ]);
    expect(await api.dataSource.getRepository(PolicyDocument).count()).toBe(1);
  });

  it('marks a broken file failed with the reason and stores nothing', async () => {
    const before = await countRows();
    const uploaded = await upload('broken.txt', Buffer.from([0x00, 0x01, 0x02, 0xff, 0x00, 0x10]));
    const settled = await untilSettled(String(uploaded.body.id));
    expect(settled.body).toMatchObject({ status: 'failed', error: { code: 'IMPORT.BINARY_FILE' } });
    expect(await countRows()).toEqual(before);
  });

  it('leaves the data as it was when the commit fails half-way', async () => {
    const uploaded = await upload('third.txt', VERSION_1.replace('国办发〔2030〕7号', '国办发〔2030〕8号'));
    const id = String(uploaded.body.id);
    await untilSettled(id);
    const before = await countRows();
    // Make the last step of the commit (the assignments) fail inside the transaction.
    await api.dataSource.query(`CREATE FUNCTION fail_insert() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN RAISE EXCEPTION 'simulated crash'; END $$`);
    await api.dataSource.query(
      'CREATE TRIGGER crash BEFORE INSERT ON task_assignments FOR EACH STATEMENT EXECUTE FUNCTION fail_insert()',
    );
    try {
      const failed = await api.request({ method: 'POST', url: `/api/imports/${id}/commit`, token: coordinator });
      expect(failed.status).toBe(500);
    } finally {
      await api.dataSource.query('DROP TRIGGER crash ON task_assignments');
      await api.dataSource.query('DROP FUNCTION fail_insert()');
    }
    expect(await countRows()).toEqual(before);
    const job = await api.request({ method: 'GET', url: `/api/imports/${id}`, token: coordinator });
    expect(job.body.status).toBe('review');
    const retried = await api.request({ method: 'POST', url: `/api/imports/${id}/commit`, token: coordinator });
    expect(retried.status).toBe(200);
  });
  // Last: its documents add tasks numbered (一), which the tests above look up by number.
  it('remembers a name mapped to an existing agency as its alias, so the next document resolves it', async () => {
    const notice = (title: string) =>
      `关于${title}的通知\n一、任务\n（一）${title}。抓好落实。（市数据局负责，2031年底前完成）\n`;
    const first = await upload('数据通知.txt', notice('推进数据要素改革'));
    const review = await untilSettled(String(first.body.id));
    expect(review.body.plan).toMatchObject({ unknownAgencies: ['市数据局'] });
    const taxId = (await api.dataSource.getRepository(Agency).findOneByOrFail({ name: '税务总局' })).id;
    await api.request({
      method: 'PUT',
      url: `/api/imports/${first.body.id}/review`,
      token: coordinator,
      body: { agencyMappings: { 市数据局: { agencyId: taxId } } },
    });
    const committed = await api.request({
      method: 'POST',
      url: `/api/imports/${first.body.id}/commit`,
      token: coordinator,
    });
    expect(committed.status).toBe(200);
    expect(await api.dataSource.getRepository(AgencyAlias).findOneBy({ alias: '市数据局' })).toMatchObject({
      agencyId: taxId,
    });
    const second = await upload('数据通知二.txt', notice('开放公共数据'));
    expect((await untilSettled(String(second.body.id))).body.plan).toMatchObject({ unknownAgencies: [] });
  });
  it('lists every import newest first, a page at a time, and by status', async () => {
    const all: Array<{ id: string; status: string }> = await api.dataSource.query(
      'SELECT id, status FROM import_jobs ORDER BY created_at DESC, id DESC',
    );
    expect(all.length).toBeGreaterThan(3);
    const pageSize = 2;
    const seen: string[] = [];
    for (let page = 1; page <= Math.ceil(all.length / pageSize); page++) {
      const response = await api.request({
        method: 'GET',
        url: `/api/imports?page=${page}&pageSize=${pageSize}`,
        token: coordinator,
      });
      expect(response.body).toMatchObject({ page, pageSize, total: all.length });
      seen.push(...(response.body.items as Array<{ id: string }>).map((job) => job.id));
    }
    expect(seen).toEqual(all.map((job) => job.id));

    const some = ['failed', 'duplicate'];
    const filtered = await api.request({
      method: 'GET',
      url: `/api/imports?status=${some.join(',')}&pageSize=200`,
      token: coordinator,
    });
    const expected = all.filter((job) => some.includes(job.status)).map((job) => job.id);
    expect(expected.length).toBeGreaterThan(0);
    expect(filtered.body.total).toBe(expected.length);
    expect((filtered.body.items as Array<{ id: string }>).map((job) => job.id)).toEqual(expected);

    const wrong = await api.request({ method: 'GET', url: '/api/imports?status=finished', token: coordinator });
    expect([wrong.status, wrong.body.code]).toEqual([400, 'REQUEST.INVALID']);
  });
});
