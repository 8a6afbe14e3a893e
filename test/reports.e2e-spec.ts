import { randomBytes } from 'node:crypto';
import { type AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { type INestApplicationContext } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import mammoth from 'mammoth';
import { SMTPServer } from 'smtp-server';
import { ReportsProcessor } from '../apps/worker/src/reports.processor.js';
import { WorkerModule } from '../apps/worker/src/worker.module.js';
import { Agency } from '../libs/core/src/agencies/agency.entity.js';
import { workingDaysBetween } from '../libs/core/src/calendar/working-days.js';
import { CLOCK } from '../libs/core/src/clock.js';
import { ImportService } from '../libs/core/src/imports/import.service.js';
import { DeliveryService } from '../libs/core/src/reminders/delivery.service.js';
import { ReminderService } from '../libs/core/src/reminders/reminder.service.js';
import { LEDGER_HEADERS } from '../libs/core/src/reports/exports/labels.js';
import { LightsService } from '../libs/core/src/reports/lights.service.js';
import { type WeeklySnapshotData } from '../libs/core/src/reports/report-types.js';
import { expectedProgress } from '../libs/core/src/reports/warning-lights.js';
import { createUser, eventually, login, setNow, startTestApp, testConfig, type TestApp } from './support/app.js';
import { createTestDatabase, type TestDatabase } from './support/database.js';
import { multipartFile } from './support/multipart.js';

type Body = Record<string, unknown>;

/**
 * One document, imported, whose fourteen tasks each end up under one light
 * rule. 市财政局 (finance) leads 1–10; 市科委 (science) leads 11 and 13; 市水务局
 * (water) leads 12 and 14. A second document holds two more tasks.
 */
const DOCUMENT = `北京市关于推进测试试点工作的实施方案
京政办发〔2026〕9号
各区人民政府，市政府各委、办、局：
为推进测试试点工作，现提出如下实施方案。
一、深化改革创新
（一）推进登记改革
1.制定总体工作方案。（市财政局负责）
2.推行登记全程网上办理。（市财政局牵头，市科委参与）
3.简化企业开办流程。（市财政局负责）
4.推广电子营业执照。（市财政局负责）
（二）完善监管机制
5.建立信用分级分类监管制度。（市财政局负责）
6.开展跨部门联合检查。（市财政局负责）
7.建立监管风险预警机制。（市财政局牵头，市水务局参与）
二、强化组织保障
8.建立工作台账。（市财政局负责）
9.完善资金保障机制。（市财政局负责）
10.开展中期评估。（市财政局负责）
11.加强督促检查。（市科委牵头，市财政局参与）
12.做好宣传解读。（市水务局负责）
13.编制培训教材。（市科委负责）
14.持续优化营商环境。（市水务局负责，持续推进）
北京市人民政府办公厅
2026年8月20日
`;

const SECOND_DOCUMENT = `北京市关于开展测试专项调研的通知
京政办发〔2026〕12号
各区人民政府，市政府各委、办、局：
现就开展专项调研有关事项通知如下。
一、工作任务
1.开展专项调研。（市科委负责）
2.形成调研报告。（市水务局负责）
北京市人民政府办公厅
2026年8月25日
`;

/** The task numbers of the first document, by the rule each one demonstrates. */
const TASKS = {
  green: '1',
  behind: '2',
  atRisk: '3',
  missing: '4',
  blue: '5',
  notBlue: '6',
  overdue: '7',
  offTrack: '8',
  extended: '9',
  completed: '10',
  silent: '11',
  registered: '12',
  cancelled: '13',
  ongoing: '14',
} as const;
type TaskKey = keyof typeof TASKS;

const DEADLINES: Partial<Record<TaskKey, string>> = {
  green: '2026-10-20',
  behind: '2026-10-20',
  atRisk: '2026-12-31',
  missing: '2026-12-31',
  blue: '2026-10-12', // 5 working days after 29 Sep: National Day (1–7 Oct) lies between
  notBlue: '2026-10-13', // 6 working days
  overdue: '2026-09-27', // the Sunday ending 2026-W39, in the 中秋 holiday
  offTrack: '2026-12-31',
  extended: '2026-09-28',
  completed: '2026-12-31',
  silent: '2026-12-31',
  registered: '2026-10-04', // the Sunday ending 2026-W40
  cancelled: '2026-12-31',
};

const FINANCE_LEADS: TaskKey[] = [
  'green',
  'behind',
  'atRisk',
  'missing',
  'blue',
  'notBlue',
  'overdue',
  'offTrack',
  'extended',
  'completed',
];

/** The instants the story moves through (10:00 in Beijing unless said). */
const AT = {
  handOver: '2026-09-15T02:00:00.000Z', // Tuesday of 2026-W38
  w39: '2026-09-22T02:00:00.000Z', // Tuesday of 2026-W39
  w40: '2026-09-29T02:00:00.000Z', // Tuesday of 2026-W40, between 中秋 and National Day
  w41: '2026-10-05T02:00:00.000Z', // Monday of 2026-W41, a National Day holiday: W40 has closed
  w42: '2026-10-13T02:00:00.000Z', // Tuesday of 2026-W42
} as const;

const OPEN = ['registered', 'assigned', 'acknowledged', 'in_progress', 'completion_requested'];
const LIGHT_NAMES = ['none', 'green', 'blue', 'yellow', 'red'] as const;

interface TaskRow {
  id: string;
  document_id: string;
  section_id: string | null;
  title: string;
  status: string;
  deadline: string | null;
  light: string | null;
}

const round4 = (value: number) => Math.round(value * 10_000) / 10_000;

/** The counts every roll-up reports, counted here straight from the rows. */
function countRows(rows: TaskRow[], today: string) {
  const live = rows.filter((r) => r.status !== 'cancelled');
  const tasks = live.length;
  const completed = live.filter((r) => r.status === 'completed' || r.status === 'closed').length;
  return {
    tasks,
    registered: live.filter((r) => r.status === 'registered').length,
    inProgress: live.filter((r) =>
      ['assigned', 'acknowledged', 'in_progress', 'completion_requested'].includes(r.status),
    ).length,
    completed,
    suspended: live.filter((r) => r.status === 'suspended').length,
    overdue: rows.filter((r) => OPEN.includes(r.status) && r.deadline !== null && r.deadline < today).length,
    lights: Object.fromEntries(LIGHT_NAMES.map((l) => [l, live.filter((r) => r.light === l).length])),
    completionRate: tasks > 0 ? round4(completed / tasks) : 0,
  };
}

/** The SMTP sink's copy of a message, split into its MIME parts. */
interface Mail {
  to: string;
  raw: string;
}

function mimeParts(raw: string): Array<{ headers: string; body: string }> {
  const boundary = /boundary="?([^";\r\n]+)"?/i.exec(raw)?.[1];
  if (!boundary) return [];
  return raw
    .split(`--${boundary}`)
    .slice(1, -1)
    .flatMap((part) => {
      const [headers, ...rest] = part.replace(/^\r\n/, '').split('\r\n\r\n');
      const unfolded = headers.replace(/\r\n[ \t]+/g, ' ');
      const nested = mimeParts(part);
      return nested.length > 0 ? nested : [{ headers: unfolded, body: rest.join('\r\n\r\n') }];
    });
}

