import type { CleanText } from './clean.js';
import { parseChineseNumeral, parseCircled, CIRCLED_CLASS } from './numerals.js';

/** Kinds of item numbers found in Chinese policy text. */
export type MarkerType = 'chapter' | 'article' | 'cn' | 'cnParen' | 'ar' | 'arParen' | 'circled';

export interface Marker {
  type: MarkerType;
  value: number;
  /** the number as printed, e.g. `1`, `(三)`, `十二` */
  label: string;
  /** cleaned offsets: marker start, content start */
  at: number;
  contentAt: number;
}

const CN = '[一二三四五六七八九十百零〇]{1,4}';
const MARKER_RE = new RegExp(
  [
    `(第(${CN})章)`,
    `(第(${CN})条)`,
    `((${CN})、)`,
    `(\\((${CN})\\))`,
    `((\\d{1,3})(?:\\.(?!\\d)|、))`,
    `(\\((\\d{1,3})\\))`,
    `(${CIRCLED_CLASS})`,
  ].join('|'),
  'g',
);

/** Characters after which a new item may begin in running text. */
const BOUNDARY_BEFORE = /[。;!?:)”」』】\]]/;

function isBoundary(clean: CleanText, at: number, from: number): boolean {
  if (at <= from) return true;
  if (clean.lineStart[at] || clean.gapBefore[at]) return true;
  return BOUNDARY_BEFORE.test(clean.text[at - 1]);
}

/** Finds every plausible item number in [from, to) (before the sequence check). */
export function findMarkerCandidates(clean: CleanText, from: number, to: number): Marker[] {
  const text = clean.text;
  const found: Marker[] = [];
  MARKER_RE.lastIndex = from;
  for (let m = MARKER_RE.exec(text); m && m.index < to; m = MARKER_RE.exec(text)) {
    const at = m.index;
    const contentAt = at + m[0].length;
    const next = text[contentAt] ?? '';
    // a number followed by another number or punctuation is a range or a list, not an item
    if (!next || /[\d、.,;:。一二三四五六七八九十)]/.test(next)) continue;
    if (!isBoundary(clean, at, from)) continue;
    let type: MarkerType;
    let value: number;
    let label: string;
    if (m[1]) [type, value, label] = ['chapter', parseChineseNumeral(m[2]), m[1]];
    else if (m[3]) [type, value, label] = ['article', parseChineseNumeral(m[4]), m[3]];
    else if (m[5]) [type, value, label] = ['cn', parseChineseNumeral(m[6]), m[6]];
    else if (m[7]) [type, value, label] = ['cnParen', parseChineseNumeral(m[8]), m[7]];
    else if (m[9]) [type, value, label] = ['ar', Number(m[10]), m[10]];
    else if (m[11]) [type, value, label] = ['arParen', Number(m[12]), m[11]];
    else [type, value, label] = ['circled', parseCircled(m[13]), m[13]];
    if (!Number.isFinite(value) || value < 1) continue;
    found.push({ type, value, label, at, contentAt });
  }
  return found;
}

export interface Item {
  marker: Marker;
  depth: number;
  /** cleaned range of the item, up to the next accepted item */
  end: number;
  /** index of the parent item or -1 */
  parent: number;
  hasChildren: boolean;
}

/**
 * Keeps the markers that continue a numbering sequence: a marker kind already open continues
 * with the next number; a new kind opens a deeper level and must start at 1. This rejects
 * numbers that merely appear in the text.
 */
export function buildItems(candidates: Marker[], to: number): Item[] {
  const stack: { type: MarkerType; value: number; item: number }[] = [];
  const items: Item[] = [];
  // numbering that runs on across sections (`(一) 1. 2. 3. (二) 4.`)
  const lastClosed = new Map<MarkerType, number>();
  const cut = (level: number): void => {
    for (const s of stack.slice(level)) lastClosed.set(s.type, s.value);
    stack.length = level;
  };
  for (const marker of candidates) {
    const level = stack.findIndex((s) => s.type === marker.type);
    if (level >= 0) {
      const expected = stack[level].value + 1;
      if (marker.value !== expected) continue;
      cut(level);
    } else if (marker.value !== 1 && marker.value !== (lastClosed.get(marker.type) ?? -1) + 1) {
      continue;
    }
    const parent = stack.length ? stack[stack.length - 1].item : -1;
    if (parent >= 0) items[parent].hasChildren = true;
    items.push({ marker, depth: stack.length, end: to, parent, hasChildren: false });
    stack.push({ type: marker.type, value: marker.value, item: items.length - 1 });
  }
  for (let i = 0; i < items.length; i++) items[i].end = i + 1 < items.length ? items[i + 1].marker.at : to;
  return items;
}

/** The number as printed, with the parentheses of `(三)` kept. */
export function printedNumber(marker: Marker): string {
  return marker.label;
}
