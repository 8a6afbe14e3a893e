import { describe, expect, it } from '@jest/globals';
import { parse } from 'csv-parse/sync';
import type { Readable } from 'node:stream';
import type { LedgerRow } from '../report-types.js';
import { ledgerCsv } from './ledger-csv.js';

const HEADER = [
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
];

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

async function collect(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk)));
  return Buffer.concat(chunks);
}

describe('ledgerCsv', () => {
  it('writes a BOM, CRLF line ends and the ledger columns in Chinese', async () => {
    const bytes = await collect(
      ledgerCsv(
        from([
          row(),
          row({
            documentTitle: '方案（2026年, 修订）',
            title: '落实“放管服”改革',
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
      ),
    );

    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = bytes.subarray(3).toString('utf8');
    expect(text.startsWith(`${HEADER.join(',')}\r\n`)).toBe(true);
    expect(text.endsWith('\r\n')).toBe(true);
    // Every line break between records is CRLF; the only bare LF is the one inside a quoted cell.
    expect(text.replace(/\r\n/g, '').match(/\n/g)).toHaveLength(1);

    const records: string[][] = parse(text, { relax_column_count: false });
    expect(records).toHaveLength(3);
    expect(records[0]).toEqual(HEADER);
    expect(records[1]).toEqual([
      '1',
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
      '5',
    ]);
    expect(records[2]).toEqual([
      '2',
      '方案（2026年, 修订）',
      '二、主要任务 › （三）优化政务服务',
      '12',
      '落实“放管服”改革',
      '市政务服务局、市市场监管局',
      '',
      '审批处；综合处',
      '持续推进',
      '已办结',
      '无',
      '',
      '',
    ]);
  });

  it('defuses cells Excel would run as formulas', async () => {
    const text = (await collect(ledgerCsv(from([row({ title: '=HYPERLINK("http://x")', number: '@1' })])))).toString();
    const [, record]: string[][] = parse(text, { bom: true });

    expect(record[4]).toBe('\'=HYPERLINK("http://x")');
    expect(record[3]).toBe("'@1");
  });

  it('writes the header alone for an empty ledger', async () => {
    const bytes = await collect(ledgerCsv(from([])));

    expect(bytes.toString('utf8')).toBe(`\uFEFF${HEADER.join(',')}\r\n`);
  });

  it('streams many rows and passes a failing source on as an error', async () => {
    async function* many(): AsyncGenerator<LedgerRow> {
      for (let i = 1; i <= 2500; i++) yield row({ number: `${i}` });
    }
    const records: string[][] = parse(await collect(ledgerCsv(many())), { bom: true });
    expect(records).toHaveLength(2501);
    expect(records[2500][0]).toBe('2500');

    async function* failing(): AsyncGenerator<LedgerRow> {
      yield row();
      throw new Error('cursor lost');
    }
    await expect(collect(ledgerCsv(failing()))).rejects.toThrow('cursor lost');
  });
});
