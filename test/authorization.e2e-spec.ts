import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Agency } from '../libs/core/src/agencies/agency.entity.js';
import { BestPracticeCase } from '../libs/core/src/cases/best-practice-case.entity.js';
import { ExtensionRequest } from '../libs/core/src/progress/extension-request.entity.js';
import { TaskReport } from '../libs/core/src/progress/task-report.entity.js';
import { TaskAssignment } from '../libs/core/src/tasks/task-assignment.entity.js';
import { type TaskStatus } from '../libs/core/src/tasks/task-status.js';
import { Task } from '../libs/core/src/tasks/task.entity.js';
import { createDocument, createUser, login, setNow, startTestApp, type TestApp } from './support/app.js';
import { createTestDatabase, type TestDatabase } from './support/database.js';
import { multipartFile } from './support/multipart.js';

/**
 * Role × own/other agency × action, for every endpoint. Each cell runs on a
 * fresh task so that one cell's change cannot open or close another's door.
 * "lead" and "co" are officers of the agencies on the task; "other" is an
 * officer of an agency with no part in it.
 */
const ACTORS = ['anonymous', 'admin', 'coordinator', 'supervisor', 'lead', 'co', 'other'] as const;
type Actor = (typeof ACTORS)[number];
type Outcome = 'ok' | 401 | 403 | 404 | 409;

interface Fixture {
  taskId: string;
  reportId: string;
  extensionId: string;
  attachmentId: string;
  /** A fresh best-practice case, so that no cell finds an adoption another actor set. */
  caseId: string;
  agencyIds: Record<'lead' | 'co' | 'other', string>;
  userId: string;
}

interface Cell {
  name: string;
  status?: TaskStatus;
  /** The fixture has a pending extension request; a cell that makes a new one needs it gone. */
  withoutPendingExtension?: boolean;
  request: (f: Fixture) => {
    method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
    url: string;
    body?: unknown;
    multipart?: boolean;
    fileName?: string;
  };
  expect: Partial<Record<Actor, Outcome>>;
}

const everyoneSignedIn = {
  admin: 'ok',
  coordinator: 'ok',
  supervisor: 'ok',
  lead: 'ok',
  co: 'ok',
  other: 'ok',
} as const;
const onTaskOnly = { admin: 'ok', coordinator: 'ok', supervisor: 'ok', lead: 'ok', co: 'ok', other: 404 } as const;
const officeOnly = { admin: 'ok', coordinator: 'ok', supervisor: 403, lead: 403, co: 403, other: 403 } as const;
const adminOnly = { admin: 'ok', coordinator: 403, supervisor: 403, lead: 403, co: 403, other: 403 } as const;
const officeOnTask = { admin: 'ok', coordinator: 'ok', supervisor: 403, lead: 403, co: 403, other: 404 } as const;
const leadOnly = { admin: 403, coordinator: 403, supervisor: 403, lead: 'ok', co: 403, other: 404 } as const;

