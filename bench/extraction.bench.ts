/**
 * Extraction throughput on the five seed documents, warm, beside the floor of merely decoding
 * and NFKC-normalising the same text.   npx tsx bench/extraction.bench.ts
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { extractFromText } from '../libs/extraction/src/index.js';

const seedDir = join(process.cwd(), 'samples', 'seeds');
if (!existsSync(seedDir)) {
  console.error(`seed folder not found: ${seedDir}`);
  process.exit(1);
}
const files = readdirSync(seedDir)
  .filter((f) => f.endsWith('.txt'))
  .sort();
const bytes = files.map((f) => readFileSync(join(seedDir, f)));
const texts = bytes.map((b) => new TextDecoder().decode(b));
const megabytes = bytes.reduce((n, b) => n + b.length, 0) / 1e6;

function timeIt(label: string, rounds: number, run: () => void, mb = megabytes): number {
  for (let i = 0; i < 3; i++) run(); // warm-up
  const t0 = performance.now();
  for (let i = 0; i < rounds; i++) run();
  const ms = (performance.now() - t0) / rounds;
  console.log(
    `${label.padEnd(34)} ${ms.toFixed(2).padStart(8)} ms   ${(mb / (ms / 1000)).toFixed(1).padStart(7)} MB/s`,
  );
  return ms;
}

const floor = timeIt('decode + NFKC (floor)', 20, () => {
  for (const b of bytes) new TextDecoder().decode(b).normalize('NFKC');
});
const full = timeIt('extractFromText, all five seeds', 20, () => {
  for (const t of texts) extractFromText(t);
});
const compilation = texts[files.findIndex((f) => f.startsWith('003_'))];
const compilationMb = bytes[files.findIndex((f) => f.startsWith('003_'))]?.length / 1e6;
if (compilation) timeIt('  of which seed 003 alone', 20, () => extractFromText(compilation), compilationMb);
console.log(
  `input ${megabytes.toFixed(3)} MB in ${files.length} files; extraction / floor = ${(full / floor).toFixed(1)}x`,
);
