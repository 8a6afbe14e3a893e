import {
  AlignmentType,
  Document,
  Footer,
  HeadingLevel,
  Packer,
  PageNumber,
  PageOrientation,
  Paragraph,
  ShadingType,
  Table,
  TableCell,
  TableRow,
  TextRun,
  VerticalAlignTable,
  WidthType,
} from 'docx';
import type {
  CappedList,
  SnapshotAgencyRow,
  SnapshotDocumentRow,
  SnapshotOverdueRow,
  SnapshotTask,
  WeeklySnapshotData,
} from '../report-types.js';
import {
  escalationLevelLabel,
  formatPercent,
  formatShanghaiMinute,
  IDEOGRAPHIC_SPACE,
  joinAgencies,
  LIGHT_LABELS,
} from './labels.js';

export interface WeeklyReportMeta {
  /** The office issuing the report, printed under the title. */
  organisation?: string;
}

const BODY_FONT = { ascii: 'Times New Roman', hAnsi: 'Times New Roman', eastAsia: 'SimSun' };
const HEADING_FONT = { ascii: 'Times New Roman', hAnsi: 'Times New Roman', eastAsia: 'SimHei' };
/** Half-points: 小四 for the body, 五号 in tables. */
const BODY_SIZE = 24;
const TABLE_SIZE = 21;
/** A4 landscape less 2.54 cm margins, in twips, so the wide tables fit. */
const PAGE_MARGIN = 1440;
const CONTENT_WIDTH = 16838 - 2 * PAGE_MARGIN;
const NONE = '无';
const DASH = '—';

/** `2026-W47` → `2026年第47周`; anything else is printed as it is. */
function weekLabel(period: string): string {
  const match = /^(\d{4})-W(\d{2})$/.exec(period);
  return match ? `${match[1]}年第${Number(match[2])}周` : period;
}

/** `2026-11-16`, `2026-11-22` → `2026年11月16日至11月22日` (the year repeated only when it changes). */
function dateRange(start: string, end: string): string {
  const [y1, m1, d1] = start.split('-').map(Number);
  const [y2, m2, d2] = end.split('-').map(Number);
  return `${y1}年${m1}月${d1}日至${y2 === y1 ? '' : `${y2}年`}${m2}月${d2}日`;
}

function heading(text: string, level: typeof HeadingLevel.HEADING_1 | typeof HeadingLevel.HEADING_2): Paragraph {
  return new Paragraph({ heading: level, text });
}

function body(text: string, options: { indent?: boolean } = {}): Paragraph {
  // 首行缩进两字, as official documents do.
  return new Paragraph({ text, indent: options.indent ? { firstLine: 2 * BODY_SIZE * 10 } : undefined });
}

function notListed(list: CappedList<unknown>): Paragraph[] {
  const rest = list.total - list.items.length;
  return rest > 0 ? [body(`另有${rest}项未列出。`)] : [];
}

interface Column {
  header: string;
  /** Relative width. */
  weight: number;
  numeric?: boolean;
}

function cell(text: string, width: number, options: { header?: boolean; numeric?: boolean }): TableCell {
  return new TableCell({
    width: { size: width, type: WidthType.DXA },
    verticalAlign: VerticalAlignTable.CENTER,
    shading: options.header ? { type: ShadingType.CLEAR, color: 'auto', fill: 'D9E2F3' } : undefined,
    margins: { left: 80, right: 80, top: 40, bottom: 40 },
    children: text.split('\n').map(
      (line) =>
        new Paragraph({
          alignment: options.header || options.numeric ? AlignmentType.CENTER : AlignmentType.LEFT,
          spacing: { before: 0, after: 0, line: 240 },
          children: [new TextRun({ text: line, bold: options.header, size: TABLE_SIZE })],
        }),
    ),
  });
}