const CELLS: Cell[] = [
  { name: 'GET /api/auth/me', request: () => ({ method: 'GET', url: '/api/auth/me' }), expect: everyoneSignedIn },
  { name: 'GET /api/users', request: () => ({ method: 'GET', url: '/api/users' }), expect: adminOnly },
  { name: 'GET /api/users/:id', request: (f) => ({ method: 'GET', url: `/api/users/${f.userId}` }), expect: adminOnly },
  {
    name: 'POST /api/users',
    request: () => ({
      method: 'POST',
      url: '/api/users',
      body: {
        email: `u${Math.random()}@test.cn`,
        displayName: '新用户',
        password: 'a long password',
        role: 'supervisor',
      },
    }),
    expect: adminOnly,
  },
  {
    name: 'PATCH /api/users/:id',
    request: (f) => ({ method: 'PATCH', url: `/api/users/${f.userId}`, body: { displayName: '新名字' } }),
    expect: adminOnly,
  },
  { name: 'GET /api/agencies', request: () => ({ method: 'GET', url: '/api/agencies' }), expect: everyoneSignedIn },
  {
    name: 'POST /api/agencies',
    request: () => ({ method: 'POST', url: '/api/agencies', body: { name: `市新局${Math.random()}`, kind: 'other' } }),
    expect: adminOnly,
  },
  {
    name: 'PATCH /api/agencies/:id',
    request: (f) => ({ method: 'PATCH', url: `/api/agencies/${f.agencyIds.other}`, body: { fullName: '全称' } }),
    expect: adminOnly,
  },
  {
    name: 'POST /api/agencies/:id/aliases',
    request: (f) => ({
      method: 'POST',
      url: `/api/agencies/${f.agencyIds.other}/aliases`,
      body: { alias: `别名${Math.random()}` },
    }),
    expect: adminOnly,
  },
  { name: 'GET /api/imports', request: () => ({ method: 'GET', url: '/api/imports' }), expect: officeOnly },
  {
    name: 'POST /api/imports',
    request: () => ({ method: 'POST', url: '/api/imports', multipart: true, fileName: `通知${Math.random()}.txt` }),
    expect: officeOnly,
  },
  { name: 'GET /api/tasks', request: () => ({ method: 'GET', url: '/api/tasks' }), expect: everyoneSignedIn },
  {
    name: 'GET /api/tasks/:id',
    request: (f) => ({ method: 'GET', url: `/api/tasks/${f.taskId}` }),
    expect: onTaskOnly,
  },
  {
    name: 'GET /api/tasks/:id/history',
    request: (f) => ({ method: 'GET', url: `/api/tasks/${f.taskId}/history` }),
    expect: onTaskOnly,
  },
  {
    name: 'assign (交办)',
    status: 'registered',
    request: (f) => ({ method: 'POST', url: `/api/tasks/${f.taskId}/actions/assign`, body: { version: 1 } }),
    expect: officeOnTask,
  },
  {
    name: 'acknowledge (签收)',
    status: 'assigned',
    request: (f) => ({ method: 'POST', url: `/api/tasks/${f.taskId}/actions/acknowledge`, body: { version: 1 } }),
    expect: leadOnly,
  },
  ...(
    [
      ['start (开始办理)', 'acknowledged', 'start', leadOnly],
      ['return (退回)', 'completion_requested', 'return', officeOnTask],
      ['close (销号)', 'completed', 'close', officeOnTask],
      ['suspend', 'in_progress', 'suspend', officeOnTask],
      ['resume', 'suspended', 'resume', officeOnTask],
      ['cancel (撤销)', 'in_progress', 'cancel', officeOnTask],
      // Authorised, then refused for want of a final report: 409 shows the door opened.
      ['request completion (申请办结)', 'in_progress', 'request_completion', { ...leadOnly, lead: 409 }],
    ] as const
  ).map(([name, status, action, expect]): Cell => ({
    name,
    status,
    request: (f) => ({
      method: 'POST',
      url: `/api/tasks/${f.taskId}/actions/${action}`,
      body: { version: 1, comment: '说明' },
    }),
    expect,
  })),
  {
    name: 'transfer (转办)',
    request: (f) => ({
      method: 'POST',
      url: `/api/tasks/${f.taskId}/actions/transfer`,
      body: { version: 1, leadAgencyIds: [f.agencyIds.co] },
    }),
    expect: officeOnTask,
  },
  {
    name: 'approve completion (办结)',
    status: 'completion_requested',
    request: (f) => ({
      method: 'POST',
      url: `/api/tasks/${f.taskId}/actions/approve_completion`,
      body: { version: 1 },
    }),
    expect: officeOnTask,
  },
  {
    name: 'PUT /api/tasks/:id/assignments',
    request: (f) => ({
      method: 'PUT',
      url: `/api/tasks/${f.taskId}/assignments`,
      body: { version: 1, lead: [{ agencyId: f.agencyIds.lead }], co: [] },
    }),
    expect: officeOnly,
  },
  {
    name: 'POST /api/tasks/bulk-assign',
    request: (f) => ({
      method: 'POST',
      url: '/api/tasks/bulk-assign',
      body: { taskIds: [f.taskId], lead: [{ agencyId: f.agencyIds.lead }], co: [] },
    }),
    expect: officeOnly,
  },
  {
    name: 'POST weekly report',
    request: (f) => ({
      method: 'POST',
      url: `/api/tasks/${f.taskId}/reports`,
      body: { rating: 'on_track', percent: 10, workDone: '推进中' },
    }),
    expect: leadOnly,
  },
  {
    name: 'return a report',
    request: (f) => ({ method: 'POST', url: `/api/reports/${f.reportId}/return`, body: { comment: '请补充' } }),
    expect: officeOnly,
  },
  {
    name: 'POST contribution (协办)',
    request: (f) => ({ method: 'POST', url: `/api/tasks/${f.taskId}/contributions`, body: { content: '协办情况' } }),
    expect: { admin: 403, coordinator: 403, supervisor: 403, lead: 403, co: 'ok', other: 404 },
  },
  {
    name: 'request extension',
    withoutPendingExtension: true,
    request: (f) => ({
      method: 'POST',
      url: `/api/tasks/${f.taskId}/extensions`,
      body: { requestedDeadline: '2031-12-31', reason: '需要更多时间' },
    }),
    expect: leadOnly,
  },
  {
    name: 'approve extension',
    request: (f) => ({ method: 'POST', url: `/api/extensions/${f.extensionId}/approve`, body: {} }),
    expect: officeOnly,
  },
  {
    name: 'refuse extension',
    request: (f) => ({ method: 'POST', url: `/api/extensions/${f.extensionId}/refuse`, body: { comment: '不同意' } }),
    expect: officeOnly,
  },
  {
    name: 'comment',
    request: (f) => ({ method: 'POST', url: `/api/tasks/${f.taskId}/comments`, body: { body: '意见' } }),
    expect: onTaskOnly,
  },
  {
    name: 'chase notice (催办)',
    request: (f) => ({
      method: 'POST',
      url: `/api/tasks/${f.taskId}/notices`,
      body: { kind: 'chase', body: '请加快' },
    }),
    expect: { admin: 'ok', coordinator: 'ok', supervisor: 'ok', lead: 403, co: 403, other: 403 },
  },
  { name: 'GET /api/notices', request: () => ({ method: 'GET', url: '/api/notices' }), expect: everyoneSignedIn },
  {
    name: 'upload evidence',
    request: (f) => ({ method: 'POST', url: `/api/tasks/${f.taskId}/attachments`, multipart: true }),
    expect: { admin: 'ok', coordinator: 'ok', supervisor: 403, lead: 'ok', co: 'ok', other: 404 },
  },
  {
    name: 'download evidence',
    request: (f) => ({ method: 'GET', url: `/api/attachments/${f.attachmentId}` }),
    expect: onTaskOnly,
  },
  { name: 'GET /api/cases', request: () => ({ method: 'GET', url: '/api/cases' }), expect: everyoneSignedIn },
  {
    name: 'GET /api/cases/:id',
    request: (f) => ({ method: 'GET', url: `/api/cases/${f.caseId}` }),
    expect: everyoneSignedIn,
  },
  {
    name: 'GET /api/cases/adoptions',
    request: () => ({ method: 'GET', url: '/api/cases/adoptions' }),
    expect: everyoneSignedIn,
  },
  {
    name: 'GET /api/cases/adoptions/report',
    request: () => ({ method: 'GET', url: '/api/cases/adoptions/report' }),
    expect: everyoneSignedIn,
  },
  {
    name: 'GET /api/cases/adoptions/export.csv',
    request: () => ({ method: 'GET', url: '/api/cases/adoptions/export.csv' }),
    expect: everyoneSignedIn,
  },
  {
    // The lead agency's cell: its own officers and the office may set it.
    name: 'PUT /api/cases/:id/adoptions/:agencyId',
    request: (f) => ({
      method: 'PUT',
      url: `/api/cases/${f.caseId}/adoptions/${f.agencyIds.lead}`,
      body: { status: 'planned' },
    }),
    expect: { admin: 'ok', coordinator: 'ok', supervisor: 403, lead: 'ok', co: 403, other: 403 },
  },
];

