import { toOriginalSpan, type CleanText } from './clean.js';
import { parseChineseNumeral } from './numerals.js';
import type { BestPracticeCase, CaseSection } from './types.js';

interface Line {
  from: number;
  to: number;
  text: string;
}

/** Lines of the cleaned text in [from, to), split where the original had newlines. */
export function linesOf(clean: CleanText, from: number, to: number): Line[] {
  const lines: Line[] = [];
  let start = from;
  for (let i = from + 1; i <= to; i++) {
    if (i === to || clean.lineStart[i]) {
      if (i > start) lines.push({ from: start, to: i, text: clean.text.slice(start, i) });
      start = i;
    }
  }
  return lines;
}

const NUMBERED_HEADING_RE = /^[-*\s]*(?:案例\s*)?(\d{1,3})\s*[.．、:：](?!\d)\s*(\S.{1,90})$/;
const PROVIDER_RE = /^[(（]([^()（）]{2,80})提供[)）]$/;

type SectionKind = 'practices' | 'effects' | 'nextSteps';

function sectionKind(line: string): SectionKind | null {
  const name = line
    .replace(/^(?:[一二三四五六七八九十]{1,2}、|\d{1,2}[.、]|[(（][一二三四五六七八九十]{1,2}[)）])\s*/, '')
    .replace(/[:：。]$/, '');
  if (name.length > 16 || /[,，。;；]/.test(name)) return null;
  if (/^下一步/.test(name)) return 'nextSteps';
  if (/^(主要|具体|经验|创新)?做法$/.test(name)) return 'practices';
  if (/(效果|成效|成果)$/.test(name) && name.length <= 10) return 'effects';
  return null;
}

/** True when the text holds best-practice cases (做法 and 效果 sections). */
export function looksLikeCases(text: string): boolean {
  return /主要做法|经验做法/.test(text) && /实践效果|取得成效|工作成效|主要成效|实施效果|意义和效果/.test(text);
}

function isPlainHeadingLine(text: string): boolean {
  return (
    text.length >= 4 && text.length <= 60 && !/[。;；,，:：]$/.test(text) && !/。/.test(text) && !PROVIDER_RE.test(text)
  );
}

const CHAPTER_RE = /^([一二三四五六七八九十]{1,3})、/;
const PAGE_NUMBER_LINE = /^\d{1,3}$/;

/** A category line above a case title: short (`金融服务创新`) or named as such (`特色探索类案例`). */
function isCategoryLine(t: string): boolean {
  return isPlainHeadingLine(t) && !/[,，]/.test(t) && (t.length <= 12 || /(类案例|类|案例)$/.test(t));
}

/** A line that ends a paragraph: sentence end, a page number left by a PDF, or a category line. */
function endsParagraph(t: string): boolean {
  return /[。!?！？”」]$/.test(t) || PAGE_NUMBER_LINE.test(t);
}

/**
 * Reads the best-practice cases of a document in cleaned range [from, to). A case opens with
 * its first chapter: a practices section (`一、主要做法`) or, in cases written without one, a
 * first `一、` chapter right after the case's title and introduction. The title is the numbered
 * heading above it (`案例 3.…`, `3.…`), else the last heading line that starts a paragraph.
 */