function table(columns: Column[], rows: string[][]): Table {
  const totalWeight = columns.reduce((sum, c) => sum + c.weight, 0);
  const widths = columns.map((c) => Math.floor((CONTENT_WIDTH * c.weight) / totalWeight));
  return new Table({
    width: { size: CONTENT_WIDTH, type: WidthType.DXA },
    columnWidths: widths,
    rows: [
      new TableRow({
        tableHeader: true,
        cantSplit: true,
        children: columns.map((c, i) => cell(c.header, widths[i], { header: true })),
      }),
      ...rows.map(
        (values) =>
          new TableRow({
            cantSplit: true,
            children: values.map((v, i) => cell(v, widths[i], { numeric: columns[i].numeric })),
          }),
      ),
    ],
  });
}

function changeSection<T extends SnapshotTask>(
  title: string,
  list: CappedList<T>,
  detail: (task: T) => string = () => '',
): Paragraph[] {
  const lines = list.items.map((task, i) => {
    const leads = task.leadAgencies.length ? `（牵头单位：${joinAgencies(task.leadAgencies)}）` : '';
    return body(
      `${i + 1}. ${task.documentTitle}${IDEOGRAPHIC_SPACE}${task.number}${IDEOGRAPHIC_SPACE}${task.title}${leads}${detail(task)}`,
    );
  });
  return [
    heading(`${title}（${list.total}项）`, HeadingLevel.HEADING_2),
    ...(lines.length ? lines : [body(NONE)]),
    ...notListed(list),
  ];
}

function documentTable(documents: SnapshotDocumentRow[]): Table | Paragraph {
  if (!documents.length) return body(NONE);
  const lights = (['red', 'yellow', 'blue', 'green'] as const).map((light) => ({
    header: LIGHT_LABELS[light],
    weight: 1,
    numeric: true,
  }));
  return table(
    [
      { header: '文件', weight: 6 },
      { header: '任务数', weight: 1.2, numeric: true },
      { header: '办理中', weight: 1.2, numeric: true },
      { header: '已办结', weight: 1.2, numeric: true },
      { header: '逾期', weight: 1, numeric: true },
      { header: '完成率', weight: 1.3, numeric: true },
      ...lights,
    ],
    documents.map((d) => [
      d.title,
      String(d.tasks),
      String(d.inProgress),
      String(d.completed),
      String(d.overdue),
      formatPercent(d.completionRate),
      String(d.lights.red),
      String(d.lights.yellow),
      String(d.lights.blue),
      String(d.lights.green),
    ]),
  );
}

function agencyTable(agencies: SnapshotAgencyRow[]): Table | Paragraph {
  if (!agencies.length) return body(NONE);
  return table(
    [
      { header: '单位', weight: 4 },
      { header: '牵头', weight: 1, numeric: true },
      { header: '协办', weight: 1, numeric: true },
      { header: '已办结', weight: 1.2, numeric: true },
      { header: '逾期', weight: 1, numeric: true },
      { header: '应报', weight: 1, numeric: true },
      { header: '按时报送', weight: 1.4, numeric: true },
      { header: '按时率', weight: 1.3, numeric: true },
      { header: '平均逾期天数', weight: 1.6, numeric: true },
    ],
    agencies.map((a) => [
      a.name,
      String(a.lead),
      String(a.co),
      String(a.completed),
      String(a.overdue),
      String(a.reportsDue),
      String(a.reportsOnTime),
      a.punctuality === null ? DASH : formatPercent(a.punctuality),
      String(Math.round(a.averageDaysOverdue * 10) / 10),
    ]),
  );
}

function overdueTable(overdue: CappedList<SnapshotOverdueRow>): (Table | Paragraph)[] {
  if (!overdue.items.length) return [body(NONE), ...notListed(overdue)];
  return [
    table(
      [
        { header: '文件', weight: 4 },
        { header: '编号', weight: 1.2 },
        { header: '任务', weight: 7 },
        { header: '牵头单位', weight: 3 },
        { header: '完成时限', weight: 1.8, numeric: true },
        { header: '逾期天数', weight: 1.4, numeric: true },
        { header: '督办层级', weight: 1.4, numeric: true },
      ],
      overdue.items.map((t) => [
        t.documentTitle,
        t.number,
        t.title,
        joinAgencies(t.leadAgencies),
        t.deadline ?? DASH,
        String(t.daysOverdue),
        escalationLevelLabel(t.escalationLevel) || DASH,
      ]),
    ),
    ...notListed(overdue),
  ];
}

