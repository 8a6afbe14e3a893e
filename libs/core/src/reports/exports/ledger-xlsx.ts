import { EventEmitter, once } from 'node:events';
import { PassThrough } from 'node:stream';
import { finished } from 'node:stream/promises';
import ExcelJS from 'exceljs';
import type { LedgerRow, Light } from '../report-types.js';
import { formatShanghaiMinute, IDEOGRAPHIC_SPACE, LEDGER_HEADERS, ledgerCells } from './labels.js';

export interface LedgerXlsxMeta {
  title: string;
  generatedAt: Date;
  filterSummary?: string;
}

export const LEDGER_SHEET_NAME = '台账';

const TITLE_ROW = 1;
const INFO_ROW = 2;
const HEADER_ROW = 3;

/** Widths in characters, in LEDGER_HEADERS order; a CJK character takes about two. */
const COLUMN_WIDTHS = [6, 24, 22, 8, 50, 20, 20, 16, 14, 10, 8, 50, 10];
/** 序号 and 逾期天数 are numbers; the rest wrap. */
const NUMERIC_COLUMNS = new Set([1, LEDGER_HEADERS.length]);
const LIGHT_COLUMN = LEDGER_HEADERS.indexOf('预警') + 1;

export const LIGHT_FILLS: Record<Exclude<Light, 'none'>, string> = {
  green: 'FF70AD47',
  blue: 'FF5B9BD5',
  yellow: 'FFFFD966',
  red: 'FFFF5050',
};

const thin: Partial<ExcelJS.Border> = { style: 'thin', color: { argb: 'FFBFBFBF' } };
const borders: Partial<ExcelJS.Borders> = { top: thin, left: thin, bottom: thin, right: thin };
const textStyle: Partial<ExcelJS.Style> = {
  alignment: { wrapText: true, vertical: 'top' },
  border: borders,
};
const numberStyle: Partial<ExcelJS.Style> = {
  alignment: { horizontal: 'center', vertical: 'top' },
  border: borders,
};
const headerStyle: Partial<ExcelJS.Style> = {
  font: { bold: true },
  alignment: { horizontal: 'center', vertical: 'middle', wrapText: true },
  fill: { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFD9E1F2' } },
  border: borders,
};
const lightStyles = new Map<Light, Partial<ExcelJS.Style>>(
  (Object.entries(LIGHT_FILLS) as [Exclude<Light, 'none'>, string][]).map(([light, argb]) => [
    light,
    {
      ...textStyle,
      alignment: { horizontal: 'center', vertical: 'top' },
      font: { bold: true, color: { argb: light === 'yellow' ? 'FF000000' : 'FFFFFFFF' } },
      fill: { type: 'pattern', pattern: 'solid', fgColor: { argb } },
    },
  ]),
);

/** Rows between checks that the zip and the output keep up. */
const ROWS_PER_CHECK = 100;
const lastColumn = (row: number) => `${String.fromCharCode(64 + LEDGER_HEADERS.length)}${row}`;

/**
 * Streams the ledger (台账) as an xlsx workbook into `output`: each row is committed as soon as it is
 * written, strings go inline (no shared-strings table), so memory does not grow with the row count.
 * Resolves with the number of data rows once the workbook is complete.
 */
export async function writeLedgerXlsx(
  rows: AsyncIterable<LedgerRow>,
  output: NodeJS.WritableStream,
  meta: LedgerXlsxMeta,
): Promise<number> {
  // A real stream.Writable in front of `output`, so there is a buffer whose fill level can be read.
  const sink = new PassThrough();
  sink.pipe(output);
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: sink, useSharedStrings: false, useStyles: true });
  workbook.creator = '试点任务督办';
  workbook.created = meta.generatedAt;
  const sheet = workbook.addWorksheet(LEDGER_SHEET_NAME, {
    // The streaming writer puts views in the sheet header, so they must be given here, before any row.
    views: [{ state: 'frozen', xSplit: 0, ySplit: HEADER_ROW, topLeftCell: `A${HEADER_ROW + 1}` }],
    pageSetup: {
      paperSize: 9,
      orientation: 'landscape',
      fitToPage: true,
      fitToWidth: 1,
      fitToHeight: 0,
      printTitlesRow: `${HEADER_ROW}:${HEADER_ROW}`,
    },
  });
  sheet.columns = COLUMN_WIDTHS.map((width) => ({ width }));

  const title = sheet.getRow(TITLE_ROW);
  title.getCell(1).value = meta.title;
  title.getCell(1).style = { font: { bold: true, size: 16 }, alignment: { horizontal: 'center', vertical: 'middle' } };
  title.height = 28;
  sheet.mergeCells(`A${TITLE_ROW}:${lastColumn(TITLE_ROW)}`);

  const info = sheet.getRow(INFO_ROW);
  const summary = meta.filterSummary?.trim();
  info.getCell(1).value =
    `生成时间：${formatShanghaiMinute(meta.generatedAt)}${summary ? `${IDEOGRAPHIC_SPACE}筛选条件：${summary}` : ''}`;
  info.getCell(1).style = { alignment: { vertical: 'middle', wrapText: true } };
  sheet.mergeCells(`A${INFO_ROW}:${lastColumn(INFO_ROW)}`);

  const header = sheet.getRow(HEADER_ROW);
  LEDGER_HEADERS.forEach((label, i) => {
    const cell = header.getCell(i + 1);
    cell.value = label;
    cell.style = headerStyle;
  });
  header.height = 20;
  header.commit();

  // A vanished output (client gone) must end the export, not leave it waiting for a drain forever.
  const abort = new AbortController();
  let outputFinished = false;
  const onFinish = () => (outputFinished = true);
  const onClose = () => outputFinished || abort.abort(new Error('output closed before the workbook was complete'));
  const onError = (error: Error) => abort.abort(error);
  output.once('finish', onFinish);
  output.once('close', onClose);
  output.once('error', onError);
  try {
    const count = await writeRows(sheet, rows, sink, abort.signal);
    // Written when the sheet is committed, so it can cover every data row.
    sheet.autoFilter = `A${HEADER_ROW}:${lastColumn(HEADER_ROW + count)}`;
    sheet.commit();
    await Promise.race([workbook.commit(), rejectOnAbort(abort.signal)]);
    await finished(output);
    return count;
  } catch (error) {
    const reason: unknown = abort.signal.aborted ? abort.signal.reason : error;
    // Destroy rather than end: a truncated workbook must not look like a finished download.
    sink.destroy();
    if (isDestroyable(output)) output.destroy(reason instanceof Error ? reason : undefined);
    throw reason;
  } finally {
    output.removeListener('finish', onFinish);
    output.removeListener('close', onClose);
    output.removeListener('error', onError);
  }
}

