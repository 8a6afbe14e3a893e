import { PassThrough, Writable } from 'node:stream';
import { describe, expect, it } from '@jest/globals';
import ExcelJS from 'exceljs';
import type { LedgerRow } from '../report-types.js';
import { LIGHT_FILLS, type LedgerXlsxMeta, writeLedgerXlsx } from './ledger-xlsx.js';

const row = (overrides: Partial<LedgerRow> = {}): LedgerRow => ({
  documentTitle: '关于开展营商环境创新试点的实施方案',
  sectionPath: '二、主要任务 › （三）优化政务服务',
  number: '12',
  title: '推进“高效办成一件事”，实现企业开办全程网办',
  leadAgencies: ['市政务服务局', '市市场监管局'],
  coAgencies: ['市公安局'],
  internalDivision: '审批处；综合处',
  deadline: '2026-12-31',
  originalDeadline: '2026-10-31',
  ongoing: false,
  status: 'in_progress',
  light: 'red',
  latestProgress: '2026-W47 60% 已完成系统联调\n下周试运行',
  daysOverdue: 5,
  ...overrides,
});

async function* from<T>(items: Iterable<T>): AsyncGenerator<T> {
  for (const item of items) yield item;
}

async function* generated(count: number): AsyncGenerator<LedgerRow> {
  for (let i = 1; i <= count; i++) {
    yield row({
      number: `${i}`,
      title: `任务${i}`,
      light: (['green', 'blue', 'yellow', 'red', 'none'] as const)[i % 5],
    });
  }
}

async function write(
  rows: AsyncIterable<LedgerRow>,
  meta: LedgerXlsxMeta = {
    title: '试点任务台账',
    generatedAt: new Date('2026-11-23T01:30:00Z'),
    filterSummary: '状态：办理中',
  },
): Promise<{ count: number; sheet: ExcelJS.Worksheet }> {
  const output = new PassThrough();
  const chunks: Buffer[] = [];
  output.on('data', (chunk: Buffer) => chunks.push(chunk));
  const count = await writeLedgerXlsx(rows, output, meta);
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(Buffer.concat(chunks) as unknown as ArrayBuffer);
  const sheet = workbook.getWorksheet('台账');
  if (!sheet) throw new Error('no 台账 sheet');
  return { count, sheet };
}

const values = (r: ExcelJS.Row, columns = 13): unknown[] =>
  Array.from({ length: columns }, (_, i) => r.getCell(i + 1).value);

