import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { buildOpenApiDocument } from '../apps/api/src/openapi.js';
import { AgencyAlias } from '../libs/core/src/agencies/agency-alias.entity.js';
import { Agency } from '../libs/core/src/agencies/agency.entity.js';
import { BestPracticeCase } from '../libs/core/src/cases/best-practice-case.entity.js';
import { ImportService } from '../libs/core/src/imports/import.service.js';
import { ExtensionRequest } from '../libs/core/src/progress/extension-request.entity.js';
import { TaskReport } from '../libs/core/src/progress/task-report.entity.js';
import { Notification } from '../libs/core/src/reminders/notification.entity.js';
import { SnapshotService } from '../libs/core/src/reports/snapshot.service.js';
import { TaskAssignment } from '../libs/core/src/tasks/task-assignment.entity.js';
import { type TaskStatus } from '../libs/core/src/tasks/task-status.js';
import { Task } from '../libs/core/src/tasks/task.entity.js';
import { createDocument, createUser, login, setNow, startTestApp, type TestApp } from './support/app.js';
import { createTestDatabase, type TestDatabase } from './support/database.js';
import { multipartFile } from './support/multipart.js';
import { responseChecker } from './support/openapi-responses.js';

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
  documentId: string;
  /** Made by a cell's `prepare`, for the actor about to try it. */
  importId?: string;
  aliasId?: string;
  notificationId?: string;
}

interface Cell {
  name: string;
  status?: TaskStatus;
  /** The fixture has a pending extension request; a cell that makes a new one needs it gone. */
  withoutPendingExtension?: boolean;
  /** More for the fixture, made afresh for each actor (an import to review, an alias to delete …). */
  prepare?: (f: Fixture, actor: Actor) => Promise<Partial<Fixture>>;
  request: (f: Fixture) => {
    method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
    url: string;
    body?: unknown;
    multipart?: boolean;
    fileName?: string;
    headers?: Record<string, string>;
  };
  /** Anonymous callers get 401 unless the cell says otherwise (public routes). */
  expect: Partial<Record<Actor, Outcome>>;
}

/** What the cells' `prepare` needs from the running test: its API and who the actors are. */
let world: { api: TestApp; userIds: Partial<Record<Actor, string>> } | undefined;

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
/** The office and supervisors: reports that compare agencies, and the weekly report. */
const officeAndSupervisors = {
  admin: 'ok',
  coordinator: 'ok',
  supervisor: 'ok',
  lead: 403,
  co: 403,
  other: 403,
} as const;
const publicRoute = { anonymous: 'ok', ...everyoneSignedIn } as const;