export function extractCases(clean: CleanText, from: number, to: number): BestPracticeCase[] {
  const lines = linesOf(clean, from, to);
  const anchors = lines
    .map((l, i) => (sectionKind(l.text) === 'practices' || CHAPTER_RE.exec(l.text)?.[1] === '一' ? i : -1))
    .filter((i) => i >= 0);
  if (!anchors.some((i) => sectionKind(lines[i].text) === 'practices')) return [];
  // case headings: numbered lines followed by a practices section before the next numbered line
  const headingIdx: number[] = [];
  const anchorIdx: number[] = [];
  let searchFrom = 0;
  for (const p of anchors) {
    const isPractices = sectionKind(lines[p].text) === 'practices';
    let found = -1;
    for (let i = p - 1; i >= searchFrom; i--) {
      const t = lines[i].text;
      if (/\.{3,}|…{2,}/.test(t)) break;
      if (!isPractices && (CHAPTER_RE.test(t) || sectionKind(t))) break;
      if (NUMBERED_HEADING_RE.test(t) && t.length <= 90 && !/。$/.test(t)) {
        found = i;
        break;
      }
    }
    if (found < 0) {
      // unnumbered: the title is the last short line before the introduction paragraph
      for (let i = p - 1; i >= searchFrom; i--) {
        const t = lines[i].text;
        if (!isPractices && (CHAPTER_RE.test(t) || sectionKind(t))) break;
        if (PROVIDER_RE.test(t) || PAGE_NUMBER_LINE.test(t)) continue;
        let before = i - 1;
        while (before > searchFrom && PAGE_NUMBER_LINE.test(lines[before].text)) before--;
        const prevLine = i > searchFrom ? lines[before].text : '';
        if (
          isPlainHeadingLine(t) &&
          !/[,，]/.test(t) &&
          (i === searchFrom || endsParagraph(prevLine) || isCategoryLine(prevLine))
        ) {
          found = i;
          break;
        }
      }
    }
    if (found >= 0) {
      headingIdx.push(found);
      anchorIdx.push(p);
      searchFrom = p + 1;
    } else if (isPractices) searchFrom = p + 1;
  }
  const cases: BestPracticeCase[] = [];
  let category: string | null = null;
  for (let h = 0; h < headingIdx.length; h++) {
    const start = headingIdx[h];
    const end = h + 1 < headingIdx.length ? headingIdx[h + 1] : lines.length;
    const headingLine = lines[start];
    const prev = start > 0 ? lines[start - 1].text : '';
    if (
      prev &&
      prev.length <= 30 &&
      !/[。,，;；:：]$/.test(prev) &&
      !PROVIDER_RE.test(prev) &&
      !NUMBERED_HEADING_RE.test(prev) &&
      !/\.{3,}|…{2,}/.test(prev) &&
      /[\u4e00-\u9fff]/.test(prev)
    )
      category = prev.replace(/^[-*\s]+/, '');
    let headingText = headingLine.text;
    // a heading wrapped onto a second line, just before the provider line
    const next = lines[start + 1]?.text ?? '';
    if (
      next &&
      next.length <= 30 &&
      !PROVIDER_RE.test(next) &&
      !sectionKind(next) &&
      PROVIDER_RE.test(lines[start + 2]?.text ?? '')
    )
      headingText += next;
    const numbered = headingText.match(NUMBERED_HEADING_RE);
    let lastLine = end;
    // a category line right before the next case belongs to the next case
    if (h + 1 < headingIdx.length) {
      const before = lines[end - 1]?.text ?? '';
      if (before.length <= 30 && !/[。,，;；:：)）]$/.test(before) && end - 1 > start) lastLine = end - 1;
    }
    const body = lines.slice(start + 1, lastLine);
    let provider: string | null = null;
    for (const l of body) {
      const m = l.text.match(PROVIDER_RE);
      if (m) {
        provider = m[1];
        break;
      }
    }
    cases.push({
      number: numbered ? numbered[1] : null,
      title: (numbered ? numbered[2] : headingText).trim(),
      category,
      provider,
      ...(sectionKind(lines[anchorIdx[h]].text) === 'practices'
        ? readSections(clean, body)
        : readChapters(clean, lines.slice(anchorIdx[h], lastLine))),
      span: toOriginalSpan(clean, headingLine.from, lines[lastLine - 1].to),
    });
  }
  return cases;
}

/**
 * Sections of a case written without 主要做法/成效 headings: its chapters (`一、…`, `二、…`) are
 * the practices, and the closing paragraph that starts with `下一步` gives the next steps.
 */
