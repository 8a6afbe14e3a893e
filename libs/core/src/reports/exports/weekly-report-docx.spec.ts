import { describe, expect, it } from '@jest/globals';
import JSZip from 'jszip';
import mammoth from 'mammoth';
import type { TaskStatus } from '../../tasks/task-status.js';
import type { SnapshotTask, WeeklySnapshotData } from '../report-types.js';
import { buildWeeklyReportDocx } from './weekly-report-docx.js';

const task = (n: number, overrides: Partial<SnapshotTask> = {}): SnapshotTask => ({
  taskId: `t${n}`,
  number: `${n}`,
  title: `推进第${n}项改革任务`,
  documentTitle: '关于开展营商环境创新试点的实施方案',
  leadAgencies: ['市发展改革委', '市政务服务局'],
  deadline: '2026-11-10',
  ...overrides,
});

const byStatus: Record<TaskStatus, number> = {
  registered: 2,
  assigned: 3,
  acknowledged: 5,
  in_progress: 70,
  completion_requested: 4,
  completed: 30,
  closed: 10,
  suspended: 1,
  cancelled: 0,
};

function snapshot(overrides: Partial<WeeklySnapshotData> = {}): WeeklySnapshotData {
  return {
    period: '2026-W47',
    periodStart: '2026-11-16',
    periodEnd: '2026-11-22',
    builtAt: '2026-11-23T01:30:00.000Z',
    totals: {
      tasks: 125,
      byStatus,
      byLight: { none: 41, green: 50, blue: 12, yellow: 14, red: 8 },
      overdue: 8,
      completionRate: 40 / 125,
    },
    changes: {
      newlyCompleted: { total: 3, items: [task(1), task(2, { title: '建立“高效办成一件事”清单' })] },
      newlyOverdue: { total: 1, items: [task(3)] },
      missingReports: { total: 0, items: [] },
      extensionsGranted: { total: 1, items: [{ ...task(4), from: '2026-11-30', to: '2026-12-31' }] },
    },
    documents: [
      {
        documentId: 'd1',
        title: '关于开展营商环境创新试点的实施方案',
        tasks: 125,
        inProgress: 82,
        completed: 40,
        overdue: 8,
        completionRate: 0.32,
        lights: { none: 41, green: 50, blue: 12, yellow: 14, red: 8 },
      },
    ],
    agencies: [
      {
        agencyId: 'a1',
        name: '市发展改革委',
        lead: 23,
        co: 11,
        completed: 9,
        overdue: 2,
        reportsDue: 12,
        reportsOnTime: 9,
        punctuality: 0.75,
        averageDaysOverdue: 6.5,
      },
      {
        agencyId: 'a2',
        name: '市财政局',
        lead: 0,
        co: 5,
        completed: 0,
        overdue: 0,
        reportsDue: 0,
        reportsOnTime: 0,
        punctuality: null,
        averageDaysOverdue: 0,
      },
    ],
    overdue: {
      total: 8,
      items: [
        {
          ...task(7, { title: '完成数据共享平台建设', deadline: '2026-11-05' }),
          daysOverdue: 17,
          escalationLevel: 'supervise',
        },
      ],
    },
    ...overrides,
  };
}

/** Paragraphs of the raw text, blank ones dropped (mammoth separates paragraphs and table cells with blank lines). */
async function paragraphs(buffer: Buffer): Promise<string[]> {
  const { value } = await mammoth.extractRawText({ buffer });
  return value
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean);
}

/** The cells of the table row that starts with `first`, read in document order. */
function rowFrom(lines: string[], first: string, length: number): string[] {
  const start = lines.indexOf(first);
  expect(start).toBeGreaterThanOrEqual(0);
  return lines.slice(start, start + length);
}