describe('writeLedgerXlsx', () => {
  it('writes the title lines, the header and the rows in Chinese', async () => {
    const { count, sheet } = await write(
      from([
        row(),
        row({
          number: '13',
          ongoing: true,
          deadline: null,
          originalDeadline: null,
          coAgencies: [],
          status: 'completed',
          light: 'none',
          latestProgress: '',
          daysOverdue: 0,
        }),
      ]),
    );

    expect(count).toBe(2);
    expect(sheet.getCell('A1').value).toBe('试点任务台账');
    expect(sheet.getCell('A2').value).toBe('生成时间：2026-11-23 09:30　筛选条件：状态：办理中');
    expect(values(sheet.getRow(3))).toEqual([
      '序号',
      '文件',
      '章节',
      '编号',
      '任务',
      '牵头单位',
      '协办单位',
      '局内主责处室',
      '完成时限',
      '状态',
      '预警',
      '最新进展',
      '逾期天数',
    ]);
    expect(values(sheet.getRow(4))).toEqual([
      1,
      '关于开展营商环境创新试点的实施方案',
      '二、主要任务 › （三）优化政务服务',
      '12',
      '推进“高效办成一件事”，实现企业开办全程网办',
      '市政务服务局、市市场监管局',
      '市公安局',
      '审批处；综合处',
      '2026-12-31（原 2026-10-31）',
      '办理中',
      '红灯',
      '2026-W47 60% 已完成系统联调\n下周试运行',
      5,
    ]);
    expect(values(sheet.getRow(5)).slice(8)).toEqual(['持续推进', '已办结', '无', null, null]);
    expect(sheet.getCell('G5').value).toBeNull();
  });

  it('freezes the header, sizes, wraps and colours the cells, and filters the table', async () => {
    const { sheet } = await write(from([row(), row({ light: 'yellow' }), row({ light: 'none' })]));

    expect(sheet.views[0]).toMatchObject({ state: 'frozen', ySplit: 3 });
    expect(sheet.getColumn(5).width).toBe(50);
    expect(sheet.getColumn(12).width).toBe(50);
    expect(sheet.getColumn(1).width).toBeLessThan(10);
    expect(sheet.getCell('E4').alignment).toMatchObject({ wrapText: true, vertical: 'top' });
    expect(sheet.getCell('L4').alignment).toMatchObject({ wrapText: true, vertical: 'top' });
    expect(sheet.getCell('K4').fill).toMatchObject({
      type: 'pattern',
      pattern: 'solid',
      fgColor: { argb: LIGHT_FILLS.red },
    });
    expect(sheet.getCell('K5').fill).toMatchObject({ fgColor: { argb: LIGHT_FILLS.yellow } });
    expect(sheet.getCell('K6').fill).not.toMatchObject({ pattern: 'solid' });
    expect(sheet.getCell('E3').font).toMatchObject({ bold: true });
    expect(sheet.getCell('E3').fill).toMatchObject({ type: 'pattern', pattern: 'solid' });
    expect(sheet.autoFilter).toBe('A3:M6');
    expect(sheet.getCell('A1').isMerged).toBe(true);
    expect(sheet.getCell('M1').master.address).toBe('A1');
  });

  it('streams a large ledger row by row', async () => {
    const { count, sheet } = await write(generated(2500), { title: '台账', generatedAt: new Date() });

    expect(count).toBe(2500);
    expect(sheet.rowCount).toBe(3 + 2500);
    expect(sheet.getCell('A2503').value).toBe(2500);
    expect(sheet.getCell('E2503').value).toBe('任务2500');
    expect(sheet.getCell('K2503').value).toBe('绿灯');
    expect(sheet.getCell('K2502').value).toBe('无');
    expect(sheet.getCell('K2501').value).toBe('红灯');
    expect(sheet.getCell('A2').value).not.toContain('筛选条件');
  });

  it('writes only the title lines and header for an empty ledger', async () => {
    const { count, sheet } = await write(from([]));

    expect(count).toBe(0);
    expect(sheet.rowCount).toBe(3);
    expect(sheet.getCell('B3').value).toBe('文件');
  });

  it('rejects and destroys the output when the rows fail', async () => {
    async function* failing(): AsyncGenerator<LedgerRow> {
      yield row();
      throw new Error('cursor lost');
    }
    const output = new Writable({ write: (_chunk, _encoding, callback) => callback() });
    const errors: Error[] = [];
    output.on('error', (error) => errors.push(error));

    await expect(writeLedgerXlsx(failing(), output, { title: '台账', generatedAt: new Date() })).rejects.toThrow(
      'cursor lost',
    );
    expect(output.destroyed).toBe(true);
    await new Promise((resolve) => setImmediate(resolve));
    expect(errors.map((e) => e.message)).toEqual(['cursor lost']);
  });

  it('sends the workbook out while the rows are still coming', async () => {
    const output = new PassThrough();
    let received = 0;
    output.on('data', (chunk: Buffer) => (received += chunk.length));
    let receivedBeforeLastRow = 0;
    async function* rows(): AsyncGenerator<LedgerRow> {
      yield* generated(5000);
      receivedBeforeLastRow = received;
    }

    await writeLedgerXlsx(rows(), output, { title: '台账', generatedAt: new Date() });

    expect(receivedBeforeLastRow).toBeGreaterThan(0);
    expect(received).toBeGreaterThan(receivedBeforeLastRow);
  });
});