async function writeRows(
  sheet: ExcelJS.Worksheet,
  rows: AsyncIterable<LedgerRow>,
  sink: PassThrough,
  signal: AbortSignal,
): Promise<number> {
  let count = 0;
  for await (const ledgerRow of rows) {
    signal.throwIfAborted();
    count++;
    // Blank, not an empty string, so Excel's blank filters and COUNTA treat it as empty.
    const row = sheet.addRow(ledgerCells(ledgerRow, count).map((value) => (value === '' ? null : value)));
    for (let c = 1; c <= LEDGER_HEADERS.length; c++) {
      row.getCell(c).style = NUMERIC_COLUMNS.has(c) ? numberStyle : textStyle;
    }
    const lightStyle = lightStyles.get(ledgerRow.light);
    if (lightStyle) row.getCell(LIGHT_COLUMN).style = lightStyle;
    row.commit();
    if (count % ROWS_PER_CHECK === 0) await keepUp(sheet, sink, signal);
  }
  return count;
}

/**
 * exceljs's sheet stream hands its XML to the zip's input without heeding `write()`'s return value, so a
 * fast row source outruns the deflate and the uncompressed sheet piles up in that input. Waiting for it
 * to drain restores backpressure (from a slow output too, which stalls the zip). The input is reached
 * through exceljs 4 / archiver 5 internals; without them only the output is waited for.
 */
async function keepUp(sheet: ExcelJS.Worksheet, sink: PassThrough, signal: AbortSignal): Promise<void> {
  const sheetStream: unknown = Reflect.get(sheet, 'stream');
  const zipInputs: unknown = sheetStream instanceof EventEmitter ? Reflect.get(sheetStream, 'pipes') : undefined;
  for (const input of Array.isArray(zipInputs) ? zipInputs : []) {
    const state: unknown = input instanceof EventEmitter ? Reflect.get(input, '_writableState') : undefined;
    if (typeof state === 'object' && state !== null && Reflect.get(state, 'needDrain') === true) {
      await once(input, 'drain', { signal });
    }
  }
  if (sink.writableNeedDrain) await once(sink, 'drain', { signal });
}

function rejectOnAbort(signal: AbortSignal): Promise<never> {
  return new Promise((_, reject) => {
    if (signal.aborted) reject(signal.reason);
    else signal.addEventListener('abort', () => reject(signal.reason), { once: true });
  });
}

function isDestroyable(stream: object): stream is { destroy(error?: Error): void } {
  return 'destroy' in stream && typeof stream.destroy === 'function';
}
