import iconv from 'iconv-lite';
import { IngestError } from './errors.js';

export type FileKind = 'txt' | 'docx' | 'pdf' | 'xlsx';

export interface DecodedFile {
  text: string;
  encoding: string;
  kind: FileKind;
  /** rows of a task table (spreadsheets), cells as text */
  table?: string[][];
}

export interface DecodeOptions {
  /** refuse files larger than this (bytes); default 20 MB */
  maxBytes?: number;
}

export const DEFAULT_MAX_BYTES = 20 * 1024 * 1024;

export function fileKind(fileName: string): FileKind | null {
  const ext = fileName.toLowerCase().match(/\.([a-z0-9]+)$/)?.[1];
  return ext === 'txt' || ext === 'docx' || ext === 'pdf' || ext === 'xlsx' ? ext : null;
}

function isValidUtf8(bytes: Uint8Array): boolean {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    return true;
  } catch {
    return false;
  }
}

/** Text files: UTF-8 (with or without BOM), else GB18030 (a superset of GBK and GB2312). */
export function decodeText(bytes: Uint8Array): { text: string; encoding: string } {
  if (bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf)
    return { text: new TextDecoder('utf-8').decode(bytes.subarray(3)), encoding: 'utf-8-bom' };
  if (bytes.length >= 2 && ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff))) {
    const le = bytes[0] === 0xff;
    return {
      text: new TextDecoder(le ? 'utf-16le' : 'utf-16be').decode(bytes.subarray(2)),
      encoding: le ? 'utf-16le' : 'utf-16be',
    };
  }
  if (looksBinary(bytes)) throw new IngestError('BINARY_FILE', 'the file holds binary data, not text');
  if (isValidUtf8(bytes)) return { text: new TextDecoder('utf-8').decode(bytes), encoding: 'utf-8' };
  const text = iconv.decode(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), 'gb18030');
  const replaced = (text.match(/\ufffd/g) ?? []).length;
  if (replaced > Math.max(2, text.length / 100))
    throw new IngestError('DECODE_FAILED', 'the text is neither UTF-8 nor GB18030');
  return { text, encoding: 'gb18030' };
}

/** NUL bytes or many control characters mean binary content. */
function looksBinary(bytes: Uint8Array): boolean {
  const sample = bytes.subarray(0, 8192);
  let control = 0;
  for (const b of sample) {
    if (b === 0) return true;
    if (b < 0x20 && b !== 0x09 && b !== 0x0a && b !== 0x0d && b !== 0x0c && b !== 0x1b) control++;
  }
  return control > sample.length / 20;
}

/** Decodes a file by its name's extension; refuses anything it cannot read with an IngestError. */
export async function decodeFile(input: Uint8Array, fileName: string, opts: DecodeOptions = {}): Promise<DecodedFile> {
  const bytes = input instanceof Uint8Array ? input : new Uint8Array(input);
  const kind = fileKind(fileName);
  if (!kind)
    throw new IngestError('UNSUPPORTED_TYPE', `unsupported file type: ${fileName} (accepted: .txt .docx .pdf .xlsx)`);
  const maxBytes = opts.maxBytes ?? DEFAULT_MAX_BYTES;
  if (bytes.length > maxBytes)
    throw new IngestError('FILE_TOO_LARGE', `file is ${bytes.length} bytes, above the limit of ${maxBytes} bytes`);
  if (bytes.length === 0) throw new IngestError('EMPTY_FILE', 'the file is empty');
  if (kind === 'txt') {
    const { text, encoding } = decodeText(bytes);
    if (!text.trim()) throw new IngestError('EMPTY_FILE', 'the file holds no text');
    return { text, encoding, kind };
  }
  try {
    if (kind === 'docx') {
      const { decodeDocx } = await import('./docx.js');
      return nonEmpty({ text: await decodeDocx(bytes), encoding: 'docx', kind });
    }
    if (kind === 'pdf') {
      const { decodePdf } = await import('./pdf.js');
      return nonEmpty({ text: await decodePdf(bytes), encoding: 'pdf', kind });
    }
    const { decodeXlsx } = await import('./xlsx.js');
    const { text, rows } = await decodeXlsx(bytes);
    return nonEmpty({ text, encoding: 'xlsx', kind, table: rows });
  } catch (error) {
    if (error instanceof IngestError) throw error;
    const reason = error instanceof Error ? error.message : String(error);
    throw new IngestError('DECODE_FAILED', `cannot read ${fileName} as .${kind}: ${reason.split('\n')[0]}`);
  }
}

function nonEmpty(file: DecodedFile): DecodedFile {
  if (!file.text.trim()) throw new IngestError('EMPTY_FILE', `the .${file.kind} file holds no text`);
  return file;
}