/** The closed week the fixture builds a snapshot (周报) for; the clock stands in 2030-W10. */
const WEEK = '2030-W09';

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

  // Public routes.
  { name: 'GET /health', request: () => ({ method: 'GET', url: '/health' }), expect: publicRoute },
  {
    name: 'POST /api/auth/login',
    request: () => ({
      method: 'POST',
      url: '/api/auth/login',
      body: { email: 'supervisor@test.cn', password: 'correct horse battery' },
      // From an address of its own each time: logins are limited per client address.
      headers: { 'x-forwarded-for': `10.${[1, 2, 3].map(() => randomBytes(1)[0]).join('.')}` },
    }),
    expect: publicRoute,
  },

  // Agencies, their aliases, contacts and webhooks.
  {
    name: 'GET /api/agencies/:id',
    request: (f) => ({ method: 'GET', url: `/api/agencies/${f.agencyIds.other}` }),
    expect: everyoneSignedIn,
  },
  {
    name: 'DELETE /api/agencies/:id/aliases/:aliasId',
    prepare: async (f) => ({ aliasId: await newAlias(f.agencyIds.other) }),
    request: (f) => ({ method: 'DELETE', url: `/api/agencies/${f.agencyIds.other}/aliases/${f.aliasId}` }),
    expect: adminOnly,
  },
  {
    name: 'POST /api/agencies/:id/webhooks',
    request: (f) => ({
      method: 'POST',
      url: `/api/agencies/${f.agencyIds.lead}/webhooks`,
      body: { url: 'https://robot.example.gov.cn/hooks/abc', secret: 'a-secret-of-some-length' },
    }),
    expect: adminOnly,
  },
  {
    name: 'GET /api/agencies/:id/webhooks',
    request: (f) => ({ method: 'GET', url: `/api/agencies/${f.agencyIds.lead}/webhooks` }),
    expect: adminOnly,
  },
  {
    name: 'POST /api/agencies/:id/contacts',
    request: (f) => ({ method: 'POST', url: `/api/agencies/${f.agencyIds.lead}/contacts`, body: { name: '王联络' } }),
    expect: officeOnly,
  },
  {
    name: 'GET /api/agencies/:id/contacts',
    request: (f) => ({ method: 'GET', url: `/api/agencies/${f.agencyIds.lead}/contacts` }),
    expect: everyoneSignedIn,
  },

  // Imports: review and commit, on an upload extracted afresh for each actor.
  ...(
    [
      ['GET /api/imports/:id', 'GET', ''],
      ['GET /api/imports/:id/review', 'GET', '/review'],
      ['PUT /api/imports/:id/review', 'PUT', '/review'],
      ['POST /api/imports/:id/commit', 'POST', '/commit'],
      ['POST /api/imports/:id/reject', 'POST', '/reject'],
    ] as const
  ).map(([name, method, path]): Cell => ({
    name,
    prepare: async () => ({ importId: await newImportInReview() }),
    request: (f) => ({ method, url: `/api/imports/${f.importId}${path}`, body: method === 'GET' ? undefined : {} }),
    expect: officeOnly,
  })),

  // The inbox and the signed-in user's preferences; the reminder dashboard.
  { name: 'GET /api/inbox', request: () => ({ method: 'GET', url: '/api/inbox' }), expect: everyoneSignedIn },
  {
    name: 'GET /api/inbox/unread-count',
    request: () => ({ method: 'GET', url: '/api/inbox/unread-count' }),
    expect: everyoneSignedIn,
  },
  {
    name: 'POST /api/inbox/:id/read (one’s own message)',
    prepare: async (_f, actor) => ({ notificationId: await newNotification(actor) }),
    request: (f) => ({ method: 'POST', url: `/api/inbox/${f.notificationId}/read` }),
    expect: everyoneSignedIn,
  },
  {
    name: 'POST /api/inbox/read-all',
    request: () => ({ method: 'POST', url: '/api/inbox/read-all' }),
    expect: everyoneSignedIn,
  },
  {
    name: 'PATCH /api/auth/me/preferences',
    request: () => ({ method: 'PATCH', url: '/api/auth/me/preferences', body: { quietHoursStart: null } }),
    expect: everyoneSignedIn,
  },
  {
    name: 'GET /api/reminders/deliveries/problems',
    request: () => ({ method: 'GET', url: '/api/reminders/deliveries/problems' }),
    expect: adminOnly,
  },
  {
    name: 'GET /api/reminders/status',
    request: () => ({ method: 'GET', url: '/api/reminders/status' }),
    expect: adminOnly,
  },

  // Progress reports: an agency officer gets its own agency's part; comparisons are for the office.
  ...(['summary', 'documents', 'agencies', 'overdue', 'ledger.xlsx', 'ledger.csv'] as const).map((report): Cell => ({
    name: `GET /api/reports/${report}`,
    request: () => ({ method: 'GET', url: `/api/reports/${report}` }),
    expect: everyoneSignedIn,
  })),
  {
    name: 'GET /api/reports/documents/:id',
    request: (f) => ({ method: 'GET', url: `/api/reports/documents/${f.documentId}` }),
    expect: everyoneSignedIn,
  },
  {
    name: 'GET /api/reports/agencies/:id (the lead agency’s)',
    request: (f) => ({ method: 'GET', url: `/api/reports/agencies/${f.agencyIds.lead}` }),
    expect: { admin: 'ok', coordinator: 'ok', supervisor: 'ok', lead: 'ok', co: 403, other: 403 },
  },
  {
    name: 'GET /api/reports/league',
    request: () => ({ method: 'GET', url: '/api/reports/league' }),
    expect: officeAndSupervisors,
  },
  {
    name: 'GET /api/tasks/:id/lights',
    request: (f) => ({ method: 'GET', url: `/api/tasks/${f.taskId}/lights` }),
    expect: onTaskOnly,
  },
  {
    name: 'GET /api/reports/weekly',
    request: () => ({ method: 'GET', url: '/api/reports/weekly' }),
    expect: officeAndSupervisors,
  },
  {
    name: 'GET /api/reports/weekly/:period',
    request: () => ({ method: 'GET', url: `/api/reports/weekly/${WEEK}` }),
    expect: officeAndSupervisors,
  },
  {
    name: 'GET /api/reports/weekly/:period/export.docx',
    request: () => ({ method: 'GET', url: `/api/reports/weekly/${WEEK}/export.docx` }),
    expect: officeAndSupervisors,
  },
  {
    name: 'POST /api/reports/weekly/:period/build',
    request: () => ({ method: 'POST', url: `/api/reports/weekly/${WEEK}/build` }),
    expect: officeOnly,
  },

  // Settings: the office reads the reminder policy, supervisors also the light rules; admins change them.
  {
    name: 'GET /api/settings/reminder-policy',
    request: () => ({ method: 'GET', url: '/api/settings/reminder-policy' }),
    expect: officeOnly,
  },
  {
    name: 'PUT /api/settings/reminder-policy',
    request: () => ({ method: 'PUT', url: '/api/settings/reminder-policy', body: {} }),
    expect: adminOnly,
  },
  {
    name: 'GET /api/settings/light-rules',
    request: () => ({ method: 'GET', url: '/api/settings/light-rules' }),
    expect: officeAndSupervisors,
  },
  {
    name: 'PUT /api/settings/light-rules',
    request: () => ({
      method: 'PUT',
      url: '/api/settings/light-rules',
      body: { nearDeadlineWorkingDays: 5, behindScheduleTolerance: 10 },
    }),
    expect: adminOnly,
  },
];

