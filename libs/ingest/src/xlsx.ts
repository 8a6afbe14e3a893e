import ExcelJS from 'exceljs';

function cellText(value: ExcelJS.CellValue): string {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  if (typeof value === 'object') {
    if ('richText' in value) return value.richText.map((r) => r.text).join('');
    if ('text' in value && typeof value.text === 'string') return value.text;
    if ('result' in value) return cellText(value.result as ExcelJS.CellValue);
    return '';
  }
  return String(value);
}

/**
 * Rows of every worksheet, cells as text. The text form puts one row per line with cells
 * separated by TABs (line breaks inside cells become spaces), which the extractor reads as a
 * task table.
 */
export async function decodeXlsx(bytes: Uint8Array): Promise<{ text: string; rows: string[][] }> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength) as unknown as ArrayBuffer);
  const rows: string[][] = [];
  const lines: string[] = [];
  workbook.eachSheet((sheet) => {
    sheet.eachRow({ includeEmpty: false }, (row) => {
      const cells: string[] = [];
      const count = row.cellCount;
      for (let c = 1; c <= count; c++)
        cells.push(
          cellText(row.getCell(c).value)
            .replace(/[\t\r\n]+/g, ' ')
            .trim(),
        );
      while (cells.length && !cells[cells.length - 1]) cells.pop();
      if (cells.length === 0) return;
      rows.push(cells);
      lines.push(cells.length >= 3 ? cells.join('\t') : cells.filter(Boolean).join(' '));
    });
  });
  return { text: lines.join('\n'), rows };
}