describe('buildWeeklyReportDocx', () => {
  it('writes the title, period and summary figures', async () => {
    const lines = await paragraphs(await buildWeeklyReportDocx(snapshot(), { organisation: '市推进办' }));

    expect(lines[0]).toBe('试点任务推进情况周报（2026年第47周）');
    expect(lines).toContain('统计周期：2026年11月16日至11月22日');
    expect(lines).toContain('市推进办');
    expect(lines).toContain('生成时间：2026-11-23 09:30');
    expect(lines).toContain(
      '共125项任务，已办结40项（完成率32%），逾期8项，红灯8项、黄灯14项、蓝灯12项、绿灯50项。' +
        '本周新办结3项，新增逾期1项，未按时报送周报0项，批准延期1项。',
    );
  });

  it('lists the changes, with the number left out and 无 for an empty list', async () => {
    const lines = await paragraphs(await buildWeeklyReportDocx(snapshot()));

    expect(lines).toContain('（一）本周新办结（3项）');
    expect(lines).toContain(
      '1. 关于开展营商环境创新试点的实施方案　1　推进第1项改革任务（牵头单位：市发展改革委、市政务服务局）',
    );
    expect(lines).toContain(
      '2. 关于开展营商环境创新试点的实施方案　2　建立“高效办成一件事”清单（牵头单位：市发展改革委、市政务服务局）',
    );
    expect(lines).toContain('另有1项未列出。');
    expect(lines).toContain(
      '1. 关于开展营商环境创新试点的实施方案　3　推进第3项改革任务（牵头单位：市发展改革委、市政务服务局），完成时限2026-11-10',
    );
    expect(lines).toContain(
      '1. 关于开展营商环境创新试点的实施方案　4　推进第4项改革任务（牵头单位：市发展改革委、市政务服务局），完成时限由2026-11-30延至2026-12-31',
    );
    const missing = lines.indexOf('（三）未按时报送周报（0项）');
    expect(lines[missing + 1]).toBe('无');
  });

  it('tabulates documents, agencies and overdue tasks', async () => {
    const lines = await paragraphs(await buildWeeklyReportDocx(snapshot()));

    const documentHeader = rowFrom(lines, '文件', 10);
    expect(documentHeader).toEqual([
      '文件',
      '任务数',
      '办理中',
      '已办结',
      '逾期',
      '完成率',
      '红灯',
      '黄灯',
      '蓝灯',
      '绿灯',
    ]);
    const tables = lines.indexOf('三、各文件推进情况');
    expect(lines.slice(tables + 11, tables + 21)).toEqual([
      '关于开展营商环境创新试点的实施方案',
      '125',
      '82',
      '40',
      '8',
      '32%',
      '8',
      '14',
      '12',
      '50',
    ]);

    expect(rowFrom(lines, '单位', 9)).toEqual([
      '单位',
      '牵头',
      '协办',
      '已办结',
      '逾期',
      '应报',
      '按时报送',
      '按时率',
      '平均逾期天数',
    ]);
    expect(rowFrom(lines, '市发展改革委', 9)).toEqual(['市发展改革委', '23', '11', '9', '2', '12', '9', '75%', '6.5']);
    expect(rowFrom(lines, '市财政局', 9)).toEqual(['市财政局', '0', '5', '0', '0', '0', '0', '—', '0']);

    expect(lines).toContain('五、逾期任务清单（8项）');
    expect(rowFrom(lines, '完成数据共享平台建设', 5)).toEqual([
      '完成数据共享平台建设',
      '市发展改革委、市政务服务局',
      '2026-11-05',
      '17',
      '督办',
    ]);
    expect(lines[lines.length - 1]).toBe('另有7项未列出。');
  });

  it('prints 无 for empty tables', async () => {
    const empty = { total: 0, items: [] };
    const lines = await paragraphs(
      await buildWeeklyReportDocx(
        snapshot({
          documents: [],
          agencies: [],
          overdue: empty,
          changes: { newlyCompleted: empty, newlyOverdue: empty, missingReports: empty, extensionsGranted: empty },
        }),
      ),
    );

    for (const heading of ['三、各文件推进情况', '四、各单位推进情况', '五、逾期任务清单（0项）']) {
      expect(lines[lines.indexOf(heading) + 1]).toBe('无');
    }
    expect(lines.filter((line) => line === '无')).toHaveLength(7);
    expect(lines).not.toContain('文件');
  });

  it('uses CJK fonts, repeats table headers and lays the page out landscape', async () => {
    const zip = await JSZip.loadAsync(await buildWeeklyReportDocx(snapshot()));
    const documentXml = await zip.file('word/document.xml')!.async('string');
    const stylesXml = await zip.file('word/styles.xml')!.async('string');

    expect(stylesXml).toContain('w:eastAsia="SimSun"');
    expect(stylesXml).toContain('w:eastAsia="SimHei"');
    expect(documentXml.match(/<w:tblHeader\/>/g)).toHaveLength(3);
    expect(documentXml).toMatch(/<w:pgSz [^>]*w:orient="landscape"/);
  });
});
