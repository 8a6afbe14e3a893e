import type { CleanText } from './clean.js';
import type { DocumentKind } from './types.js';

export interface DocumentRange {
  /** cleaned offsets */
  from: number;
  to: number;
  title: string;
  titleEnd: number;
}

const TITLE_SUFFIX =
  /(措施|方案|通知|意见|条例|规定|公告|通告|办法|细则|决定|函|规划|计划|要点|指引|清单|批复|案例|实施意见|若干规定)$/;

/**
 * Table of contents of a compilation: entries end with a page number, often after dot leaders.
 * Returns the entry texts that look like document titles, and where the contents end.
 */
export function readTableOfContents(text: string): { titles: string[]; end: number } | null {
  const head = text.slice(0, Math.min(text.length, 20000));
  const tocAt = head.search(/目录/);
  if (tocAt < 0) return null;
  const leader = /(?:\.{2,}|…+|·{3,}|\.)\s?(\d{1,3})|(?<=[\u4e00-\u9fff”》)])(\d{1,3})(?=[\u4e00-\u9fff“《(])/g;
  leader.lastIndex = tocAt + 2;
  const titles: string[] = [];
  let last = tocAt + 2;
  let lastLeader = -1;
  for (let m = leader.exec(text); m; m = leader.exec(text)) {
    if (lastLeader >= 0 && m.index - lastLeader > 160) break;
    const entry = text.slice(last, m.index).replace(/^[\s\d.、]+/, '');
    if (m[0].length > 0 && /\.{2,}|…/.test(m[0])) lastLeader = m.index;
    else if (lastLeader < 0) lastLeader = m.index;
    last = m.index + m[0].length;
    const title = entry
      .replace(/^第[一二三四五六七八九十]+部分[^\d]*?(?=北京|关于|[\u4e00-\u9fff]{2,}关于)/, '')
      .trim();
    if (TITLE_SUFFIX.test(title) && title.length >= 6) titles.push(title);
    if (/\.{2,}|…/.test(m[0])) lastLeader = m.index;
  }
  if (titles.length < 2) return null;
  return { titles, end: last };
}

/** Splits a compilation into its documents by finding each contents entry in the body. */
export function splitDocuments(clean: CleanText): DocumentRange[] {
  const text = clean.text;
  const toc = readTableOfContents(text);
  const starts: { at: number; title: string }[] = [];
  if (toc) {
    let cursor = toc.end;
    for (const title of toc.titles) {
      const needle = title.slice(0, Math.min(title.length, 16));
      const at = text.indexOf(needle, cursor);
      if (at < 0) continue;
      // the body title may differ slightly from the contents entry: read it from the body
      const bodyTitle = text.slice(at, at + title.length + 4);
      const exact = bodyTitle.startsWith(title);
      starts.push({ at, title: exact ? title : title });
      cursor = at + needle.length;
    }
  }
  if (starts.length < 2) {
    const boundaries = findDocumentStarts(clean);
    const ranges: DocumentRange[] = [];
    const cuts = [0, ...boundaries.filter((b) => b > 0), text.length];
    for (let i = 0; i + 1 < cuts.length; i++) {
      const title = guessTitle(clean, cuts[i], cuts[i + 1]);
      ranges.push({ from: cuts[i], to: cuts[i + 1], title: title.text, titleEnd: title.end });
    }
    return ranges;
  }
  const ranges: DocumentRange[] = [];
  for (let i = 0; i < starts.length; i++) {
    const from = starts[i].at;
    const to = i + 1 < starts.length ? starts[i + 1].at : text.length;
    ranges.push({ from, to, title: starts[i].title, titleEnd: Math.min(to, from + starts[i].title.length) });
  }
  return ranges;
}

const NUMBER_LINE = /^[\u4e00-\u9fff]{1,12}(?:〔\d{4}〕\d{1,4}号|第\d{1,4}号)$/;
const SALUTATION_LINE = /^各[^。;]{2,80}[:：]$/;
const CLOSING_END =
  /^(?:\d{4}年\d{1,2}月\d{1,2}日|[(（](?:此件|本文)[^()（）]{0,12}[)）]|特此(?:通知|公告|通告|函告)。?)$/;

