// The demo's workflow state: a few weeks of 督办 on two of the sample documents, written
// through the domain services (so audit events, reminders and warning lights are what the
// product itself would have written), as the demo people, at the times the story happens.
import { type INestApplicationContext, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { DataSource, In } from 'typeorm';
import { loadConfig } from '../../../libs/config/src/config.js';
import { ConfigModule } from '../../../libs/config/src/config.module.js';
import { DatabaseModule } from '../../../libs/database/src/database.module.js';
import { loadAgencyRegistry } from '../../../libs/core/src/agencies/agency-registry.js';
import { CLOCK, type Clock } from '../../../libs/core/src/clock.js';
import { CoreModule } from '../../../libs/core/src/core.module.js';
import { ProgressService, type ReportInput } from '../../../libs/core/src/progress/progress.service.js';
import { LightsService } from '../../../libs/core/src/reports/lights.service.js';
import { SnapshotService } from '../../../libs/core/src/reports/snapshot.service.js';
import { periodBounds, reportingPeriod, shanghaiDate } from '../../../libs/core/src/tasks/deadlines.js';
import { type TaskAction } from '../../../libs/core/src/tasks/task-lifecycle.js';
import { Task } from '../../../libs/core/src/tasks/task.entity.js';
import { TasksService } from '../../../libs/core/src/tasks/tasks.service.js';
import { type AuthUser } from '../../../libs/core/src/users/auth-user.js';
import { User } from '../../../libs/core/src/users/user.entity.js';
import { resolveAgency } from '../../../libs/extraction/src/registry.js';
import { DEMO_ACCOUNTS } from './demo.js';

/** Every audit event the demo writes carries this request id, so the trail tells them apart. */
const REQUEST_ID = 'demo-seed';
const DAY_MS = 86_400_000;

@Module({})
class DemoContextModule {}

/** The domain services on the database alone: the demo sends nothing, so it needs no Redis, queue or HTTP. */
export function createDemoContext(databaseUrl: string): Promise<INestApplicationContext> {
  // The config insists on a Redis URL and a signing secret; nothing in this context uses either.
  const config = loadConfig({
    ...process.env,
    DATABASE_URL: databaseUrl,
    REDIS_URL: process.env.REDIS_URL || 'redis://127.0.0.1:6379',
    JWT_SECRET: process.env.JWT_SECRET || 'the-demo-seeding-signs-no-tokens-0000',
    LOG_LEVEL: 'silent',
  });
  return NestFactory.createApplicationContext(
    { module: DemoContextModule, imports: [ConfigModule.forRoot(config), DatabaseModule.forRoot(), CoreModule] },
    { logger: ['error', 'warn'] },
  );
}

/**
 * What happens to a task the demo's agencies lead. The plan is dealt out in order over
 * their tasks (the two agencies in turn); tasks beyond it are simply on track.
 */
type Role =
  | 'on_track'
  | 'at_risk'
  | 'off_track'
  | 'missing_week' // reports, but last week's never came
  | 'acknowledged' // signed for, never reported
  | 'assigned' // handed over last week, not yet signed for
  | 'completion_requested'
  | 'completed'
  | 'closed';
const PLAN: Role[] = [
  'on_track',
  'at_risk',
  'closed',
  'on_track',
  'missing_week',
  'completed',
  'off_track',
  'at_risk',
  'acknowledged',
  'completion_requested',
  'on_track',
  'assigned',
];
/** Roles whose tasks stay open and report every week: the ones an extension or a notice makes sense for. */
const REPORTING: Role[] = ['on_track', 'at_risk', 'off_track', 'missing_week'];

/** Weekly progress, oldest week first: [work done, next steps]. */
const WEEK_TEXT: Array<[string, string]> = [
  ['制定工作方案，明确责任处室、时间节点和工作要求', '召开专题推进会，梳理重点企业和项目清单'],
  ['召开专题推进会，梳理重点企业和项目清单', '走访重点企业，收集政策需求'],
  ['走访重点企业，形成政策需求清单', '起草配套实施细则'],
  ['起草配套实施细则，征求相关部门意见', '修改完善实施细则，按程序报审'],
];
const PROBLEM_AT_RISK = '配套资金尚未全部落实，部分工作进度慢于计划';
const PROBLEM_OFF_TRACK = '国家层面配套政策尚未明确，实施细则无法按期出台，工作推进受阻';

interface Owner {
  agencyId: string;
  name: string;
  role: 'lead' | 'co';
}
interface Candidate {
  id: string;
  documentId: string;
  title: string;
  deadline: string | null;
  printed: { lead: string[]; co: string[] };
  owners: Owner[];
}

export interface DemoProgressResult {
  seeded: boolean;
  line: string;
}

/**
 * Seeds the demo's progress once: when any task has left 登记 (registered) or any
 * extension exists, the ledger is already under way (seeded before, or in real use)
 * and nothing is added.
 */
export async function seedDemoProgress(app: INestApplicationContext): Promise<DemoProgressResult> {
  const dataSource = app.get(DataSource);
  const [{ busy }] = await dataSource.query(
    `SELECT EXISTS (SELECT 1 FROM tasks WHERE status <> 'registered') OR EXISTS (SELECT 1 FROM extension_requests) AS busy`,
  );
  if (busy) return { seeded: false, line: 'Demo progress: the ledger is already under way, nothing added' };

  const people = await dataSource.getRepository(User).findBy({ email: In(DEMO_ACCOUNTS.map((a) => a.email)) });
  const as = (user: User): AuthUser => ({ id: user.id, email: user.email, role: user.role, agencyId: user.agencyId });
  const coordinator = people.find((u) => u.role === 'coordinator');
  const supervisor = people.find((u) => u.role === 'supervisor');
  // In the order DEMO_ACCOUNTS lists them, so the plan is dealt out the same way every time.
  const officers = DEMO_ACCOUNTS.flatMap((a) => people.filter((u) => u.email === a.email && u.role === 'agency'));
  if (!coordinator || !supervisor || officers.length === 0) {
    return { seeded: false, line: 'Demo progress: the demo accounts are missing, nothing added' };
  }
  const office = as(coordinator);
  const officerOf = new Map(officers.map((u) => [u.agencyId as string, as(u)]));

  const tasks = app.get(TasksService);
  const progress = app.get(ProgressService);
  const clock = app.get<Clock>(CLOCK);
  const systemNow = clock.now;
  const now = clock.now();
  const year = Number(shanghaiDate(now).slice(0, 4));

  // Tasks with at least one resolved owner, in document order.
  const candidates: Candidate[] = await dataSource.query(
    `SELECT t.id, t.document_id AS "documentId", t.title, t.printed_owners AS printed,
            to_char(t.deadline_date, 'YYYY-MM-DD') AS deadline,
            json_agg(json_build_object('agencyId', a.agency_id, 'name', g.name, 'role', a.role)
                     ORDER BY a.role DESC, g.name) AS owners
       FROM tasks t JOIN policy_documents d ON d.id = t.document_id
       JOIN task_assignments a ON a.task_id = t.id JOIN agencies g ON g.id = a.agency_id
      GROUP BY t.id, d.title ORDER BY d.title, t.span_start`,
  );
  const isDemoAgency = (agencyId: string) => officerOf.has(agencyId);
  // The two documents where the demo's agencies lead the most tasks.
  const led = new Map<string, number>();
  for (const task of candidates) {
    if (task.owners.some((o) => o.role === 'lead' && isDemoAgency(o.agencyId))) {
      led.set(task.documentId, (led.get(task.documentId) ?? 0) + 1);
    }
  }
  const documents = [...led].sort((a, b) => b[1] - a[1]).slice(0, 2);
  const picked = documents.flatMap(([documentId]) => candidates.filter((t) => t.documentId === documentId));
  if (picked.length === 0) return { seeded: false, line: 'Demo progress: no sample tasks to work on, nothing added' };

  // 交办 names one 牵头单位: where the document lists several leads without saying who leads,
  // the office takes the first one listed, as offices do; the others co-operate.
  const registry = await loadAgencyRegistry(dataSource.manager);
  const designate = (task: Candidate) => {
    const first = task.printed.lead[0] ? resolveAgency(task.printed.lead[0], registry) : null;
    const lead = task.owners.find((o) => o.role === 'lead' && o.name === first);
    if (!lead)
      return { lead: task.owners.filter((o) => o.role === 'lead'), co: task.owners.filter((o) => o.role === 'co') };
    return { lead: [lead], co: task.owners.filter((o) => o !== lead) };
  };
  const ownTasks = new Map<string, Candidate[]>([...officerOf.keys()].map((id) => [id, []]));
  const others: Candidate[] = [];
  for (const task of picked) {
    const { lead } = designate(task);
    if (lead.length === 1 && isDemoAgency(lead[0].agencyId)) ownTasks.get(lead[0].agencyId)?.push(task);
    else others.push(task);
  }
  // The demo's agencies' tasks, taken in turn, get the plan; every second other task is handed over too.
  const demoTasks: Candidate[] = [];
  const longest = Math.max(...[...ownTasks.values()].map((list) => list.length));
  for (let i = 0; i < longest; i++) {
    for (const list of ownTasks.values()) if (list[i]) demoTasks.push(list[i]);
  }
  const roles = new Map(demoTasks.map((task, i) => [task.id, PLAN[i] ?? 'on_track']));
  const handedOver = [...demoTasks, ...others.filter((_, i) => i % 2 === 0)];

  // The story as timed steps, run in time order with the services' clock set to each step's time.
  const agenda: Array<{ at: Date; step: () => Promise<unknown> }> = [];
  const on = (at: Date, step: () => Promise<unknown>) => agenda.push({ at, step });
  /** `hour`:`minute` in Beijing, `day` days after the Monday of the week `weeksAgo` weeks before this one. */
  const week = (weeksAgo: number, day: number, hour: number, minute = 0) => {
    const monday = periodBounds(reportingPeriod(new Date(now.getTime() - weeksAgo * 7 * DAY_MS))).start;
    return new Date(Date.parse(`${monday}T00:00:00Z`) + day * DAY_MS + ((hour - 8) * 60 + minute) * 60_000);
  };
  const dayAt = (date: string, shift: number, hour: number) =>
    new Date(Date.parse(`${date}T00:00:00Z`) + shift * DAY_MS + (hour - 8) * 3_600_000);
  const version = async (id: string) =>
    (await dataSource.getRepository(Task).findOneOrFail({ select: { id: true, version: true }, where: { id } }))
      .version;
  const act = async (user: AuthUser, id: string, action: TaskAction) =>
    tasks.act(user, id, action, { version: await version(id) }, REQUEST_ID);
  const counts = { reports: 0, contributions: 0, approved: 0, refused: 0, notices: 0, comments: 0 };

  // 延期: the service takes a request only before the deadline passes, so the overdue tasks'
  // requests are dated in the fortnight before their original deadline, long before the
  // 交办 below (they were registered then, and led by the agency as printed).
  const overdue = demoTasks.filter(
    (t) => REPORTING.includes(roles.get(t.id) as Role) && t.deadline && t.deadline < shanghaiDate(now),
  );
  const extensions: Array<[Candidate | undefined, string, boolean]> = [
    [overdue[0], `${year + 1}-06-30`, true],
    [overdue[1], `${year + 1}-03-31`, true],
    [overdue[2], `${year + 1}-12-31`, false],
  ];
  for (const [task, to, approve] of extensions) {
    if (!task?.deadline) continue;
    const officer = officerOf.get(designate(task).lead[0].agencyId) as AuthUser;
    let requestId = '';
    on(dayAt(task.deadline, -16, 10), async () => {
      const request = await progress.requestExtension(
        officer,
        task.id,
        { requestedDeadline: to, reason: '需待国家有关部门政策延续文件出台后配套实施，申请延期' },
        REQUEST_ID,
      );
      requestId = request.id;
    });
    on(dayAt(task.deadline, -13, 15), async () => {
      const comment = approve ? '同意延期，请按新的完成时限抓紧推进' : '该项任务时限明确，不同意延期，请加快推进';
      await progress.decideExtension(office, requestId, approve, comment, REQUEST_ID);
      counts[approve ? 'approved' : 'refused']++;
    });
  }

  handedOver.forEach((task, i) => {
    const role = roles.get(task.id);
    // 交办 on a Wednesday after 09:00: the reminder plan does not know when a task was handed
    // over, so an earlier 交办 would be chased that Wednesday for the week before it.
    on(week(role === 'assigned' ? 1 : 4, 2, 10, i), async () => {
      const { lead, co } = designate(task);
      const asImported = lead.length === task.owners.filter((o) => o.role === 'lead').length;
      if (!asImported) {
        const owners = (list: Owner[]) => list.map((o) => ({ agencyId: o.agencyId }));
        await tasks.assign(
          office,
          task.id,
          { version: await version(task.id), lead: owners(lead), co: owners(co) },
          REQUEST_ID,
        );
      }
      await act(office, task.id, 'assign');
    });
    if (!role || role === 'assigned') return;
    const officer = officerOf.get(designate(task).lead[0].agencyId) as AuthUser;
    on(week(4, 3, 9, i), () => act(officer, task.id, 'acknowledge'));
    if (role === 'acknowledged') return;
    on(week(4, 3, 9, 30 + i), () => act(officer, task.id, 'start'));

    // Weekly reports on Wednesday afternoons (the first on Thursday, once started), four weeks ago to last week.
    const report = (weeksAgo: number, input: Omit<ReportInput, 'workDone' | 'nextSteps' | 'period'>) => {
      const at = week(weeksAgo, weeksAgo === 4 ? 3 : 2, 16, i);
      const [workDone, nextSteps] = WEEK_TEXT[4 - weeksAgo];
      on(at, async () => {
        const text = input.isFinal
          ? { workDone: '各项工作已按计划完成，实施细则已印发执行', nextSteps: '' }
          : { workDone, nextSteps };
        counts.reports++;
        return progress.submitReport(officer, task.id, { period: reportingPeriod(at), ...text, ...input }, REQUEST_ID);
      });
    };
    const base = 10 + 5 * (i % 3);
    if (role === 'on_track' || role === 'missing_week') {
      for (const weeksAgo of role === 'on_track' ? [4, 3, 2, 1] : [4, 3, 2]) {
        report(weeksAgo, { rating: 'on_track', percent: base + 15 * (4 - weeksAgo) });
      }
    } else if (role === 'at_risk') {
      report(4, { rating: 'on_track', percent: 10 });
      report(3, { rating: 'on_track', percent: 20 });
      report(2, { rating: 'at_risk', percent: 25, problems: PROBLEM_AT_RISK });
      report(1, { rating: 'at_risk', percent: 28, problems: PROBLEM_AT_RISK });
    } else if (role === 'off_track') {
      report(4, { rating: 'on_track', percent: 10 });
      report(3, { rating: 'at_risk', percent: 15, problems: PROBLEM_AT_RISK });
      report(2, { rating: 'off_track', percent: 15, problems: PROBLEM_OFF_TRACK });
      report(1, { rating: 'off_track', percent: 15, problems: PROBLEM_OFF_TRACK });
    } else {
      // Finishing: a final report with evidence, then 申请办结; the office 办结 (and 销号) last week.
      const finalWeek = role === 'completion_requested' ? 1 : 2;
      for (let weeksAgo = 4; weeksAgo > finalWeek; weeksAgo--) {
        report(weeksAgo, { rating: 'on_track', percent: 30 * (5 - weeksAgo) });
      }
      report(finalWeek, { rating: 'on_track', percent: 100, isFinal: true });
      on(week(finalWeek, 3, 10, i), async () => {
        const [final] = await dataSource.query(
          'SELECT id FROM task_reports WHERE task_id = $1 AND is_final ORDER BY submitted_at DESC LIMIT 1',
          [task.id],
        );
        const evidence = `${task.title}\n办结佐证材料：实施细则印发文件、工作总结（演示数据）\n`;
        await progress.attach(
          officer,
          task.id,
          {
            fileName: '办结佐证材料.txt',
            contentType: 'text/plain; charset=utf-8',
            bytes: Buffer.from(evidence),
            reportId: final.id,
          },
          REQUEST_ID,
        );
        await act(officer, task.id, 'request_completion');
      });
      if (role === 'completion_requested') return;
      on(week(1, 1, 10, i), () => act(office, task.id, 'approve_completion'));
      if (role === 'closed') on(week(1, 3, 10, i), () => act(office, task.id, 'close'));
    }

    // Co-operating demo agencies send their part of the last two weeks' reports.
    if (!REPORTING.includes(role)) return;
    for (const co of designate(task).co) {
      const coOfficer = officerOf.get(co.agencyId);
      if (!coOfficer) continue;
      for (const weeksAgo of [2, 1]) {
        const at = week(weeksAgo, 3, 11, i);
        on(at, async () => {
          counts.contributions++;
          const content = '已梳理本单位相关资金政策，配合做好资金保障和政策衔接';
          return progress.contribute(coOfficer, task.id, { period: reportingPeriod(at), content }, REQUEST_ID);
        });
      }
    }
  });

  // 催办 then 督办 on the first overdue task still without an approved extension, and two comment threads.
  const chased = overdue.find((t) => !extensions.some(([task, , approve]) => task === t && approve));
  const comment = (at: Date, user: AuthUser, task: Candidate, body: string, replyTo?: () => string) => {
    let id = '';
    on(at, async () => {
      id = (await progress.comment(user, task.id, { body, parentId: replyTo?.() }, REQUEST_ID)).id;
      counts.comments++;
    });
    return () => id;
  };
  if (chased) {
    const officer = officerOf.get(designate(chased).lead[0].agencyId) as AuthUser;
    const notice = (at: Date, kind: 'chase' | 'supervision', body: string) =>
      on(at, async () => {
        counts.notices++;
        return progress.sendNotice(as(supervisor), chased.id, { kind, body }, REQUEST_ID);
      });
    notice(week(2, 1, 10), 'chase', '该项任务已超过完成时限，请抓紧推进，并于本周内报送进展情况。');
    notice(
      week(1, 0, 10),
      'supervision',
      '该项任务逾期未完成且进展滞后，请单位主要负责同志牵头研究，三个工作日内书面报告推进措施。',
    );
    const question = comment(week(1, 0, 16), officer, chased, '已与相关部门对接，待国家层面政策明确后即出台实施细则。');
    comment(
      week(1, 1, 9, 30),
      office,
      chased,
      '请于本周五前报送书面情况说明，协调办将协调相关部门共同推进。',
      question,
    );
  }
  const atRisk = demoTasks.find((t) => roles.get(t.id) === 'at_risk');
  if (atRisk) {
    const officer = officerOf.get(designate(atRisk).lead[0].agencyId) as AuthUser;
    const question = comment(week(1, 3, 10), office, atRisk, '请说明资金缺口和需要协调解决的事项。');
    comment(
      week(1, 3, 15),
      officer,
      atRisk,
      '资金缺口主要在配套补贴，已与市财政局沟通，拟在下一批资金中统筹安排。',
      question,
    );
  }

  agenda.sort((a, b) => a.at.getTime() - b.at.getTime()); // stable: same-time steps keep their order
  try {
    for (const { at, step } of agenda) {
      clock.now = () => at;
      await step();
    }
  } finally {
    clock.now = systemNow;
  }

  // As of now: time alone has turned lights since the story's steps; then last week's report.
  await app.get(LightsService).refreshAll();
  const snapshots = app.get(SnapshotService);
  const period = snapshots.lastClosedPeriod();
  await snapshots.build(period);
  const lights: Array<{ light: string; n: number }> = await dataSource.query(
    `SELECT coalesce(l.light, 'none') AS light, count(*)::int AS n
       FROM tasks t LEFT JOIN task_lights l ON l.task_id = t.id GROUP BY 1 ORDER BY 2 DESC`,
  );
  return {
    seeded: true,
    line:
      `Demo progress: ${handedOver.length} tasks handed over, ${counts.reports} weekly reports, ` +
      `${counts.contributions} contributions, ${counts.approved} extensions approved and ${counts.refused} refused, ` +
      `${counts.notices} notices, ${counts.comments} comments; lights ${lights.map((l) => `${l.n} ${l.light}`).join(', ')}; ` +
      `weekly report ${period} built`,
  };
}
