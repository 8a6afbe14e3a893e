import { createHash } from 'node:crypto';
import { extractFromText, type ExtractOptions, type ExtractionResult } from '../../extraction/src/index.js';
import { decodeFile, type DecodeOptions } from './decode.js';

export interface ExtractionOutput {
  format: 1;
  source: { file: string; sha256: string; encoding: string; chars: number; text?: string };
  documents: ExtractionResult['documents'];
  agencies: ExtractionResult['agencies'];
  warnings: ExtractionResult['warnings'];
}

/** Decode + extract + the `source` block of the output format 1. */
export async function extractFile(
  bytes: Uint8Array,
  fileName: string,
  opts: DecodeOptions & ExtractOptions = {},
): Promise<ExtractionOutput> {
  const decoded = await decodeFile(bytes, fileName, opts);
  const result = extractFromText(decoded.text, opts);
  const baseName = fileName.split(/[\\/]/).pop() ?? fileName;
  const source: ExtractionOutput['source'] = {
    file: baseName,
    sha256: createHash('sha256').update(bytes).digest('hex'),
    encoding: decoded.encoding,
    chars: decoded.text.length,
  };
  // offsets of derived text can only be checked against that text
  if (decoded.kind !== 'txt') source.text = decoded.text;
  return { format: 1, source, ...result };
}