interface TextLine {
  from: number;
  text: string;
}

function textLines(clean: CleanText): TextLine[] {
  const lines: TextLine[] = [];
  const text = clean.text;
  let start = 0;
  for (let i = 1; i <= text.length; i++)
    if (i === text.length || clean.lineStart[i]) {
      lines.push({ from: start, text: text.slice(start, i) });
      start = i;
    }
  return lines;
}

/**
 * Document boundaries of a compilation without a table of contents: a title (one to three
 * lines ending like a document name) directly followed by its 文号 line or by the addressees
 * (`各区人民政府，市政府各委、办、局：`), right after the closing line of the previous document
 * (its date line, `(此件公开发布)`, `特此通知。`). Conservative: anything less is one document.
 */
export function findDocumentStarts(clean: CleanText): number[] {
  const lines = textLines(clean);
  const starts: number[] = [];
  for (let i = 1; i < lines.length; i++) {
    if (!CLOSING_END.test(lines[i - 1].text) || CLOSING_END.test(lines[i].text)) continue;
    let title = '';
    for (let k = i; k < Math.min(lines.length - 1, i + 3); k++) {
      const line = lines[k].text;
      if (/[。;:：]/.test(line) || line.length > 60) break;
      title += line;
      if (title.length > 90) break;
      const next = lines[k + 1].text;
      if (TITLE_SUFFIX.test(title) && (NUMBER_LINE.test(next) || SALUTATION_LINE.test(next))) {
        starts.push(lines[i].from);
        break;
      }
    }
  }
  return starts;
}

/**
 * Title of a single document: its first lines, up to the document number or the addressees.
 * Empty when the text opens with its first numbered item (an extract without a title line).
 */
export function guessTitle(clean: CleanText, from: number, to: number): { text: string; end: number } {
  const text = clean.text;
  let i = from;
  let title = '';
  let lines = 0;
  while (i < to && lines < 4) {
    let j = i + 1;
    while (j < to && !clean.lineStart[j]) j++;
    const line = text.slice(i, j);
    const header =
      /^[^\s]{0,12}〔\d{4}〕\d+号$/.test(line) || /^(附件\d*|中华人民共和国[\u4e00-\u9fff]{1,8})$/.test(line);
    if (header && !title) {
      i = j;
      continue;
    }
    // a numbered first line is the first item, not a title: the document has no title line
    if (
      /^(\d{1,3}[.、]|[一二三四五六七八九十]+、|\([一二三四五六七八九十]+\)|第[一二三四五六七八九十]+条)/.test(line)
    ) {
      if (!title) return { text: '', end: from };
      break;
    }
    if (header || /[:：]$/.test(line) || /。/.test(line) || line.length > 60) break;
    title += line;
    lines++;
    i = j;
    if (TITLE_SUFFIX.test(title)) break;
  }
  if (!title) {
    const m = text
      .slice(from, Math.min(to, from + 120))
      .match(/^[^。:;,]{4,80}?(措施|方案|通知|意见|条例|规定|办法|细则|案例)/);
    title = m ? m[0] : text.slice(from, Math.min(to, from + 30));
    return { text: title, end: from + title.length };
  }
  return { text: title, end: i };
}

export function documentKind(title: string, hasCases: boolean): DocumentKind {
  if (hasCases || /案例/.test(title)) return 'cases';
  // `关于印发《X方案》的通知`: the kind is that of the attached document
  const inner = title.match(/《([^》]+)》/);
  const core = inner && /印发|转发/.test(title) ? inner[1] : title;
  if (/条例|规定|办法|细则|规则/.test(core)) return 'regulation';
  if (/方案|计划|要点|规划|工作措施/.test(core)) return 'work_plan';
  if (/措施|意见|政策/.test(core)) return 'measures';
  if (/通知|公告|通告|函|决定|批复/.test(core)) return 'notice';
  return 'other';
}