function readChapters(clean: CleanText, body: Line[]): Record<SectionKind, CaseSection[]> {
  const out: Record<SectionKind, CaseSection[]> = { practices: [], effects: [], nextSteps: [] };
  if (body.length === 0) return out;
  const starts: number[] = [];
  body.forEach((l, i) => {
    const m = CHAPTER_RE.exec(l.text);
    if (m && parseChineseNumeral(m[1]) === starts.length + 1) starts.push(i);
  });
  const end = body[body.length - 1].to;
  const lastFrom = body[starts[starts.length - 1] ?? 0].from;
  const tail = clean.text.slice(lastFrom, end);
  const next = tail.search(/(?:^|(?<=[。!?！？]))下一步[，,]/);
  const nextAt = next >= 0 ? lastFrom + next : end;
  starts.forEach((s, k) => {
    const a = body[s].from;
    const b = k + 1 < starts.length ? body[starts[k + 1]].from : nextAt;
    if (b > a) out.practices.push({ text: clean.text.slice(a, b), span: toOriginalSpan(clean, a, b) });
  });
  if (nextAt < end)
    out.nextSteps.push({ text: clean.text.slice(nextAt, end), span: toOriginalSpan(clean, nextAt, end) });
  return out;
}

function readSections(clean: CleanText, body: Line[]): Record<SectionKind, CaseSection[]> {
  const out: Record<SectionKind, CaseSection[]> = { practices: [], effects: [], nextSteps: [] };
  let current: SectionKind | null = null;
  let sectionLines: Line[] = [];
  const flush = (): void => {
    if (current) out[current].push(...sectionItems(clean, sectionLines));
    sectionLines = [];
  };
  for (const l of body) {
    const kind = sectionKind(l.text);
    if (kind) {
      flush();
      current = kind;
      continue;
    }
    if (PROVIDER_RE.test(l.text)) continue;
    if (current) sectionLines.push(l);
  }
  flush();
  return out;
}

const ITEM_MARKERS: { re: RegExp; value: (m: RegExpMatchArray) => number }[] = [
  { re: /^[(（]([一二三四五六七八九十]{1,3})[)）]/, value: (m) => parseChineseNumeral(m[1]) },
  { re: /^([一二三四五六七八九十]{1,3})是/, value: (m) => parseChineseNumeral(m[1]) },
  { re: /^(\d{1,2})[.、．](?!\d)/, value: (m) => Number(m[1]) },
  { re: /^[(（](\d{1,2})[)）]/, value: (m) => Number(m[1]) },
];

/** Items of a section: numbered sub-items when present, else paragraphs. */
function sectionItems(clean: CleanText, lines: Line[]): CaseSection[] {
  if (lines.length === 0) return [];
  for (const marker of ITEM_MARKERS) {
    const starts: number[] = [];
    let expected = 1;
    lines.forEach((l, i) => {
      const m = l.text.match(marker.re);
      if (m && marker.value(m) === expected) {
        starts.push(i);
        expected++;
      }
    });
    if (starts.length >= 1 && starts[0] <= 1) {
      return starts.map((s, k) => {
        const last = k + 1 < starts.length ? starts[k + 1] : lines.length;
        return toSection(clean, lines.slice(s, last));
      });
    }
  }
  // paragraphs: a paragraph ends with a line ending a sentence
  const items: CaseSection[] = [];
  let para: Line[] = [];
  for (const l of lines) {
    para.push(l);
    if (/[。!？?！]$/.test(l.text)) {
      items.push(toSection(clean, para));
      para = [];
    }
  }
  if (para.length) items.push(toSection(clean, para));
  return items;
}

function toSection(clean: CleanText, lines: Line[]): CaseSection {
  const from = lines[0].from;
  const to = lines[lines.length - 1].to;
  return { text: clean.text.slice(from, to), span: toOriginalSpan(clean, from, to) };
}
