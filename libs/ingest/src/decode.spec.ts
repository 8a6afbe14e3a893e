import { describe, it, expect } from '@jest/globals';
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import JSZip from 'jszip';
import { decodeFile } from './decode.js';
import { IngestError } from './errors.js';
import { extractFile } from './extract-file.js';

const utf8 = (s: string): Uint8Array => new TextEncoder().encode(s);

async function expectCode(p: Promise<unknown>, code: string): Promise<void> {
  await expect(p).rejects.toBeInstanceOf(IngestError);
  await expect(p).rejects.toMatchObject({ code });
}

async function minimalDocx(paragraphs: string[]): Promise<Uint8Array> {
  const zip = new JSZip();
  zip.file(
    '[Content_Types].xml',
    '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>',
  );
  zip.file(
    '_rels/.rels',
    '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>',
  );
  const body = paragraphs.map((p) => `<w:p><w:r><w:t>${p}</w:t></w:r></w:p>`).join('');
  zip.file(
    'word/document.xml',
    `<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>${body}</w:body></w:document>`,
  );
  return zip.generateAsync({ type: 'uint8array' });
}

describe('decodeFile', () => {
  it('reads UTF-8 with and without BOM', async () => {
    expect(await decodeFile(utf8('一、任务'), 'a.txt')).toMatchObject({
      text: '一、任务',
      encoding: 'utf-8',
      kind: 'txt',
    });
    const bom = new Uint8Array([0xef, 0xbb, 0xbf, ...utf8('一、任务')]);
    expect(await decodeFile(bom, 'a.txt')).toMatchObject({ text: '一、任务', encoding: 'utf-8-bom' });
  });

  it('detects GB18030 text', async () => {
    const bytes = iconv.encode('（责任单位：市财政局）完成时限：2021年6月底', 'gb18030');
    const decoded = await decodeFile(bytes, 'gbk.txt');
    expect(decoded.encoding).toBe('gb18030');
    expect(decoded.text).toBe('（责任单位：市财政局）完成时限：2021年6月底');
  });

  it('refuses empty, binary, oversized and unsupported files with stable codes', async () => {
    await expectCode(decodeFile(new Uint8Array(0), 'a.txt'), 'EMPTY_FILE');
    await expectCode(decodeFile(utf8('  \n '), 'a.txt'), 'EMPTY_FILE');
    await expectCode(decodeFile(new Uint8Array([0x50, 0x4b, 0, 1, 2, 3]), 'a.txt'), 'BINARY_FILE');
    await expectCode(decodeFile(utf8('甲'.repeat(100)), 'a.txt', { maxBytes: 10 }), 'FILE_TOO_LARGE');
    await expectCode(decodeFile(utf8('x'), 'a.exe'), 'UNSUPPORTED_TYPE');
    await expectCode(decodeFile(utf8('not a zip'), 'a.docx'), 'DECODE_FAILED');
    await expectCode(decodeFile(utf8('not a pdf'), 'a.pdf'), 'DECODE_FAILED');
  });

  it('reads the text of a .docx', async () => {
    const bytes = await minimalDocx(['一、重点任务', '1.建立机制。（责任单位：市财政局）']);
    const decoded = await decodeFile(bytes, 'plan.docx');
    expect(decoded.kind).toBe('docx');
    expect(decoded.text).toContain('1.建立机制。（责任单位：市财政局）');
    const out = await extractFile(bytes, 'plan.docx');
    expect(out.source.text).toBe(decoded.text);
    const task = out.documents.flatMap((d) => d.tasks).find((t) => t.lead.includes('市财政局'));
    expect(task && decoded.text.slice(task.span.start, task.span.start + 2)).toBe('1.');
  });

  it('reads an .xlsx task table by its headers', async () => {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('任务');
    sheet.addRow(['序号', '任务', '牵头单位', '配合单位', '完成时限']);
    sheet.addRow([1, '建立台账', '市财政局', '市科委、市商务局', '2022年底前']);
    sheet.addRow([2, '开展评估', '市发展改革委', '', '持续推进']);
    const bytes = new Uint8Array(await workbook.xlsx.writeBuffer());
    const decoded = await decodeFile(bytes, 'tasks.xlsx');
    expect(decoded.table?.[1]).toEqual(['1', '建立台账', '市财政局', '市科委、市商务局', '2022年底前']);
    const out = await extractFile(bytes, 'tasks.xlsx');
    const tasks = out.documents.flatMap((d) => d.tasks);
    expect(tasks.map((t) => t.title)).toEqual(['建立台账', '开展评估']);
    expect(tasks[0]).toMatchObject({ lead: ['市财政局'], co: ['市科委', '市商务局'] });
    expect(tasks[0].deadline?.date).toBe('2022-12-31');
    expect(tasks[1].deadline).toMatchObject({ date: null, ongoing: true });
  });

  it('adds the source block with sha256 and char count', async () => {
    const out = await extractFile(utf8('一、任务\n1.甲。'), 'dir/x.txt');
    expect(out.format).toBe(1);
    expect(out.source).toMatchObject({ file: 'x.txt', encoding: 'utf-8', chars: 9 });
    expect(out.source.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(out.source.text).toBeUndefined();
  });
});
