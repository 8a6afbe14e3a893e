/**
 * Prints the extraction of one policy file as JSON (format 1).
 *   npm run --silent extract -- FILE [--pretty]
 * Exit codes: 0 success, 2 usage error, 1 the file cannot be read or decoded.
 */
import { readFile } from 'node:fs/promises';
import { IngestError } from '../libs/ingest/src/errors.js';
import { extractFile } from '../libs/ingest/src/extract-file.js';

const USAGE = 'usage: npm run --silent extract -- FILE [--pretty]';

async function main(argv: string[]): Promise<number> {
  const pretty = argv.includes('--pretty');
  const files = argv.filter((a) => a !== '--pretty');
  if (files.length !== 1 || files[0].startsWith('-')) {
    process.stderr.write(`${USAGE}\n`);
    return 2;
  }
  const file = files[0];
  let bytes: Buffer;
  try {
    bytes = await readFile(file);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'READ_FAILED';
    process.stderr.write(`cannot read ${file}: ${code}\n`);
    return 1;
  }
  try {
    const output = await extractFile(bytes, file);
    process.stdout.write(JSON.stringify(output, null, pretty ? 2 : undefined) + '\n');
    return 0;
  } catch (error) {
    if (error instanceof IngestError) {
      process.stderr.write(`${error.code}: ${error.message}\n`);
      return 1;
    }
    const message = error instanceof Error ? error.message : String(error);
    process.stderr.write(`extraction failed: ${message.split('\n')[0]}\n`);
    return 1;
  }
}

process.exitCode = await main(process.argv.slice(2));