function current() {
  if (!world) throw new Error('the matrix has not started');
  return world;
}

async function newAlias(agencyId: string): Promise<string> {
  const alias = `别名${randomBytes(4).toString('hex')}`;
  return (await current().api.dataSource.getRepository(AgencyAlias).save({ agencyId, alias })).id;
}

/** A message in the actor's own inbox (anonymous callers try a supervisor's). */
async function newNotification(actor: Actor): Promise<string> {
  const { api, userIds } = current();
  const userId = userIds[actor === 'anonymous' ? 'supervisor' : actor] as string;
  const runKey = `matrix-${randomBytes(4).toString('hex')}`;
  return (await api.dataSource.getRepository(Notification).save({ userId, runKey, title: '提醒', body: '', items: [] }))
    .id;
}

/** An upload of a small notice, extracted and waiting for review; each is a different file. */
async function newImportInReview(): Promise<string> {
  const imports = current().api.app.get(ImportService);
  const tag = randomBytes(4).toString('hex');
  const text = [
    `北京市关于开展测试工作${tag}的通知`,
    `京政办发〔2030〕${parseInt(tag, 16) % 1000}号`,
    '各区人民政府，市政府各委、办、局：',
    '现就有关事项通知如下。',
    '一、重点任务',
    `1.开展测试工作${tag}。`,
    '北京市人民政府办公厅',
    '2030年1月5日',
    '',
  ].join('\n');
  const job = await imports.createFromUpload(`通知${tag}.txt`, Buffer.from(text), null, 1 << 20);
  await imports.extract(job.id);
  const { status } = await imports.get(job.id);
  if (status !== 'review') throw new Error(`the import fixture is ${status}, not in review`);
  return job.id;
}