function summary(data: WeeklySnapshotData): string {
  const { totals, changes } = data;
  const completed = totals.byStatus.completed + totals.byStatus.closed;
  const lights = (['red', 'yellow', 'blue', 'green'] as const)
    .map((light) => `${LIGHT_LABELS[light]}${totals.byLight[light]}项`)
    .join('、');
  return (
    `共${totals.tasks}项任务，已办结${completed}项（完成率${formatPercent(totals.completionRate)}），` +
    `逾期${totals.overdue}项，${lights}。` +
    `本周新办结${changes.newlyCompleted.total}项，新增逾期${changes.newlyOverdue.total}项，` +
    `未按时报送周报${changes.missingReports.total}项，批准延期${changes.extensionsGranted.total}项。`
  );
}

/** The weekly report (周报) of one snapshot as a .docx, zh-CN, A4 landscape. */
export async function buildWeeklyReportDocx(data: WeeklySnapshotData, meta: WeeklyReportMeta = {}): Promise<Buffer> {
  const title = `试点任务推进情况周报（${weekLabel(data.period)}）`;
  const centred = (text: string) => new Paragraph({ alignment: AlignmentType.CENTER, text });

  const document = new Document({
    title,
    creator: meta.organisation ?? '试点任务督办',
    styles: {
      default: {
        document: {
          run: { font: BODY_FONT, size: BODY_SIZE },
          paragraph: { spacing: { after: 80, line: 360 } },
        },
        title: {
          run: { font: HEADING_FONT, size: 36, bold: true, color: '000000' },
          paragraph: { alignment: AlignmentType.CENTER, spacing: { after: 120 } },
        },
        heading1: {
          run: { font: HEADING_FONT, size: 32, bold: false, color: '000000' },
          paragraph: { spacing: { before: 240, after: 120 }, keepNext: true },
        },
        heading2: {
          run: { font: HEADING_FONT, size: 28, bold: false, color: '000000' },
          paragraph: { spacing: { before: 160, after: 80 }, keepNext: true },
        },
      },
    },
    sections: [
      {
        properties: {
          page: {
            size: { orientation: PageOrientation.LANDSCAPE },
            margin: { top: PAGE_MARGIN, bottom: PAGE_MARGIN, left: PAGE_MARGIN, right: PAGE_MARGIN },
          },
        },
        footers: {
          default: new Footer({
            children: [
              new Paragraph({
                alignment: AlignmentType.CENTER,
                children: [new TextRun({ children: ['第 ', PageNumber.CURRENT, ' 页'], size: TABLE_SIZE })],
              }),
            ],
          }),
        },
        children: [
          new Paragraph({ heading: HeadingLevel.TITLE, text: title }),
          centred(`统计周期：${dateRange(data.periodStart, data.periodEnd)}`),
          ...(meta.organisation ? [centred(meta.organisation)] : []),
          centred(`生成时间：${formatShanghaiMinute(new Date(data.builtAt))}`),

          heading('一、总体情况', HeadingLevel.HEADING_1),
          body(summary(data), { indent: true }),

          heading('二、本周变化', HeadingLevel.HEADING_1),
          ...changeSection('（一）本周新办结', data.changes.newlyCompleted),
          ...changeSection('（二）新增逾期', data.changes.newlyOverdue, (t) =>
            t.deadline ? `，完成时限${t.deadline}` : '',
          ),
          ...changeSection('（三）未按时报送周报', data.changes.missingReports),
          ...changeSection('（四）批准延期', data.changes.extensionsGranted, (t) =>
            t.from ? `，完成时限由${t.from}延至${t.to}` : `，完成时限延至${t.to}`,
          ),

          heading('三、各文件推进情况', HeadingLevel.HEADING_1),
          documentTable(data.documents),

          heading('四、各单位推进情况', HeadingLevel.HEADING_1),
          agencyTable(data.agencies),

          heading(`五、逾期任务清单（${data.overdue.total}项）`, HeadingLevel.HEADING_1),
          ...overdueTable(data.overdue),
        ],
      },
    ],
  });
  return Packer.toBuffer(document);
}