/** An attachment's file name from RFC 2231 (`filename*0*=utf-8''…`) or plain `filename="…"` parameters. */
function attachmentName(headers: string): string | null {
  const pieces = [...headers.matchAll(/filename\*(\d+)?\*?=("?)([^";\r\n]*)\2/gi)];
  if (pieces.length > 0) {
    const joined = pieces
      .sort((a, b) => Number(a[1] ?? 0) - Number(b[1] ?? 0))
      .map((m) => m[3])
      .join('');
    return decodeURIComponent(joined.replace(/^utf-8''/i, ''));
  }
  return /filename="([^"]*)"/i.exec(headers)?.[1] ?? null;
}

describe('progress reports: lights, roll-ups, weekly snapshots, exports and settings', () => {
  let database: TestDatabase;
  let api: TestApp;
  const token: Record<string, string> = {};
  const userId: Record<string, string> = {};
  const agencyId: Record<'finance' | 'science' | 'water', string> = {} as never;
  const id = {} as Record<TaskKey, string>;
  const title = {} as Record<TaskKey, string>;
  let documentId: string;
  let secondDocumentId: string;
  let extensionId: string;

  beforeAll(async () => {
    database = await createTestDatabase();
    // Settings changes queue re-plan jobs; nobody consumes this prefix, so they cannot race the test.
    api = await startTestApp(database.url, process.env.REDIS_URL, {
      QUEUE_PREFIX: `r${randomBytes(4).toString('hex')}`,
    });
    await setNow(api, AT.handOver);
    for (const [key, name] of [
      ['finance', '市财政局'],
      ['science', '市科委'],
      ['water', '市水务局'],
    ] as const) {
      agencyId[key] = (await api.dataSource.getRepository(Agency).save({ name, kind: 'municipal_bureau' })).id;
    }
    const users: Array<[string, 'admin' | 'coordinator' | 'supervisor' | 'agency', string | null]> = [
      ['admin', 'admin', null],
      ['coord', 'coordinator', null],
      ['super', 'supervisor', null],
      ['super2', 'supervisor', null],
      ['fin', 'agency', agencyId.finance],
      ['fin2', 'agency', agencyId.finance],
      ['sci', 'agency', agencyId.science],
      ['water', 'agency', agencyId.water],
    ];
    for (const [name, role, agency] of users) {
      userId[name] = (await createUser(api.dataSource, { email: `${name}@test.cn`, role, agencyId: agency })).id;
      token[name] = await login(api, `${name}@test.cn`);
    }
    const imports = api.app.get(ImportService);
    const first = await imports.importWithoutReview('方案.txt', Buffer.from(DOCUMENT), null, 1 << 20);
    const second = await imports.importWithoutReview('通知.txt', Buffer.from(SECOND_DOCUMENT), null, 1 << 20);
    documentId = first.summary?.documents[0].id as string;
    secondDocumentId = second.summary?.documents[0].id as string;
    const rows: Array<{ id: string; number: string; title: string }> = await api.dataSource.query(
      'SELECT id, number, title FROM tasks WHERE document_id = $1',
      [documentId],
    );
    for (const [key, number] of Object.entries(TASKS) as Array<[TaskKey, string]>) {
      const row = rows.find((r) => r.number === number);
      if (!row) throw new Error(`task ${number} was not extracted`);
      id[key] = row.id;
      title[key] = row.title;
    }
    // The deadlines the document would print, set by hand to fall around the 2026 holidays.
    for (const [key, deadline] of Object.entries(DEADLINES) as Array<[TaskKey, string]>) {
      await api.dataSource.query('UPDATE tasks SET deadline_date = $2 WHERE id = $1', [id[key], deadline]);
    }
  });

  afterAll(async () => {
    await api?.close();
    await database?.drop();
  });

  const request = (method: 'GET' | 'POST' | 'PUT' | 'PATCH', who: string, url: string, body?: unknown) =>
    api.request({ method, url, token: token[who], body });
  const get = (who: string, url: string) => request('GET', who, url);
  const post = (who: string, url: string, body: unknown = {}) => request('POST', who, url, body);
  const put = (who: string, url: string, body: unknown) => request('PUT', who, url, body);
  const sql = <T = Body>(query: string, params: unknown[] = []): Promise<T[]> => api.dataSource.query(query, params);

  /** A lifecycle action on the task's current version; fails the test unless it succeeds. */
  async function act(who: string, key: TaskKey, action: string, extra: Body = {}) {
    const { version } = (await get('coord', `/api/tasks/${id[key]}`)).body as unknown as { version: number };
    const response = await post(who, `/api/tasks/${id[key]}/actions/${action}`, { version, ...extra });
    expect([action, response.status]).toEqual([action, 200]);
    return response.body;
  }

  async function report(key: TaskKey, rating: string, percent: number, extra: Body = {}, who = 'fin') {
    const response = await post(who, `/api/tasks/${id[key]}/reports`, {
      rating,
      percent,
      workDone: `完成${percent}%`,
      ...extra,
    });
    expect(response.status).toBe(201);
    return response.body;
  }

  async function light(key: TaskKey): Promise<{ light: string; reasons: string[]; since: string }> {
    const response = await get('coord', `/api/tasks/${id[key]}/lights`);
    expect(response.status).toBe(200);
    return response.body.current as never;
  }

  async function lights(keys: TaskKey[]): Promise<Record<string, [string, string[]]>> {
    const result: Record<string, [string, string[]]> = {};
    for (const key of keys) {
      const current = await light(key);
      result[key] = [current.light, current.reasons];
    }
    return result;
  }

  async function inbox(who: string): Promise<Array<Body & { items: Body[] }>> {
    const response = await get(who, '/api/inbox?pageSize=100');
    expect(response.status).toBe(200);
    return response.body.items as never;
  }

  async function taskRows(): Promise<TaskRow[]> {
    return sql<TaskRow>(
      `SELECT t.id, t.document_id, t.section_id, t.title, t.status,
              to_char(coalesce(t.extended_deadline, t.deadline_date), 'YYYY-MM-DD') AS deadline, l.light
         FROM tasks t LEFT JOIN task_lights l ON l.task_id = t.id`,
    );
  }

  /** Downloads a file over HTTP, keeping its bytes. */
  async function download(who: string, url: string) {
    const response = await api.app
      .getHttpAdapter()
      .getInstance()
      .inject({ method: 'GET', url, headers: { authorization: `Bearer ${token[who]}` } });
    return { status: response.statusCode, headers: response.headers, bytes: response.rawPayload };
  }

  async function readLedgerXlsx(bytes: Buffer) {
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(bytes as unknown as ArrayBuffer);
    const sheet = workbook.getWorksheet('台账');
    if (!sheet) throw new Error('no 台账 sheet');
    const values = (row: number) =>
      (sheet.getRow(row).values as unknown[]).slice(1).map((v) => (v === null || v === undefined ? '' : v));
    const header = values(3);
    const rows: Array<Record<string, unknown>> = [];
    for (let r = 4; r <= sheet.rowCount; r++) {
      const cells = values(r);
      rows.push(Object.fromEntries(header.map((h, i) => [String(h), cells[i] ?? ''])));
    }
    return { header, rows };
  }

  describe('warning lights through the real flow', () => {
    it('hands the tasks over (交办, 签收): every task assigned on 15 Sep, lights green', async () => {
      for (const key of Object.keys(TASKS) as TaskKey[]) {
        if (key !== 'registered') expect((await act('coord', key, 'assign')).status).toBe('assigned');
      }
      for (const key of FINANCE_LEADS) await act('fin', key, 'acknowledge');
      for (const key of ['silent', 'cancelled'] as const) await act('sci', key, 'acknowledge');
      const [assigned] = await sql<{ assigned_at: Date }>('SELECT assigned_at FROM tasks WHERE id = $1', [id.green]);
      expect(assigned.assigned_at.toISOString()).toBe(AT.handOver);
      const all = await lights(Object.keys(TASKS) as TaskKey[]);
      expect(new Set(Object.values(all).map(([l]) => l))).toEqual(new Set(['green']));
    });

    it('turns blue a few working days before the deadline, counting the 中秋 holiday out (2026-W39)', async () => {
      await setNow(api, AT.w39);
      for (const key of FINANCE_LEADS) {
        if (key === 'missing') continue;
        // 序时进度 of tasks 7 and 9, due in a few days, is already past half.
        const percent = key === 'overdue' || key === 'extended' ? 70 : 20;
        expect(await report(key, 'on_track', percent)).toMatchObject({ period: '2026-W39', late: false });
      }
      // 27 and 28 Sep are 5 and 6 calendar days away, but 25–27 Sep are the 中秋 holiday:
      // only 23, 24 (and 28) Sep are left to work in.
      expect(workingDaysBetween('2026-09-22', '2026-09-27')).toBe(2);
      expect(await lights(['overdue', 'extended', 'green'])).toEqual({
        overdue: ['blue', ['deadline_near']],
        extended: ['blue', ['deadline_near']],
        green: ['green', ['on_track']],
      });
      const asked = await post('fin', `/api/tasks/${id.extended}/extensions`, {
        requestedDeadline: '2026-11-30',
        reason: '受节假日影响，需延期',
      });
      expect(asked.status).toBe(201);
      extensionId = asked.body.id as string;
    });

    it('judges the reported percent against 序时进度: green within the tolerance, yellow beyond (2026-W40)', async () => {
      await setNow(api, AT.w40);
      // Assigned 15 Sep, due 20 Oct: 35 days; by 29 Sep 14 have passed → 40% expected.
      expect(expectedProgress('2026-09-15', '2026-10-20', '2026-09-29')).toBe(40);
      await report('green', 'on_track', 30); // 10 points behind: exactly the tolerance, still green
      await report('behind', 'on_track', 29); // 11 points behind
      expect(await lights(['green', 'behind'])).toEqual({
        green: ['green', ['on_track']],
        behind: ['yellow', ['behind_schedule']],
      });
    });

    it('turns blue within N working days of the deadline across National Day, not by calendar days', async () => {
      await report('blue', 'on_track', 90);
      await report('notBlue', 'on_track', 90);
      // 13 and 14 calendar days away; 1–7 Oct are off and Sat 10 Oct is a make-up working day.
      expect(workingDaysBetween('2026-09-29', DEADLINES.blue as string)).toBe(5);
      expect(workingDaysBetween('2026-09-29', DEADLINES.notBlue as string)).toBe(6);
      expect(await lights(['blue', 'notBlue'])).toEqual({
        blue: ['blue', ['deadline_near']],
        notBlue: ['green', ['on_track']],
      });
    });

    it('turns yellow when the agency rates itself at risk, or last week’s report is missing', async () => {
      await report('atRisk', 'at_risk', 60);
      await report('missing', 'on_track', 60); // this week's report, but 2026-W39 never came
      expect(await lights(['atRisk', 'missing'])).toEqual({
        atRisk: ['yellow', ['self_rated_at_risk']],
        missing: ['yellow', ['report_missing']],
      });
      expect(await report('missing', 'on_track', 55, { period: '2026-W39' })).toMatchObject({ late: true });
      expect(await light('missing')).toMatchObject({ light: 'green', reasons: ['on_track'] });
    });

    it('turns red when overdue or self-rated off track, and tells the lead agency’s officers', async () => {
      await report('overdue', 'on_track', 95);
      await report('offTrack', 'off_track', 50);
      await report('extended', 'on_track', 95); // 28 Sep has passed; the extension is still pending
      expect(await lights(['overdue', 'offTrack', 'extended'])).toEqual({
        overdue: ['red', ['overdue']],
        offTrack: ['red', ['self_rated_off_track']],
        extended: ['red', ['overdue']],
      });
      for (const officer of ['fin', 'fin2']) {
        const red = (await inbox(officer)).filter((n) => n.title === '预警：任务亮红灯');
        expect(red.map((n) => n.items[0].taskId).sort()).toEqual([id.overdue, id.offTrack, id.extended].sort());
        expect(red.find((n) => n.items[0].taskId === id.overdue)?.body).toBe(`「${title.overdue}」亮红灯：已逾期。`);
        expect(red.find((n) => n.items[0].taskId === id.offTrack)?.body).toBe(
          `「${title.offTrack}」亮红灯：自评严重滞后。`,
        );
      }
      // Co-operating agencies (市水务局 on task 7) are not told; the office is not either.
      for (const other of ['water', 'sci', 'coord']) {
        expect((await inbox(other)).filter((n) => n.title === '预警：任务亮红灯')).toEqual([]);
      }
    });

    it('turns an overdue task back from red when its extension is approved', async () => {
      const approved = await post('coord', `/api/extensions/${extensionId}/approve`, { comment: '同意' });
      expect(approved.body).toMatchObject({ status: 'approved' });
      expect(await light('extended')).toMatchObject({ light: 'green', reasons: ['on_track'], since: AT.w40 });
      const history = await get('coord', `/api/tasks/${id.extended}/lights`);
      expect(history.body.current).toMatchObject({ light: 'green' });
      expect(
        (history.body.changes as Array<Body>).map((c) => [c.previousLight, c.light, c.reasons, c.changedAt]),
      ).toEqual([
        ['red', 'green', ['on_track'], AT.w40],
        ['blue', 'red', ['overdue'], AT.w40],
        ['green', 'blue', ['deadline_near'], AT.w39],
        [null, 'green', ['on_track'], AT.handOver],
      ]);
      // The history is the task's: an agency with no part in it gets 404, a co-operating one sees it.
      expect((await get('water', `/api/tasks/${id.extended}/lights`)).status).toBe(404);
      expect((await get('sci', `/api/tasks/${id.behind}/lights`)).status).toBe(200);
    });

    it('puts out the light of completed and cancelled tasks', async () => {
      await report('completed', 'on_track', 100, { isFinal: true, workDone: '评估报告已印发' });
      const { body, headers } = multipartFile('评估报告.pdf', Buffer.from('%PDF-1.4 evaluation'));
      const upload = await api.request({
        method: 'POST',
        url: `/api/tasks/${id.completed}/attachments`,
        token: token.fin,
        body,
        headers,
      });
      expect(upload.status).toBe(201);
      await act('fin', 'completed', 'request_completion');
      expect(await light('completed')).toMatchObject({ light: 'green' });
      await act('coord', 'completed', 'approve_completion');
      await act('coord', 'cancelled', 'cancel', { comment: '任务调整' });
      expect(await lights(['completed', 'cancelled'])).toEqual({
        completed: ['none', ['not_tracked']],
        cancelled: ['none', ['not_tracked']],
      });
    });
  });

  describe('settings', () => {
    it('lets everyone in the office read them and only admins change them', async () => {
      const defaults = {
        deadlineOffsets: [10, 3, 1],
        sendHour: 9,
        reportReminderWeekdays: [4, 5],
        missingGraceWorkingDays: 2,
        overdueEveryWorkingDays: 5,
      };
      expect((await get('coord', '/api/settings/reminder-policy')).body).toEqual(defaults);
      expect((await get('super', '/api/settings/light-rules')).body).toEqual({
        nearDeadlineWorkingDays: 5,
        behindScheduleTolerance: 10,
      });
      expect((await get('fin', '/api/settings/light-rules')).status).toBe(403);
      expect((await get('super', '/api/settings/reminder-policy')).status).toBe(403);
      expect((await put('coord', '/api/settings/light-rules', { nearDeadlineWorkingDays: 6 })).status).toBe(403);
      expect((await put('coord', '/api/settings/reminder-policy', { sendHour: 10 })).status).toBe(403);
    });

    it('refuses invalid values and unknown keys with a message naming the setting', async () => {
      const cases: Array<[string, unknown, RegExp]> = [
        ['light-rules', { nearDeadlineWorkingDays: -1 }, /nearDeadlineWorkingDays/],
        ['light-rules', { nearDeadlineWorkingDays: 61 }, /nearDeadlineWorkingDays/],
        ['light-rules', { behindScheduleTolerance: 2.5 }, /behindScheduleTolerance/],
        ['light-rules', { behindScheduleTolerance: '10' }, /behindScheduleTolerance/],
        ['light-rules', { nearDeadlineDays: 3 }, /unknown.*nearDeadlineDays/],
        ['light-rules', [5, 10], /object/],
        ['reminder-policy', { sendHour: 24 }, /sendHour/],
        ['reminder-policy', { deadlineOffsets: [0] }, /deadlineOffsets/],
        ['reminder-policy', { reportReminderWeekdays: [8] }, /reportReminderWeekdays/],
        ['reminder-policy', { overdueEveryWorkingDays: 0 }, /overdueEveryWorkingDays/],
        ['reminder-policy', { sendhour: 10 }, /unknown.*sendhour/],
      ];
      for (const [setting, value, message] of cases) {
        const response = await put('admin', `/api/settings/${setting}`, value);
        expect([setting, value, response.status, response.body.code]).toEqual([setting, value, 400, 'REQUEST.INVALID']);
        expect(response.body.message).toMatch(message);
      }
      expect(await sql('SELECT key FROM settings')).toEqual([]);
      expect(await sql(`SELECT id FROM audit_events WHERE action = 'settings.update'`)).toEqual([]);
    });

    it('applies a changed light rule at the next nightly pass', async () => {
      const changed = await put('admin', '/api/settings/light-rules', { nearDeadlineWorkingDays: 6 });
      expect(changed.body).toEqual({ nearDeadlineWorkingDays: 6, behindScheduleTolerance: 10 });
      expect(await light('notBlue')).toMatchObject({ light: 'green' });
      await api.app.get(LightsService).refreshAll();
      expect(await light('notBlue')).toMatchObject({ light: 'blue', reasons: ['deadline_near'] });
      await put('admin', '/api/settings/light-rules', { nearDeadlineWorkingDays: 5 });
      await api.app.get(LightsService).refreshAll();
      expect(await light('notBlue')).toMatchObject({ light: 'green', reasons: ['on_track'] });
    });

    it('plans new reminders at a changed send hour', async () => {
      // Reminders already due stay as they were planned; the ones still ahead are re-planned.
      const pending = (key: TaskKey) =>
        sql<{ key: string; due_at: Date }>(
          `SELECT key, due_at FROM reminders WHERE task_id = $1 AND state = 'pending' AND due_at > $2 ORDER BY key`,
          [id[key], AT.w40],
        );
      const before = await pending('green');
      expect(before.length).toBeGreaterThan(0);
      expect(new Set(before.map((r) => r.due_at.toISOString().slice(11)))).toEqual(new Set(['01:00:00.000Z']));
      const changed = await put('admin', '/api/settings/reminder-policy', { sendHour: 10 });
      expect(changed.body).toMatchObject({ sendHour: 10, deadlineOffsets: [10, 3, 1] });
      await report('green', 'on_track', 30); // a revision: the task's reminders are re-planned
      const after = await pending('green');
      expect(after.map((r) => r.key)).toEqual(before.map((r) => r.key));
      expect(after.map((r) => r.due_at.toISOString())).toEqual(
        before.map((r) => new Date(r.due_at.getTime() + 3_600_000).toISOString()), // 10:00 in Beijing
      );
      // Directly through the service too.
      await api.dataSource.transaction((manager) => api.app.get(ReminderService).sync(manager, [id.behind]));
      const behind = await pending('behind');
      expect(behind.length).toBeGreaterThan(0);
      expect(new Set(behind.map((r) => r.due_at.toISOString().slice(11)))).toEqual(new Set(['02:00:00.000Z']));
      // An empty policy is the defaults.
      expect((await put('admin', '/api/settings/reminder-policy', {})).body).toMatchObject({ sendHour: 9 });
    });

    it('audits every change with who made it and the values before and after', async () => {
      const events = await sql<{ actor_id: string; entity_id: string; before: Body | null; after: Body }>(
        `SELECT actor_id, entity_id, before, after FROM audit_events WHERE action = 'settings.update' ORDER BY id`,
      );
      expect(events.map((e) => [e.actor_id, e.entity_id])).toEqual([
        [userId.admin, 'light_rules'],
        [userId.admin, 'light_rules'],
        [userId.admin, 'reminder_policy'],
        [userId.admin, 'reminder_policy'],
      ]);
      expect(events[0]).toMatchObject({
        before: null,
        after: { value: { nearDeadlineWorkingDays: 6, behindScheduleTolerance: 10 } },
      });
      expect(events[1]).toMatchObject({
        before: { value: { nearDeadlineWorkingDays: 6 } },
        after: { value: { nearDeadlineWorkingDays: 5 } },
      });
      expect(events[3]).toMatchObject({ before: { value: { sendHour: 10 } }, after: { value: { sendHour: 9 } } });
    });
  });

  describe('weekly snapshots (周报)', () => {
    let w40: WeeklySnapshotData;

    it('builds only a week that has ended, and refuses what is not an ISO week', async () => {
      await setNow(api, AT.w41);
      const notOver = await post('coord', '/api/reports/weekly/2026-W41/build');
      expect([notOver.status, notOver.body.code]).toEqual([409, 'REPORT.WEEK_NOT_OVER']);
      expect((await post('coord', '/api/reports/weekly/2026-W42/build')).status).toBe(409);
      for (const bad of ['2026-40', 'last-week', '2026-W60', '2026-W00', '2026-W1']) {
        const response = await post('coord', `/api/reports/weekly/${bad}/build`);
        expect([bad, response.status, response.body.code]).toEqual([bad, 400, 'REQUEST.INVALID']);
      }
      expect((await post('super', '/api/reports/weekly/2026-W40/build')).status).toBe(403);
      expect((await post('fin', '/api/reports/weekly/2026-W40/build')).status).toBe(403);
      expect(await sql('SELECT period FROM weekly_snapshots')).toEqual([]);
    });

    it('lists what changed in 2026-W39: the task overdue since its Sunday deadline, the reports not in by Sunday', async () => {
      const built = await post('coord', '/api/reports/weekly/2026-W39/build');
      expect(built.status).toBe(200);
      const data = built.body as unknown as WeeklySnapshotData;
      expect(data).toMatchObject({ period: '2026-W39', periodStart: '2026-09-21', periodEnd: '2026-09-27' });
      const ids = (list: { items: Array<{ taskId: string }> }) => list.items.map((t) => t.taskId);
      expect(ids(data.changes.newlyCompleted)).toEqual([]);
      expect(ids(data.changes.newlyOverdue)).toEqual([id.overdue]);
      // 2026-W39's report for task 4 came on 29 Sep, after the week: it was missing when the week closed.
      expect(ids(data.changes.missingReports)).toEqual([id.missing, id.silent]);
      expect(ids(data.changes.extensionsGranted)).toEqual([]);
      expect(data.overdue.items.map((t) => [t.taskId, t.daysOverdue])).toEqual([[id.overdue, 1]]);
    });

    it('lists what changed in 2026-W40 and gives the same figures when built again', async () => {
      const built = await post('coord', '/api/reports/weekly/2026-W40/build');
      expect(built.status).toBe(200);
      w40 = built.body as unknown as WeeklySnapshotData;
      expect(w40).toMatchObject({ period: '2026-W40', periodStart: '2026-09-28', periodEnd: '2026-10-04' });
      const ids = (list: { items: Array<{ taskId: string }> }) => list.items.map((t) => t.taskId);
      expect(w40.changes.newlyCompleted).toMatchObject({ total: 1, items: [{ taskId: id.completed }] });
      // Task 7 was already overdue when 2026-W39 closed; task 12's deadline was this week's Sunday.
      expect(ids(w40.changes.newlyOverdue)).toEqual([id.registered]);
      expect(ids(w40.changes.missingReports)).toEqual([id.silent]);
      expect(w40.changes.extensionsGranted).toEqual({
        total: 1,
        items: [
          expect.objectContaining({
            taskId: id.extended,
            title: title.extended,
            leadAgencies: ['市财政局'],
            from: '2026-09-28',
            to: '2026-11-30',
            deadline: '2026-11-30',
          }),
        ],
      });
      expect(w40.overdue.items.map((t) => [t.taskId, t.daysOverdue])).toEqual([
        [id.overdue, 8],
        [id.registered, 1],
      ]);

      // The totals, counted directly, as of the end of the week.
      const rows = await taskRows();
      const expected = countRows(rows, '2026-10-05');
      expect(w40.totals).toMatchObject({
        tasks: expected.tasks,
        overdue: expected.overdue,
        byLight: expected.lights,
        completionRate: expected.completionRate,
      });
      const byStatus = await sql<{ status: string; n: number }>(
        'SELECT status, count(*)::int AS n FROM tasks GROUP BY status',
      );
      for (const { status, n } of byStatus) expect([status, w40.totals.byStatus[status as never]]).toEqual([status, n]);
      expect(w40.documents.map((d) => [d.documentId, d.tasks])).toEqual(
        expect.arrayContaining([
          [documentId, 13],
          [secondDocumentId, 2],
        ]),
      );

      const again = await post('coord', '/api/reports/weekly/2026-W40/build');
      const { builtAt: _first, ...firstFigures } = w40;
      const { builtAt: _again, ...againFigures } = again.body as unknown as WeeklySnapshotData;
      expect(againFigures).toEqual(firstFigures);
      expect(await sql('SELECT period FROM weekly_snapshots ORDER BY period')).toEqual([
        { period: '2026-W39' },
        { period: '2026-W40' },
      ]);
    });

    it('serves the stored weeks and their trend to the office and supervisors only', async () => {
      const trend = await get('super', '/api/reports/weekly');
      expect(trend.status).toBe(200);
      expect((trend.body as unknown as Body[]).map((w) => w.period)).toEqual(['2026-W40', '2026-W39']);
      expect((trend.body as unknown as Body[])[0]).toMatchObject({
        tasks: w40.totals.tasks,
        completed: w40.totals.byStatus.completed + w40.totals.byStatus.closed,
        completionRate: w40.totals.completionRate,
        overdue: w40.totals.overdue,
        red: w40.totals.byLight.red,
        yellow: w40.totals.byLight.yellow,
      });
      expect(((await get('coord', '/api/reports/weekly?weeks=1')).body as unknown as Body[]).length).toBe(1);
      expect((await get('coord', '/api/reports/weekly?weeks=0')).status).toBe(400);
      expect((await get('super', '/api/reports/weekly/2026-W40')).body).toEqual(w40);
      const missing = await get('super', '/api/reports/weekly/2026-W38');
      expect([missing.status, missing.body.code]).toEqual([404, 'REPORT.SNAPSHOT_NOT_FOUND']);
      expect((await get('fin', '/api/reports/weekly')).status).toBe(403);
      expect((await get('fin', '/api/reports/weekly/2026-W40')).status).toBe(403);
    });

    it('exports the week as a .docx with its title and figures', async () => {
      const file = await download('super', '/api/reports/weekly/2026-W40/export.docx');
      expect(file.status).toBe(200);
      expect(file.headers['content-type']).toBe(
        'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
      );
      expect(file.headers['content-disposition']).toBe(
        `attachment; filename*=UTF-8''${encodeURIComponent('督办周报-2026-W40.docx')}`,
      );
      const { value: text } = await mammoth.extractRawText({ buffer: file.bytes });
      expect(text).toContain('试点任务推进情况周报（2026年第40周）');
      expect(text).toContain(`共${w40.totals.tasks}项任务`);
      expect(text).toContain('逾期2项');
      expect(text).toContain('本周新办结1项，新增逾期1项，未按时报送周报1项，批准延期1项。');
      expect(text).toContain(title.completed);
      expect((await download('fin', '/api/reports/weekly/2026-W40/export.docx')).status).toBe(403);
      expect((await download('super', '/api/reports/weekly/2026-W38/export.docx')).status).toBe(404);
    });
  });

  describe('ledger exports', () => {
    it('exports the ledger as .xlsx: headers, a known task’s row, and filters applied', async () => {
      const file = await download('coord', '/api/reports/ledger.xlsx');
      expect(file.status).toBe(200);
      expect(file.headers['content-type']).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
      expect(String(file.headers['content-disposition'])).toMatch(/^attachment; filename\*=UTF-8''.+\.xlsx$/);
      const { header, rows } = await readLedgerXlsx(file.bytes);
      expect(header).toEqual([...LEDGER_HEADERS]);
      expect(rows).toHaveLength((await taskRows()).length);
      expect(rows.find((r) => r['任务'] === title.behind)).toMatchObject({
        文件: '北京市关于推进测试试点工作的实施方案',
        章节: '一、深化改革创新 › (一) 推进登记改革',
        编号: '2',
        牵头单位: '市财政局',
        协办单位: '市科委',
        完成时限: '2026-10-20',
        状态: '办理中',
        预警: '黄灯',
        最新进展: '2026-W40 29% 完成29%',
        逾期天数: '',
      });
      expect(rows.find((r) => r['任务'] === title.extended)).toMatchObject({
        完成时限: '2026-11-30（原 2026-09-28）',
        预警: '绿灯',
      });
      expect(rows.find((r) => r['任务'] === title.ongoing)).toMatchObject({ 完成时限: '持续推进', 状态: '已交办' });

      const red = await readLedgerXlsx((await download('coord', '/api/reports/ledger.xlsx?light=red')).bytes);
      const redInDb = (await taskRows()).filter((r) => r.light === 'red').map((r) => r.title);
      expect(red.rows.map((r) => r['任务']).sort()).toEqual(redInDb.sort());
      expect(redInDb.sort()).toEqual([title.overdue, title.offTrack].sort());
      expect(new Set(red.rows.map((r) => r['预警']))).toEqual(new Set(['红灯']));

      const overdue = await readLedgerXlsx((await download('coord', '/api/reports/ledger.xlsx?overdue=true')).bytes);
      expect(overdue.rows.map((r) => [r['任务'], r['逾期天数']])).toEqual(
        expect.arrayContaining([
          [title.overdue, 8],
          [title.registered, 1],
        ]),
      );
      expect(overdue.rows).toHaveLength(2);

      const statuses = await readLedgerXlsx(
        (await download('coord', `/api/reports/ledger.xlsx?status=completed,cancelled&documentId=${documentId}`)).bytes,
      );
      expect(statuses.rows.map((r) => [r['任务'], r['状态'], r['预警']]).sort()).toEqual(
        [
          [title.completed, '已办结', '无'],
          [title.cancelled, '已撤销', '无'],
        ].sort(),
      );
      expect((await download('coord', '/api/reports/ledger.xlsx?light=purple')).status).toBe(400);
    });

    it('exports the ledger as CSV for Excel (UTF-8 with BOM), and an agency gets only its own tasks', async () => {
      const file = await download('coord', '/api/reports/ledger.csv');
      expect(file.status).toBe(200);
      expect(file.headers['content-type']).toBe('text/csv; charset=utf-8');
      expect([...file.bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
      const all: Array<Record<string, string>> = parse(file.bytes, { bom: true, columns: true });
      expect(Object.keys(all[0])).toEqual([...LEDGER_HEADERS]);
      expect(all.find((r) => r['任务'] === title.overdue)).toMatchObject({
        牵头单位: '市财政局',
        协办单位: '市水务局',
        状态: '办理中',
        预警: '红灯',
        逾期天数: '8',
      });
      expect(all).toHaveLength((await taskRows()).length);

      const mine: Array<Record<string, string>> = parse((await download('fin', '/api/reports/ledger.csv')).bytes, {
        bom: true,
        columns: true,
      });
      const financeTasks = await sql<{ title: string }>(
        `SELECT t.title FROM tasks t JOIN task_assignments a ON a.task_id = t.id WHERE a.agency_id = $1`,
        [agencyId.finance],
      );
      expect(mine.map((r) => r['任务']).sort()).toEqual(financeTasks.map((t) => t.title).sort());
      expect(mine.map((r) => r['任务'])).toContain(title.silent); // co-operating counts
      expect(mine.map((r) => r['任务'])).not.toContain(title.registered);
      // Asking for another agency's tasks does not widen the scope.
      const widened: unknown[] = parse(
        (await download('fin', `/api/reports/ledger.csv?agencyId=${agencyId.water}`)).bytes,
        { bom: true, columns: true },
      );
      expect(widened.length).toBe(1); // task 7, which 市水务局 co-operates on
      const water = await readLedgerXlsx((await download('water', '/api/reports/ledger.xlsx')).bytes);
      expect(water.rows.map((r) => r['任务']).sort()).toEqual(
        [title.overdue, title.registered, title.ongoing, '形成调研报告'].sort(),
      );
    });
  });

  describe('the Monday delivery of the weekly report', () => {
    let worker: INestApplicationContext;
    let smtp: SMTPServer;
    const mails: Mail[] = [];

    beforeAll(async () => {
      smtp = new SMTPServer({
        authOptional: true,
        disabledCommands: ['STARTTLS'],
        onData(stream, session, callback) {
          let raw = '';
          stream.on('data', (chunk: Buffer) => (raw += chunk.toString('utf8')));
          stream.on('end', () => {
            mails.push({ to: session.envelope.rcptTo.map((r) => r.address).join(','), raw });
            callback();
          });
        },
      });
      smtp.on('error', () => undefined);
      await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve));
      // The worker's clock is fixed before it starts: its first reminder sweep runs at once, and on the
      // real date it would send every reminder of this story.
      const config = testConfig({
        DATABASE_URL: database.url,
        QUEUE_PREFIX: `w${randomBytes(4).toString('hex')}`,
        SMTP_URL: `smtp://127.0.0.1:${(smtp.server.address() as AddressInfo).port}`,
      });
      const testing = await Test.createTestingModule({ imports: [WorkerModule.forRoot(config)] })
        .overrideProvider(CLOCK)
        .useValue({ now: () => new Date(AT.w41) })
        .compile();
      worker = await testing.init();
    });

    afterAll(async () => {
      await worker?.close();
      await new Promise<void>((resolve) => (smtp ? smtp.close(() => resolve()) : resolve()));
    });

    it('tells every supervisor once in the inbox and e-mails the .docx once to those who take e-mail', async () => {
      const preferences = await request('PATCH', 'super', '/api/auth/me/preferences', { emailNotifications: true });
      expect(preferences.body).toMatchObject({ emailNotifications: true });
      const processor = worker.get(ReportsProcessor);
      expect(await processor.weekly()).toEqual({ period: '2026-W40', deliveries: 1 });
      expect(await processor.weekly()).toEqual({ period: '2026-W40', deliveries: 0 });

      const [delivery] = await eventually(async () => {
        const rows = await sql<{ id: string; state: string; target: string }>(
          `SELECT id, state, target FROM deliveries WHERE run_key = 'weekly-report-2026-W40'`,
        );
        return rows.length === 1 && rows[0].state === 'sent' && rows;
      });
      expect(delivery.target).toBe('super@test.cn');
      // The queue's job has sent it; sending it again does nothing.
      expect(await worker.get(DeliveryService).send(delivery.id)).toEqual({ result: 'skipped' });

      const weekly = mails.filter((m) => m.raw.includes('wordprocessingml'));
      expect(weekly).toHaveLength(1);
      expect(weekly[0].to).toBe('super@test.cn');
      expect(weekly[0].raw).toMatch(new RegExp(`^Message-ID: <${delivery.id}@`, 'im'));
      const attachments = mimeParts(weekly[0].raw).filter((p) => /^Content-Disposition: attachment/im.test(p.headers));
      expect(attachments).toHaveLength(1);
      expect(attachments[0].headers).toMatch(
        /Content-Type: application\/vnd\.openxmlformats-officedocument\.wordprocessingml\.document/i,
      );
      expect(attachmentName(attachments[0].headers)).toBe('督办周报-2026-W40.docx');
      const docx = Buffer.from(attachments[0].body.replace(/\s+/g, ''), 'base64');
      expect((await mammoth.extractRawText({ buffer: docx })).value).toContain('试点任务推进情况周报（2026年第40周）');

      for (const supervisor of ['super', 'super2']) {
        const notices = (await inbox(supervisor)).filter((n) => n.runKey === 'weekly-report-2026-W40');
        expect(notices).toEqual([expect.objectContaining({ title: '督办周报：2026-W40（2026-09-28 至 2026-10-04）' })]);
        expect(String(notices[0].body)).toContain('本周新办结 1 项，新增逾期 1 项');
      }
      for (const other of ['coord', 'admin', 'fin']) {
        expect((await inbox(other)).filter((n) => n.runKey === 'weekly-report-2026-W40')).toEqual([]);
      }
    });
  });

  describe('the nightly pass and the roll-ups', () => {
    it('turns a light red overnight with no other change, and tells the lead agency', async () => {
      await setNow(api, AT.w42);
      expect(await light('blue')).toMatchObject({ light: 'blue' });
      const result = await api.app.get(LightsService).refreshAll();
      expect(result.tasks).toBeGreaterThan(0);
      expect(await light('blue')).toMatchObject({ light: 'red', since: AT.w42 });
      expect((await light('blue')).reasons).toContain('overdue');
      const history = (await get('coord', `/api/tasks/${id.blue}/lights`)).body.changes as Body[];
      expect(history[0]).toMatchObject({ previousLight: 'blue', light: 'red', changedAt: AT.w42 });
      const notices = (await inbox('fin')).filter((n) => n.title === '预警：任务亮红灯');
      expect(notices.map((n) => n.items[0].taskId)).toContain(id.blue);
      // A task never handed over still turns red when overdue; its printed lead hears of it.
      expect(await light('registered')).toMatchObject({ light: 'red', reasons: ['overdue'] });
      expect((await inbox('water')).map((n) => n.items[0]?.taskId)).toContain(id.registered);
      // Nothing changed since: a second pass changes no light.
      expect((await api.app.get(LightsService).refreshAll()).changed).toBe(0);
    });

    it('shows the overdue board longest overdue first, with the escalation its overdue reminders reached', async () => {
      const run = await api.app.get(ReminderService).sendRun(new Date(AT.w42));
      expect(run.sent).toBeGreaterThan(0);
      const sent = await sql<{ task_id: string; kind: string; level: string }>(
        `SELECT task_id, kind, level FROM reminders WHERE state = 'sent'`,
      );
      expect(sent).toContainEqual({ task_id: id.overdue, kind: 'overdue', level: 'chase' });
      // Task 5 was reminded of its deadline, but no overdue reminder has gone out for it yet.
      expect(sent.filter((r) => r.task_id === id.blue).map((r) => r.kind)).toContain('deadline_approaching');
      expect(sent.filter((r) => r.task_id === id.blue && r.kind === 'overdue')).toEqual([]);

      const board = await get('super', '/api/reports/overdue');
      expect(board.status).toBe(200);
      expect(board.body.total).toBe(3);
      expect((board.body.items as Body[]).map((i) => [i.taskId, i.daysOverdue, i.escalationLevel, i.deadline])).toEqual(
        [
          [id.overdue, 16, 'chase', '2026-09-27'],
          [id.registered, 9, null, '2026-10-04'],
          [id.blue, 1, null, '2026-10-12'],
        ],
      );
      expect((board.body.items as Body[])[0]).toMatchObject({
        title: title.overdue,
        leadAgencies: ['市财政局'],
        light: 'red',
        documentTitle: '北京市关于推进测试试点工作的实施方案',
      });
      const paged = await get('super', '/api/reports/overdue?page=2&pageSize=2');
      expect((paged.body.items as Body[]).map((i) => i.taskId)).toEqual([id.blue]);
      const mine = await get('fin', '/api/reports/overdue');
      expect((mine.body.items as Body[]).map((i) => i.taskId)).toEqual([id.overdue, id.blue]);

      // A 督办 sent by hand from the board lifts the task to that rung, above its reminders' 催办.
      const notice = await api.request({
        method: 'POST',
        url: `/api/tasks/${id.overdue}/notices`,
        token: token.super,
        body: { kind: 'supervision', body: '请于三日内报送整改情况' },
      });
      expect(notice.body.number).toMatch(/^督办〔2026〕\d+号$/);
      const lifted = await get('super', '/api/reports/overdue');
      expect((lifted.body.items as Body[])[0]).toMatchObject({ taskId: id.overdue, escalationLevel: 'supervise' });
    });

    it('sums the summary and the documents to a direct count, for the office and for one agency', async () => {
      const today = '2026-10-13';
      const rows = await taskRows();
      const summary = await get('super', '/api/reports/summary');
      expect(summary.body).toEqual(countRows(rows, today));
      const lightSum = Object.values(summary.body.lights as Record<string, number>).reduce((a, b) => a + b, 0);
      expect(lightSum).toBe(summary.body.tasks);

      const financeIds = new Set(
        (
          await sql<{ task_id: string }>('SELECT task_id FROM task_assignments WHERE agency_id = $1', [
            agencyId.finance,
          ])
        ).map((r) => r.task_id),
      );
      const financeRows = rows.filter((r) => financeIds.has(r.id));
      expect((await get('fin', '/api/reports/summary')).body).toEqual(countRows(financeRows, today));

      const documents = (await get('coord', '/api/reports/documents')).body as unknown as Body[];
      expect(documents.map((d) => d.documentId).sort()).toEqual([documentId, secondDocumentId].sort());
      for (const document of documents) {
        expect(document).toEqual({
          documentId: document.documentId,
          title: expect.any(String),
          docNumber: expect.stringMatching(/^京政办发〔2026〕\d+号$/),
          ...countRows(
            rows.filter((r) => r.document_id === document.documentId),
            today,
          ),
        });
      }
      const financeDocuments = (await get('fin', '/api/reports/documents')).body as unknown as Body[];
      expect(financeDocuments).toEqual([
        expect.objectContaining({
          documentId,
          ...countRows(
            financeRows.filter((r) => r.document_id === documentId),
            today,
          ),
        }),
      ]);
    });

    it('rolls a document up its own structure: each node is its tasks plus its children', async () => {
      const today = '2026-10-13';
      const rows = (await taskRows()).filter((r) => r.document_id === documentId);
      const sections = await sql<{ id: string; parent_id: string | null }>(
        'SELECT id, parent_id FROM document_sections WHERE document_id = $1',
        [documentId],
      );
      const below = (sectionId: string): string[] => [
        sectionId,
        ...sections.filter((s) => s.parent_id === sectionId).flatMap((s) => below(s.id)),
      ];
      const tree = await get('coord', `/api/reports/documents/${documentId}`);
      expect(tree.status).toBe(200);
      expect(tree.body).toMatchObject({ documentId, title: '北京市关于推进测试试点工作的实施方案' });
      expect(tree.body.total).toEqual(countRows(rows, today));
      expect(tree.body.unsectioned).toEqual(countRows([], today));

      type Node = ReturnType<typeof countRows> & { id: string; label: string; heading: string; children: Node[] };
      const visited: string[] = [];
      const check = (node: Node) => {
        visited.push(`${node.label}${node.heading}`);
        const { id: nodeId, label: _l, heading: _h, children, ...counts } = node;
        expect([nodeId, counts]).toEqual([
          nodeId,
          countRows(
            rows.filter((r) => below(nodeId).includes(r.section_id ?? '')),
            today,
          ),
        ]);
        const own = countRows(
          rows.filter((r) => r.section_id === nodeId),
          today,
        );
        const summed = children.reduce((sum, child) => sum + child.tasks, own.tasks);
        expect(summed).toBe(node.tasks);
        expect(children.reduce((sum, child) => sum + child.overdue, own.overdue)).toBe(node.overdue);
        for (const light of LIGHT_NAMES) {
          expect(children.reduce((sum, child) => sum + child.lights[light], own.lights[light])).toBe(
            node.lights[light],
          );
        }
        children.forEach(check);
      };
      (tree.body.sections as Node[]).forEach(check);
      expect(visited).toEqual(['一、深化改革创新', '(一)推进登记改革', '(二)完善监管机制', '二、强化组织保障']);
      const chapters = tree.body.sections as Node[];
      expect(chapters.map((c) => c.tasks)).toEqual([7, 6]); // task 13 is cancelled

      // An agency officer sees the same structure with only its tasks counted.
      const financeTree = await get('fin', `/api/reports/documents/${documentId}`);
      expect((financeTree.body.total as Body).tasks).toBe(11);
      expect((await get('coord', `/api/reports/documents/${randomUuid()}`)).status).toBe(404);
      expect((await get('coord', '/api/reports/documents/not-a-uuid')).status).toBe(400);
    });

    it('gives each agency its tasks as lead and co, overdue and report punctuality, matching a direct count', async () => {
      const today = '2026-10-13';
      const assignments = await sql<{ agency_id: string; role: string; status: string; deadline: string | null }>(
        `SELECT a.agency_id, a.role, t.status,
                to_char(coalesce(t.extended_deadline, t.deadline_date), 'YYYY-MM-DD') AS deadline
           FROM task_assignments a JOIN tasks t ON t.id = a.task_id`,
      );
      // The four closed weeks before 13 Oct: 2026-W38 … W41 (the tasks were handed over during W38).
      const weeks = [
        ['2026-W38', '2026-09-14T00:00:00+08:00', '2026-09-21T00:00:00+08:00'],
        ['2026-W39', '2026-09-21T00:00:00+08:00', '2026-09-28T00:00:00+08:00'],
        ['2026-W40', '2026-09-28T00:00:00+08:00', '2026-10-05T00:00:00+08:00'],
        ['2026-W41', '2026-10-05T00:00:00+08:00', '2026-10-12T00:00:00+08:00'],
      ].map(([period, starts, ends]) => ({ period, starts: new Date(starts), ends: new Date(ends) }));
      const leadTasks = await sql<{
        agency_id: string;
        id: string;
        status: string;
        assigned_at: Date | null;
        completed_at: Date | null;
      }>(
        `SELECT a.agency_id, t.id, t.status, t.assigned_at, t.completed_at
           FROM task_assignments a JOIN tasks t ON t.id = a.task_id WHERE a.role = 'lead'`,
      );
      const reports = await sql<{ task_id: string; period: string; submitted_at: Date }>(
        'SELECT task_id, period, submitted_at FROM task_reports',
      );

      const expectedFor = (agency: string) => {
        const mine = assignments.filter((a) => a.agency_id === agency && a.status !== 'cancelled');
        const lead = mine.filter((a) => a.role === 'lead');
        const overdue = lead.filter((a) => OPEN.includes(a.status) && a.deadline !== null && a.deadline < today);
        const completed = lead.filter((a) => a.status === 'completed' || a.status === 'closed').length;
        let due = 0;
        let onTime = 0;
        for (const task of leadTasks.filter((t) => t.agency_id === agency)) {
          if (!['acknowledged', 'in_progress', 'completion_requested', 'completed', 'closed'].includes(task.status))
            continue;
          for (const week of weeks) {
            if (!task.assigned_at || task.assigned_at >= week.starts) continue;
            if (task.completed_at && task.completed_at < week.ends) continue;
            due++;
            if (reports.some((r) => r.task_id === task.id && r.period === week.period && r.submitted_at < week.ends))
              onTime++;
          }
        }
        const daysOverdue = overdue.map((a) => (Date.parse(today) - Date.parse(a.deadline as string)) / 86_400_000);
        return {
          agencyId: agency,
          lead: lead.length,
          co: mine.filter((a) => a.role === 'co').length,
          open: lead.filter((a) => OPEN.includes(a.status)).length,
          completed,
          overdue: overdue.length,
          completionRate: lead.length > 0 ? round4(completed / lead.length) : 0,
          averageDaysOverdue: daysOverdue.length
            ? Math.round((daysOverdue.reduce((a, b) => a + b, 0) / daysOverdue.length) * 10) / 10
            : 0,
          reportsDue: due,
          reportsOnTime: onTime,
          punctuality: due > 0 ? round4(onTime / due) : null,
        };
      };

      const all = (await get('super', '/api/reports/agencies')).body as unknown as Body[];
      expect(all.map((a) => a.name).sort()).toEqual(['市水务局', '市科委', '市财政局'].sort());
      for (const row of all) expect(row).toMatchObject(expectedFor(row.agencyId as string));
      // Spelled out for 市财政局: ten lead tasks, one co; tasks 5 and 7 overdue by 1 and 16 days; reports due
      // for nine tasks in W39–W41 and for task 10 in W39 (completed in W40); on time in W39 (but task 4) and W40.
      const finance = (await get('fin', `/api/reports/agencies/${agencyId.finance}`)).body;
      expect(finance).toMatchObject({
        name: '市财政局',
        lead: 10,
        co: 1,
        open: 9,
        completed: 1,
        overdue: 2,
        averageDaysOverdue: 8.5,
        reportsDue: 28,
        reportsOnTime: 18,
        punctuality: round4(18 / 28),
      });
      expect((await get('fin', '/api/reports/agencies')).body).toEqual([finance]);
      expect((await get('fin', `/api/reports/agencies/${agencyId.water}`)).status).toBe(403);
      expect((await get('coord', `/api/reports/agencies/${agencyId.water}`)).body).toMatchObject(
        expectedFor(agencyId.water),
      );
      expect((await get('coord', `/api/reports/agencies/${randomUuid()}`)).status).toBe(404);
    });

    it('ranks the agencies in the league table, for the office and supervisors only', async () => {
      const league = await get('super', '/api/reports/league');
      expect(league.status).toBe(200);
      const rows = league.body as unknown as Array<Body & { lead: number; overdue: number }>;
      expect(rows.map((r) => [r.rank, r.name])).toEqual([
        [1, '市科委'], // nothing overdue
        [2, '市财政局'], // 2 of 10 overdue
        [3, '市水务局'], // 1 of 3 overdue
      ]);
      const ratios = rows.map((r) => r.overdue / r.lead);
      expect([...ratios].sort((a, b) => a - b)).toEqual(ratios);
      expect((await get('fin', '/api/reports/league')).status).toBe(403);
      expect((await get('coord', '/api/reports/league')).status).toBe(200);
    });
  });
});

function randomUuid(): string {
  return '8a5f2c1e-0000-4000-8000-000000000000'.replace(/0{12}$/, randomBytes(6).toString('hex'));
}
