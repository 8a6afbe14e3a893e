import { pipeline, Readable } from 'node:stream';
import { stringify } from 'csv-stringify';
import type { LedgerRow } from '../report-types.js';
import { LEDGER_HEADERS, ledgerCells } from './labels.js';

async function* records(rows: AsyncIterable<LedgerRow>): AsyncGenerator<(string | number)[]> {
  let index = 0;
  for await (const row of rows) yield ledgerCells(row, ++index);
}

/**
 * The ledger (台账) as CSV for Excel: a UTF-8 BOM first (without it Excel reads the file in the local
 * ANSI code page and garbles the Chinese), CRLF line ends, the same columns as the xlsx. Streams, so
 * the pace of the reader sets the pace of `rows`; an error from `rows` destroys the returned stream.
 */
export function ledgerCsv(rows: AsyncIterable<LedgerRow>): Readable {
  const stringifier = stringify({
    bom: true,
    header: true,
    columns: [...LEDGER_HEADERS],
    record_delimiter: 'windows',
    // Only a full CRLF is quoted by default; a bare LF in 最新进展 would otherwise split the row in Excel.
    quoted_match: /[\r\n]/,
    // Text cells come from uploaded documents; Excel would run a leading `=`, `+`, `-` or `@` as a formula.
    escape_formulas: true,
  });
  return pipeline(Readable.from(records(rows)), stringifier, () => undefined);
}
