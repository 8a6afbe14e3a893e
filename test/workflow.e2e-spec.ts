import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Agency } from '../libs/core/src/agencies/agency.entity.js';
import { seedAgencies } from '../libs/core/src/agencies/agency-registry.js';
import { ImportService } from '../libs/core/src/imports/import.service.js';
import { Task } from '../libs/core/src/tasks/task.entity.js';
import { REGISTRY_SEED } from '../libs/extraction/src/registry-data.js';
import { createUser, login, setNow, startTestApp, type TestApp } from './support/app.js';
import { createTestDatabase, type TestDatabase } from './support/database.js';
import { multipartFile } from './support/multipart.js';

type Body = Record<string, unknown>;

// One real task from the seed compilation: 北京市财政局关于“两区”建设推进工作措施, item 1,
// led by 市财政局 (and others), with 市科委 co-operating, due 2020 年 12 月底.
describe('a seed task through the whole 督办 lifecycle', () => {
  let database: TestDatabase;
  let api: TestApp;
  const token: Record<string, string> = {};
  let taskId: string;
  let otherTaskId: string;

  beforeAll(async () => {
    database = await createTestDatabase();
    api = await startTestApp(database.url);
    await api.dataSource.transaction((manager) => seedAgencies(manager, REGISTRY_SEED));
    const imports = api.app.get(ImportService);
    const file = readFileSync('samples/seeds/003_846d57524a5f4238.txt');
    await imports.importWithoutReview('003.txt', file, null, 20 << 20);
    const agency = async (name: string) => (await api.dataSource.getRepository(Agency).findOneByOrFail({ name })).id;
    const users: Array<[string, 'coordinator' | 'supervisor' | 'agency', string | null]> = [
      ['coord', 'coordinator', null],
      ['super', 'supervisor', null],
      ['finance', 'agency', await agency('市财政局')],
      ['science', 'agency', await agency('市科委')],
      ['water', 'agency', await agency('市水务局')],
    ];
    for (const [name, role, agencyId] of users) {
      await createUser(api.dataSource, { email: `${name}@test.cn`, role, agencyId });
      token[name] = await login(api, `${name}@test.cn`);
    }
    const task = await api.dataSource.getRepository(Task).findOneByOrFail({ title: '公司型创投企业所得税优惠政策' });
    taskId = task.id;
    otherTaskId = (await api.dataSource.getRepository(Task).findOneByOrFail({ title: '技术转让所得税优惠政策' })).id;
  });

  afterAll(async () => {
    await api?.close();
    await database?.drop();
  });

  const get = async (who: string, url: string) => api.request({ method: 'GET', url, token: token[who] });
  const post = async (who: string, url: string, body: unknown = {}) =>
    api.request({ method: 'POST', url, token: token[who], body });
  const task = async (who = 'coord') => (await get(who, `/api/tasks/${taskId}`)).body as Body;
  const act = async (who: string, action: string, extra: Body = {}, id = taskId) => {
    const version = ((await get('coord', `/api/tasks/${id}`)).body as Body).version;
    return post(who, `/api/tasks/${id}/actions/${action}`, { version, ...extra });
  };

  it('starts registered, with the owners the document prints and the deadline it states', async () => {
    const detail = await task();
    expect(detail).toMatchObject({ status: 'registered', deadlineDate: '2020-12-31', effectiveDeadline: '2020-12-31' });
    expect((detail.lead as Body[]).map((a) => a.agency)).toContain('市财政局');
    expect((detail.co as Body[]).map((a) => a.agency)).toEqual(['市科委']);
    expect((detail.source as Body).excerpt).toMatch(/^1\.公司型创投企业所得税优惠政策/);
  });

  it('is invisible to an agency that has no part in it, and shows its agencies only their tasks', async () => {
    expect((await get('water', `/api/tasks/${taskId}`)).status).toBe(404);
    const mine = (await get('finance', '/api/tasks?pageSize=200')).body as Body;
    expect(mine.total).toBeGreaterThan(0);
    for (const item of mine.items as Body[]) {
      expect([...(item.lead as Body[]), ...(item.co as Body[])].map((a) => a.agency)).toContain('市财政局');
    }
  });

  it('walks 交办 → 签收 → 办理 with weekly reports, revisions, contributions and a late report', async () => {
    await setNow(api, '2020-11-16T02:00:00Z'); // Monday of 2020-W47, 10:00 in Beijing
    expect((await act('finance', 'assign')).status).toBe(403);
    expect((await act('coord', 'assign')).body).toMatchObject({ status: 'assigned' });
    expect((await act('science', 'acknowledge')).status).toBe(403); // co-operating agencies do not sign for the lead
    expect((await act('finance', 'acknowledge')).body).toMatchObject({ status: 'acknowledged' });

    const report = { rating: 'on_track', percent: 20, workDone: '起草政策实施细则', nextSteps: '征求意见' };
    const first = await post('finance', `/api/tasks/${taskId}/reports`, report);
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({ period: '2020-W47', revision: 1, late: false });
    expect((await task()).status).toBe('in_progress'); // the first report starts the work
    const second = await post('finance', `/api/tasks/${taskId}/reports`, { ...report, percent: 25 });
    expect(second.body).toMatchObject({ period: '2020-W47', revision: 2 });
    expect((await post('science', `/api/tasks/${taskId}/reports`, report)).status).toBe(403);
    expect((await post('science', `/api/tasks/${taskId}/contributions`, { content: '提供科技企业名单' })).status).toBe(
      201,
    );

    const returned = await post('coord', `/api/reports/${second.body.id}/return`, { comment: '请补充进度数据' });
    expect(returned.body).toMatchObject({ returnComment: '请补充进度数据' });

    await setNow(api, '2020-11-24T02:00:00Z'); // the next Tuesday: W47 is over
    const late = await post('finance', `/api/tasks/${taskId}/reports`, { ...report, period: '2020-W47', percent: 30 });
    expect(late.body).toMatchObject({ period: '2020-W47', revision: 3, late: true });
    const future = await post('finance', `/api/tasks/${taskId}/reports`, { ...report, period: '2020-W50' });
    expect([future.status, future.body.code]).toEqual([400, 'REPORT.FUTURE_PERIOD']);

    const detail = await task();
    expect(detail.reports).toEqual([expect.objectContaining({ period: '2020-W47', revision: 3, revisions: 3 })]);
    expect(detail.contributions).toEqual([expect.objectContaining({ content: '提供科技企业名单' })]);
  });

  it('judges lateness against an approved extension and keeps the original deadline', async () => {
    await setNow(api, '2020-12-01T02:00:00Z');
    const tooEarly = await post('finance', `/api/tasks/${taskId}/extensions`, {
      requestedDeadline: '2020-12-15',
      reason: 'x',
    });
    expect([tooEarly.status, tooEarly.body.code]).toEqual([400, 'EXTENSION.NOT_LATER']);
    const asked = await post('finance', `/api/tasks/${taskId}/extensions`, {
      requestedDeadline: '2021-03-31',
      reason: '需与税务部门联合发文',
    });
    expect(asked.status).toBe(201);
    const again = await post('finance', `/api/tasks/${taskId}/extensions`, {
      requestedDeadline: '2021-04-30',
      reason: 'x',
    });
    expect(again.body.code).toBe('EXTENSION.ALREADY_PENDING');

    await setNow(api, '2021-01-05T02:00:00Z'); // past the original deadline, the request still pending
    expect(await task()).toMatchObject({ overdue: true, daysOverdue: 5 });
    const overdueList = (await get('super', '/api/tasks?overdue=true&pageSize=200')).body as Body;
    expect((overdueList.items as Body[]).map((t) => t.id)).toContain(taskId);

    expect((await post('finance', `/api/extensions/${asked.body.id}/approve`)).status).toBe(403);
    const approved = await post('coord', `/api/extensions/${asked.body.id}/approve`, { comment: '同意' });
    expect(approved.body).toMatchObject({ status: 'approved' });
    expect(await task()).toMatchObject({
      deadlineDate: '2020-12-31',
      extendedDeadline: '2021-03-31',
      effectiveDeadline: '2021-03-31',
      overdue: false,
    });

    const refusedRequest = await post('finance', `/api/tasks/${taskId}/extensions`, {
      requestedDeadline: '2021-06-30',
      reason: '再次延期',
    });
    expect(
      (await post('coord', `/api/extensions/${refusedRequest.body.id}/refuse`, { comment: '不同意' })).body,
    ).toMatchObject({
      status: 'refused',
    });
    await setNow(api, '2021-04-02T02:00:00Z');
    expect(await task()).toMatchObject({ effectiveDeadline: '2021-03-31', overdue: true, daysOverdue: 2 });
    const afterDeadline = await post('finance', `/api/tasks/${taskId}/extensions`, {
      requestedDeadline: '2021-09-30',
      reason: 'x',
    });
    expect(afterDeadline.body.code).toBe('EXTENSION.AFTER_DEADLINE');
  });

  it('chases by numbered notices that reach the agency, and threads comments', async () => {
    // The task has several lead agencies: the notice names the one it is for.
    const finance = (await api.dataSource.getRepository(Agency).findOneByOrFail({ name: '市财政局' })).id;
    const chase = await post('super', `/api/tasks/${taskId}/notices`, {
      kind: 'chase',
      body: '请加快推进',
      agencyId: finance,
    });
    expect(chase.status).toBe(201);
    expect(chase.body).toMatchObject({ kind: 'chase', year: 2021, sequence: 1, number: '催办〔2021〕1号' });
    const second = await post('super', `/api/tasks/${taskId}/notices`, {
      kind: 'chase',
      body: '再次催办',
      agencyId: finance,
    });
    expect(second.body).toMatchObject({ sequence: 2 });
    expect((await post('finance', `/api/tasks/${taskId}/notices`, { kind: 'chase', body: 'x' })).status).toBe(403);
    const inbox = (await get('finance', '/api/notices')).body as unknown as Body[];
    expect(inbox.map((n) => n.sequence)).toEqual([2, 1]);
    expect((await get('water', '/api/notices')).body).toEqual([]);
    // Each notice lands in the lead agency's inbox, numbered, and nowhere else.
    const messages = ((await get('finance', '/api/inbox')).body as Body).items as Body[];
    const notices = messages.filter((m) => String(m.title).startsWith('催办〔2021〕')).map((m) => [m.title, m.body]);
    expect(notices.sort()).toEqual([
      ['催办〔2021〕1号：公司型创投企业所得税优惠政策', '请加快推进'],
      ['催办〔2021〕2号：公司型创投企业所得税优惠政策', '再次催办'],
    ]);
    const elsewhere = ((await get('water', '/api/inbox')).body as Body).items as Body[];
    expect(elsewhere.filter((m) => String(m.title).startsWith('催办'))).toEqual([]);
    expect((await task()).notices).toEqual(
      expect.arrayContaining([expect.objectContaining({ number: '催办〔2021〕1号' })]),
    );

    const question = await post('finance', `/api/tasks/${taskId}/comments`, { body: '需要协调税务局' });
    const answer = await post('coord', `/api/tasks/${taskId}/comments`, { body: '已协调', parentId: question.body.id });
    expect(answer.body).toMatchObject({ parentId: question.body.id });
    expect((await post('water', `/api/tasks/${taskId}/comments`, { body: 'x' })).status).toBe(404);
  });

  it('completes only with a final report and evidence, can be returned, then is closed off the ledger', async () => {
    const noFinal = await act('finance', 'request_completion');
    expect([noFinal.status, noFinal.body.code]).toEqual([409, 'TASK.FINAL_REPORT_REQUIRED']);
    await post('finance', `/api/tasks/${taskId}/reports`, {
      rating: 'on_track',
      percent: 100,
      workDone: '政策已出台',
      isFinal: true,
    });
    const noEvidence = await act('finance', 'request_completion');
    expect(noEvidence.body.code).toBe('TASK.EVIDENCE_REQUIRED');
    const { body, headers } = multipartFile('政策文件.pdf', Buffer.from('%PDF-1.4 evidence'));
    const upload = await api.request({
      method: 'POST',
      url: `/api/tasks/${taskId}/attachments`,
      token: token.finance,
      body,
      headers,
    });
    expect(upload.status).toBe(201);
    const download = await api.request({
      method: 'GET',
      url: `/api/attachments/${upload.body.id}`,
      token: token.coord,
    });
    expect(download.status).toBe(200);
    expect(
      (await api.request({ method: 'GET', url: `/api/attachments/${upload.body.id}`, token: token.water })).status,
    ).toBe(404);

    expect((await act('finance', 'request_completion')).body).toMatchObject({ status: 'completion_requested' });
    const noComment = await act('coord', 'return');
    expect(noComment.body.code).toBe('TASK.COMMENT_REQUIRED');
    expect((await act('coord', 'return', { comment: '佐证材料不全' })).body).toMatchObject({ status: 'in_progress' });
    expect((await act('finance', 'request_completion')).body).toMatchObject({ status: 'completion_requested' });
    expect((await act('finance', 'approve_completion')).status).toBe(403);
    expect((await act('coord', 'approve_completion')).body).toMatchObject({ status: 'completed', overdue: false });
    expect((await act('coord', 'close')).body).toMatchObject({ status: 'closed' });
    const afterClose = await act('coord', 'cancel', { comment: 'x' });
    expect([afterClose.status, afterClose.body.code]).toEqual([409, 'TASK.INVALID_TRANSITION.CLOSED']);
  });

  it('refuses a write made on a stale version', async () => {
    const version = ((await get('coord', `/api/tasks/${otherTaskId}`)).body as Body).version as number;
    expect((await post('coord', `/api/tasks/${otherTaskId}/actions/assign`, { version })).status).toBe(200);
    const stale = await post('coord', `/api/tasks/${otherTaskId}/actions/suspend`, { version, comment: '暂缓' });
    expect([stale.status, stale.body.code]).toEqual([409, 'TASK.STALE_VERSION']);
    // New owners change what others saw: the version moves, and a write on the old one is stale.
    const before = (await get('coord', `/api/tasks/${otherTaskId}`)).body as Body;
    const owners = { lead: (before.lead as Body[]).map((a) => ({ agencyId: a.agencyId })), co: [] };
    const reassigned = await api.request({
      method: 'PUT',
      url: `/api/tasks/${otherTaskId}/assignments`,
      token: token.coord,
      body: { version: before.version, ...owners },
    });
    expect(reassigned.body.version).toBe((before.version as number) + 1);
    const again = await api.request({
      method: 'PUT',
      url: `/api/tasks/${otherTaskId}/assignments`,
      token: token.coord,
      body: { version: before.version, ...owners },
    });
    expect([again.status, again.body.code]).toEqual([409, 'TASK.STALE_VERSION']);
  });

  it('takes the side paths: suspend and resume where it was, transfer to another lead, cancel', async () => {
    expect((await act('coord', 'suspend', { comment: '政策调整，暂缓' }, otherTaskId)).body).toMatchObject({
      status: 'suspended',
    });
    expect((await act('coord', 'resume', {}, otherTaskId)).body).toMatchObject({ status: 'assigned' });
    const water = (await api.dataSource.getRepository(Agency).findOneByOrFail({ name: '市水务局' })).id;
    const transferred = await act('coord', 'transfer', { leadAgencyIds: [water] }, otherTaskId);
    expect(transferred.body).toMatchObject({
      status: 'assigned',
      lead: [expect.objectContaining({ agency: '市水务局' })],
    });
    expect((await get('water', `/api/tasks/${otherTaskId}`)).status).toBe(200);
    expect((await act('water', 'acknowledge', {}, otherTaskId)).body).toMatchObject({ status: 'acknowledged' });
    expect((await act('coord', 'cancel', { comment: '任务取消' }, otherTaskId)).body).toMatchObject({
      status: 'cancelled',
    });
  });

  it("keeps each assignment's copy of its task's deadline, status and dates in step (the roll-ups count them)", async () => {
    const rows: Array<{ task_id: string; task_status: string; stale: boolean }> = await api.dataSource.query(
      `SELECT a.task_id, a.task_status,
              a.effective_deadline IS DISTINCT FROM coalesce(t.extended_deadline, t.deadline_date)
              OR a.task_status IS DISTINCT FROM t.status OR a.task_assigned_at IS DISTINCT FROM t.assigned_at
              OR a.task_completed_at IS DISTINCT FROM t.completed_at
              OR a.on_time_periods <> on_time_periods(t.id) AS stale
         FROM task_assignments a JOIN tasks t ON t.id = a.task_id WHERE t.id = ANY($1::uuid[])`,
      [[taskId, otherTaskId]],
    );
    expect(rows.filter((row) => row.stale)).toEqual([]);
    // Closed after completion (main path); cancelled after a transfer, on the new lead's row too.
    expect(new Set(rows.filter((r) => r.task_id === taskId).map((r) => r.task_status))).toEqual(new Set(['closed']));
    expect(new Set(rows.filter((r) => r.task_id === otherTaskId).map((r) => r.task_status))).toEqual(
      new Set(['cancelled']),
    );
    const [main] = await api.dataSource.query(
      'SELECT count(*)::int AS n FROM task_assignments WHERE task_id = $1 AND task_completed_at IS NOT NULL AND task_assigned_at IS NOT NULL',
      [taskId],
    );
    expect(main.n).toBeGreaterThan(0);
    // The on-time weeks are those whose first revision the app did not mark late: W47's first report
    // was on time (its third revision, late, changes nothing), and so was the final report's week.
    const reports: Array<{ period: string; revision: number; late: boolean }> = await api.dataSource.query(
      'SELECT period, revision, late FROM task_reports WHERE task_id = $1',
      [taskId],
    );
    const onTime = reports.filter((r) => r.revision === 1 && !r.late).map((r) => r.period);
    expect(onTime).toContain('2020-W47');
    expect(reports.some((r) => r.late)).toBe(true);
    const copies: Array<{ on_time_periods: string[] }> = await api.dataSource.query(
      'SELECT on_time_periods FROM task_assignments WHERE task_id = $1',
      [taskId],
    );
    for (const copy of copies) expect(copy.on_time_periods).toEqual(onTime.sort());
  });

  it('keeps the whole story in the audit trail, in order', async () => {
    // The detail names the people its records mention, for readers who cannot look users up.
    const detail = await task('finance');
    const people = detail.people as Record<string, string>;
    expect(new Set(Object.values(people))).toEqual(new Set(['coord', 'super', 'finance', 'science']));
    const history = (await get('coord', `/api/tasks/${taskId}/history`)).body as unknown as Body[];
    const actions = history.map((e) => e.action);
    expect(actions.filter((a) => String(a).startsWith('task.'))).toEqual([
      'task.assign',
      'task.acknowledge',
      'task.request_completion',
      'task.return',
      'task.request_completion',
      'task.approve_completion',
      'task.close',
    ]);
    expect(actions).toEqual(
      expect.arrayContaining([
        'report.submit',
        'report.return',
        'report.contribute',
        'extension.request',
        'extension.approve',
        'extension.refuse',
        'notice.chase',
        'comment.add',
        'attachment.add',
      ]),
    );
    expect(history.find((e) => e.action === 'task.return')).toMatchObject({
      before: expect.objectContaining({ status: 'completion_requested' }),
      after: expect.objectContaining({ status: 'in_progress', comment: '佐证材料不全' }),
    });
    expect((await get('water', `/api/tasks/${taskId}/history`)).status).toBe(404);
  });
});
