import { describe, it, expect } from '@jest/globals';
import { decodeFile } from './decode.js';
import { extractFile } from './extract-file.js';

/**
 * A minimal valid PDF 1.4 with a text layer: one page, the standard Type1 font Helvetica, one
 * text line per entry. The cross-reference table is computed, so the file is well formed.
 */
function minimalPdf(lines: string[]): Uint8Array {
  const escape = (s: string): string => s.replace(/([\\()])/g, '\\$1');
  const stream = ['BT', '/F1 12 Tf', '14 TL', '72 720 Td', ...lines.map((l) => `(${escape(l)}) Tj T*`), 'ET'].join(
    '\n',
  );
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>',
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>',
    `<< /Length ${stream.length} >>\nstream\n${stream}\nendstream`,
  ];
  let pdf = '%PDF-1.4\n';
  const offsets: number[] = [];
  objects.forEach((body, i) => {
    offsets.push(pdf.length);
    pdf += `${i + 1} 0 obj\n${body}\nendobj\n`;
  });
  const xref = pdf.length;
  pdf += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  for (const o of offsets) pdf += `${String(o).padStart(10, '0')} 00000 n \n`;
  pdf += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return new TextEncoder().encode(pdf);
}

describe('PDF ingest (pdfjs legacy build)', () => {
  const lines = ['Work plan', '1. Build the task ledger.', '2. Review the results.'];

  it('reads the text layer of a hand-built PDF, one line per text line', async () => {
    const decoded = await decodeFile(minimalPdf(lines), 'plan.pdf');
    expect(decoded.kind).toBe('pdf');
    expect(decoded.encoding).toBe('pdf');
    for (const line of lines) expect(decoded.text).toContain(line);
    expect(decoded.text.indexOf('1. Build')).toBeLessThan(decoded.text.indexOf('2. Review'));
  });

  it('extracts items from a PDF and returns the decoded text so offsets can be checked', async () => {
    const out = await extractFile(minimalPdf(lines), 'plan.pdf');
    expect(out.source.encoding).toBe('pdf');
    const text = out.source.text ?? '';
    expect(text).toContain('1. Build the task ledger.');
    const tasks = out.documents.flatMap((d) => d.tasks);
    expect(tasks.map((t) => t.number)).toEqual(['1', '2']);
    for (const t of tasks) expect(/^\d\./.test(text.slice(t.span.start, t.span.end))).toBe(true);
  });

  it('refuses a truncated PDF with DECODE_FAILED', async () => {
    const bytes = minimalPdf(lines).subarray(0, 60);
    await expect(decodeFile(bytes, 'broken.pdf')).rejects.toMatchObject({ code: 'DECODE_FAILED' });
  });
});