describe('authorisation matrix: role × own/other agency × action', () => {
  let database: TestDatabase;
  let api: TestApp;
  const tokens: Partial<Record<Actor, string>> = {};
  const agencyIds = {} as Fixture['agencyIds'];
  let documentId: string;
  let userId: string;
  let responses: ReturnType<typeof responseChecker>;

  beforeAll(async () => {
    database = await createTestDatabase();
    // Settings changes and uploads queue jobs: under a prefix of its own, no other file's worker takes them.
    api = await startTestApp(database.url, process.env.REDIS_URL, {
      QUEUE_PREFIX: `m${randomBytes(4).toString('hex')}`,
    });
    await setNow(api, '2030-03-04T02:00:00Z');
    // The document docs/openapi.json is generated from (test/openapi.e2e-spec.ts keeps the file equal to it).
    responses = responseChecker(buildOpenApiDocument(api.app));
    for (const role of ['lead', 'co', 'other'] as const) {
      agencyIds[role] = (
        await api.dataSource.getRepository(Agency).save({ name: `市${role}局`, kind: 'municipal_bureau' })
      ).id;
    }
    const userIds: Partial<Record<Actor, string>> = {};
    for (const actor of ACTORS) {
      if (actor === 'anonymous') continue;
      const role = ['lead', 'co', 'other'].includes(actor) ? 'agency' : actor;
      const agencyId = role === 'agency' ? agencyIds[actor as 'lead' | 'co' | 'other'] : null;
      const user = await createUser(api.dataSource, { email: `${actor}@test.cn`, role: role as never, agencyId });
      userIds[actor] = user.id;
      if (actor === 'supervisor') userId = user.id;
      tokens[actor] = await login(api, `${actor}@test.cn`);
    }
    documentId = await createDocument(api.dataSource, '测试文件');
    world = { api, userIds };
    // The weekly report of the week just closed, for the cells that read or export it.
    await api.app.get(SnapshotService).build(WEEK);
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
      documentId,
    };
  }

  for (const cell of CELLS) {
    it(`${cell.name}`, async () => {
      const outcomes: Partial<Record<Actor, number>> = {};
      // Each answer let through is also checked against the response schema the OpenAPI document gives it.
      const misfits: string[] = [];
      for (const actor of ACTORS) {
        const base = await fixture(cell.status ?? 'in_progress');
        const f = { ...base, ...(cell.prepare ? await cell.prepare(base, actor) : {}) };
        if (cell.withoutPendingExtension)
          await api.dataSource.getRepository(ExtensionRequest).delete({ id: f.extensionId });
        const { method, url, body, multipart, fileName, headers } = cell.request(f);
        const upload = multipart
          ? multipartFile(fileName ?? '材料.pdf', Buffer.from(`%PDF-1.4 ${Math.random()}`))
          : null;
        const response = await api.request({
          method,
          url,
          token: tokens[actor],
          body: upload ? upload.body : body,
          headers: upload?.headers ?? headers,
        });
        outcomes[actor] = response.status;
        misfits.push(...responses.problems(method, url, response.status, response.body).map((p) => `${actor}: ${p}`));
      }
      const expected = Object.fromEntries(
        ACTORS.map((actor) => [actor, actor === 'anonymous' ? (cell.expect.anonymous ?? 401) : cell.expect[actor]]),
      ) as Record<Actor, Outcome>;
      const actual = Object.fromEntries(
        ACTORS.map((actor) => {
          const status = outcomes[actor] as number;
          return [actor, status >= 200 && status < 300 ? 'ok' : status];
        }),
      );
      expect(actual).toEqual(expected);
      expect(misfits).toEqual([]);
    });
  }

  it('has a cell for every route of the OpenAPI document, and no cell for a route it lacks', () => {
    const { routes, routeOf } = responses;
    expect(routes.length).toBeGreaterThan(60);
    const sample: Fixture = {
      taskId: '00000000-0000-4000-8000-000000000001',
      reportId: '00000000-0000-4000-8000-000000000002',
      extensionId: '00000000-0000-4000-8000-000000000003',
      attachmentId: '00000000-0000-4000-8000-000000000004',
      caseId: '00000000-0000-4000-8000-000000000005',
      agencyIds: {
        lead: '00000000-0000-4000-8000-000000000006',
        co: '00000000-0000-4000-8000-000000000007',
        other: '00000000-0000-4000-8000-000000000008',
      },
      userId: '00000000-0000-4000-8000-000000000009',
      documentId: '00000000-0000-4000-8000-00000000000a',
      importId: '00000000-0000-4000-8000-00000000000b',
      aliasId: '00000000-0000-4000-8000-00000000000c',
      notificationId: '00000000-0000-4000-8000-00000000000d',
    };
    const covered = new Set<string>();
    const strays: string[] = [];
    for (const cell of CELLS) {
      const { method, url } = cell.request(sample);
      const match = routeOf(method, url);
      if (match) covered.add(match.name);
      else strays.push(`${cell.name}: ${method} ${url.split('?')[0]}`);
    }
    const uncovered = routes.map((r) => r.name).filter((route) => !covered.has(route));
    // A new endpoint needs a cell in CELLS above: who may call it, and who gets 403 or 404.
    expect({ uncovered, strays }).toEqual({ uncovered: [], strays: [] });
  });

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