describe('authorisation matrix: role × own/other agency × action', () => {
  let database: TestDatabase;
  let api: TestApp;
  const tokens: Partial<Record<Actor, string>> = {};
  const agencyIds = {} as Fixture['agencyIds'];
  let documentId: string;
  let userId: string;

  beforeAll(async () => {
    database = await createTestDatabase();
    api = await startTestApp(database.url);
    await setNow(api, '2030-03-04T02:00:00Z');
    for (const role of ['lead', 'co', 'other'] as const) {
      agencyIds[role] = (
        await api.dataSource.getRepository(Agency).save({ name: `市${role}局`, kind: 'municipal_bureau' })
      ).id;
    }
    for (const actor of ACTORS) {
      if (actor === 'anonymous') continue;
      const role = ['lead', 'co', 'other'].includes(actor) ? 'agency' : actor;
      const agencyId = role === 'agency' ? agencyIds[actor as 'lead' | 'co' | 'other'] : null;
      const user = await createUser(api.dataSource, { email: `${actor}@test.cn`, role: role as never, agencyId });
      if (actor === 'supervisor') userId = user.id;
      tokens[actor] = await login(api, `${actor}@test.cn`);
    }
    documentId = await createDocument(api.dataSource, '测试文件');
  });

  afterAll(async () => {
    await api?.close();
    await database?.drop();
  });

  /** A fresh task led by "lead", with "co" co-operating, plus a report, an extension request and evidence. */
  async function fixture(status: TaskStatus): Promise<Fixture> {
    const manager = api.dataSource.manager;
    const task = await manager.save(
      manager.create(Task, {
        documentId,
        sourceKey: `k${Math.random()}`,
        printedOwners: { lead: [], co: [] },
        number: '1',
        title: '测试任务',
        text: '1.任务',
        spanStart: 0,
        spanEnd: 4,
        deadlineDate: '2030-12-31',
        status,
      }),
    );
    await manager.insert(TaskAssignment, [
      { taskId: task.id, agencyId: agencyIds.lead, role: 'lead' },
      { taskId: task.id, agencyId: agencyIds.co, role: 'co' },
    ]);
    const report = await manager.save(
      manager.create(TaskReport, {
        taskId: task.id,
        period: '2030-W09',
        revision: 1,
        agencyId: agencyIds.lead,
        submittedBy: userId,
        rating: 'on_track',
        percent: 5,
        workDone: '起步',
      }),
    );
    const extension = await manager.save(
      manager.create(ExtensionRequest, {
        taskId: task.id,
        agencyId: agencyIds.lead,
        requestedBy: userId,
        currentDeadline: '2030-12-31',
        requestedDeadline: '2031-06-30',
        reason: '原因',
      }),
    );
    const bestCase = await manager.save(
      manager.create(BestPracticeCase, {
        documentId,
        number: '1',
        title: '测试案例',
        practices: [],
        effects: [],
        nextSteps: [],
        spanStart: 0,
        spanEnd: 4,
      }),
    );
    const { body, headers } = multipartFile('证明.pdf', Buffer.from('%PDF-1.4'));
    const attachment = await api.request({
      method: 'POST',
      url: `/api/tasks/${task.id}/attachments`,
      token: tokens.coordinator,
      body,
      headers,
    });
    return {
      taskId: task.id,
      reportId: report.id,
      extensionId: extension.id,
      attachmentId: String(attachment.body.id),
      caseId: bestCase.id,
      agencyIds,
      userId,
    };
  }

  for (const cell of CELLS) {
    it(`${cell.name}`, async () => {
      const outcomes: Partial<Record<Actor, number>> = {};
      for (const actor of ACTORS) {
        const f = await fixture(cell.status ?? 'in_progress');
        if (cell.withoutPendingExtension)
          await api.dataSource.getRepository(ExtensionRequest).delete({ id: f.extensionId });
        const { method, url, body, multipart, fileName } = cell.request(f);
        const upload = multipart
          ? multipartFile(fileName ?? '材料.pdf', Buffer.from(`%PDF-1.4 ${Math.random()}`))
          : null;
        const response = await api.request({
          method,
          url,
          token: tokens[actor],
          body: upload ? upload.body : body,
          headers: upload?.headers,
        });
        outcomes[actor] = response.status;
      }
      const expected = Object.fromEntries(
        ACTORS.map((actor) => [actor, actor === 'anonymous' ? 401 : cell.expect[actor]]),
      ) as Record<Actor, Outcome>;
      const actual = Object.fromEntries(
        ACTORS.map((actor) => {
          const status = outcomes[actor] as number;
          return [actor, status >= 200 && status < 300 ? 'ok' : status];
        }),
      );
      expect(actual).toEqual(expected);
    });
  }

  it('never lists another agency’s tasks or notices', async () => {
    const f = await fixture('in_progress');
    await api.request({
      method: 'POST',
      url: `/api/tasks/${f.taskId}/notices`,
      token: tokens.supervisor,
      body: { kind: 'chase', body: '催' },
    });
    const otherTasks = await api.request({ method: 'GET', url: '/api/tasks?pageSize=200', token: tokens.other });
    expect(otherTasks.body.total).toBe(0);
    const filtered = await api.request({
      method: 'GET',
      url: `/api/tasks?agencyId=${agencyIds.lead}&pageSize=200`,
      token: tokens.other,
    });
    expect(filtered.body.total).toBe(0);
    const otherNotices = await api.request({ method: 'GET', url: '/api/notices', token: tokens.other });
    expect(otherNotices.body).toEqual([]);
    // The newest task first: the co-operating agency has hundreds of fixture tasks by now.
    const coTasks = await api.request({ method: 'GET', url: '/api/tasks?pageSize=200&sort=updated', token: tokens.co });
    expect((coTasks.body.items as Array<{ id: string }>).map((t) => t.id)).toContain(f.taskId);
  });
});
