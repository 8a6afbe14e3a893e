import type { Span } from './types.js';

/**
 * Text after clean-up, with a way back to the original offsets.
 * `start[i]`/`end[i]` give the original range of cleaned character i; `lineStart[i]` is 1 when
 * a newline preceded it in the original, `gapBefore[i]` is 1 when any whitespace (or a removed
 * page number) preceded it.
 */
export interface CleanText {
  text: string;
  start: Int32Array;
  end: Int32Array;
  lineStart: Uint8Array;
  gapBefore: Uint8Array;
  originalLength: number;
}

const WHITESPACE = /[\s\u3000\u00a0\ufeff]/;

function isAsciiWordChar(c: string | undefined): boolean {
  return !!c && /[A-Za-z0-9%.+\-/]/.test(c);
}

/** Full-width ASCII forms become ASCII so that `（一）` and `(一)` read alike; all else is kept. */
function normaliseChar(code: number): string {
  if (code >= 0xff01 && code <= 0xff5e) return String.fromCharCode(code - 0xfee0);
  return String.fromCharCode(code);
}

/**
 * Finds page numbers that a PDF text layer left inside the text (`保障范 16 围`): stand-alone
 * numbers between whitespace that form a long increasing run (pages follow each other).
 * Returns the original ranges to drop.
 */
export function findPageNumbers(text: string): Span[] {
  const candidates: { start: number; end: number; value: number }[] = [];
  const re = /(?<=[ \t\n\r\u3000])(\d{1,3})(?=[ \t\n\r\u3000])/g;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    const after = text.slice(m.index + m[1].length).match(/^\s*(\S)/);
    // a number followed by a unit or an operator is content, not a page number
    if (after && /[年月日号万亿元%个项家名倍次件所条款期批届户人位岁天小分秒米吨度级.．:：、-]/.test(after[1]))
      continue;
    candidates.push({ start: m.index, end: m.index + m[1].length, value: Number(m[1]) });
  }
  if (candidates.length < 3) return [];
  // longest chain of increasing page numbers (step 1..3), looking back a bounded number of candidates
  const n = candidates.length;
  const best = new Int32Array(n).fill(1);
  const prev = new Int32Array(n).fill(-1);
  const LOOKBACK = 60;
  for (let i = 0; i < n; i++) {
    for (let j = Math.max(0, i - LOOKBACK); j < i; j++) {
      const step = candidates[i].value - candidates[j].value;
      if (step >= 1 && step <= 3 && best[j] + 1 > best[i]) {
        best[i] = best[j] + 1;
        prev[i] = j;
      }
    }
  }
  let last = 0;
  for (let i = 1; i < n; i++) if (best[i] > best[last]) last = i;
  if (best[last] < 3) return [];
  const chain: Span[] = [];
  for (let i = last; i >= 0; i = prev[i]) chain.push({ start: candidates[i].start, end: candidates[i].end });
  return chain.reverse();
}

/**
 * Removes layout noise while keeping a map to the original: whitespace between Chinese
 * characters (PDF line wraps, `市水 务局`), page numbers inside the text, and full-width ASCII.
 * A single space is kept only between two ASCII words (`5G NR`).
 */
export function cleanText(original: string): CleanText {
  const drop = findPageNumbers(original);
  const n = original.length;
  const chars: string[] = [];
  const start = new Int32Array(n + 1);
  const end = new Int32Array(n + 1);
  const lineStart = new Uint8Array(n + 1);
  const gapBefore = new Uint8Array(n + 1);
  let k = 0;
  let pendingGap = false;
  let pendingNewline = false;
  let gapStart = -1;
  let dropIndex = 0;
  for (let i = 0; i < n; i++) {
    if (dropIndex < drop.length && i === drop[dropIndex].start) {
      i = drop[dropIndex].end - 1;
      dropIndex++;
      pendingGap = true;
      continue;
    }
    const ch = original[i];
    if (WHITESPACE.test(ch)) {
      if (!pendingGap) gapStart = i;
      pendingGap = true;
      if (ch === '\n' || ch === '\r') pendingNewline = true;
      continue;
    }
    const code = original.charCodeAt(i);
    const out = normaliseChar(code);
    if (pendingGap && k > 0 && isAsciiWordChar(chars[k - 1]) && isAsciiWordChar(out) && !pendingNewline) {
      chars.push(' ');
      start[k] = gapStart < 0 ? i : gapStart;
      end[k] = i;
      k++;
    }
    chars.push(out);
    start[k] = i;
    end[k] = i + 1;
    lineStart[k] = pendingNewline || k === 0 ? 1 : 0;
    gapBefore[k] = pendingGap ? 1 : 0;
    k++;
    pendingGap = false;
    pendingNewline = false;
    gapStart = -1;
  }
  start[k] = n;
  end[k] = n;
  lineStart[k] = 1;
  return {
    text: chars.join(''),
    start: start.subarray(0, k + 1),
    end: end.subarray(0, k + 1),
    lineStart: lineStart.subarray(0, k + 1),
    gapBefore: gapBefore.subarray(0, k + 1),
    originalLength: n,
  };
}

/** Maps a cleaned range [from, to) back to the original text. */
export function toOriginalSpan(clean: CleanText, from: number, to: number): Span {
  const len = clean.text.length;
  const a = Math.max(0, Math.min(from, len));
  const b = Math.max(a, Math.min(to, len));
  if (b === a) {
    const at = a < len ? clean.start[a] : clean.originalLength;
    return { start: at, end: at };
  }
  return { start: clean.start[a], end: clean.end[b - 1] };
}
