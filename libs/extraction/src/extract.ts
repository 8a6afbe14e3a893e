import { applyFirstIsLead, parseResponsibility, statesFirstIsLead, type Owners } from './annotations.js';
import { isCollective, looksLikeAgency, splitAgencyList } from './agencies.js';
import { extractCases, looksLikeCases } from './cases.js';
import { cleanText, toOriginalSpan, type CleanText } from './clean.js';
import { findInlineDeadlines, isOngoingPhrase, parseDeadlineValue, type DeadlineMatch } from './deadline.js';
import { buildItems, findMarkerCandidates, type Item } from './headings.js';
import { resolveAgency, seedRegistry, type AgencyRegistry } from './registry.js';
import { documentKind, splitDocuments, type DocumentRange } from './split.js';
import { readHeader, readRow, type TableLayout } from './table.js';
import type { Deadline, ExtractedDocument, ExtractionResult, ExtractionWarning, Span, Task } from './types.js';

export interface ExtractOptions {
  /** agency registry used to resolve names; defaults to the seed registry */
  registry?: AgencyRegistry;
}

const MAX_TITLE = 60;

/** Extracts documents, tasks, cases and agencies from decoded policy text. Pure and deterministic. */
export function extractFromText(text: string, options: ExtractOptions = {}): ExtractionResult {
  const registry = options.registry ?? seedRegistry();
  const clean = cleanText(text);
  const warnings: ExtractionWarning[] = [];
  const documents: ExtractedDocument[] = [];
  for (const range of splitDocuments(clean)) documents.push(readDocument(text, clean, range, warnings));
  const agencies: Record<string, string> = {};
  for (const doc of documents) {
    for (const task of doc.tasks) {
      for (const name of [...task.lead, ...task.co]) {
        if (name in agencies) continue;
        const canonical = resolveAgency(name, registry);
        agencies[name] = canonical ?? name;
        if (!canonical && !isCollective(name))
          warnings.push({ code: 'UNKNOWN_AGENCY', message: `agency not in the registry: ${name}`, span: task.span });
      }
    }
  }
  return { documents, agencies, warnings };
}

function readDocument(
  original: string,
  clean: CleanText,
  range: DocumentRange,
  warnings: ExtractionWarning[],
): ExtractedDocument {
  const docText = clean.text.slice(range.from, range.to);
  const span = toOriginalSpan(clean, range.from, range.to);
  const isCases = looksLikeCases(docText);
  const cases = isCases ? extractCases(clean, range.from, range.to) : [];
  const tasks: Task[] = [];
  if (cases.length === 0) {
    const firstIsLead = statesFirstIsLead(docText);
    const tables = readTables(original, clean, span, firstIsLead);
    tasks.push(...tables.tasks);
    const candidates = findMarkerCandidates(clean, range.titleEnd, range.to).filter(
      (m) => !tables.ranges.some((r) => m.at >= r.from && m.at < r.to),
    );
    const items = endItemsAtClosing(clean, buildItems(candidates, range.to), range.titleEnd, range.to);
    tasks.push(...readTasks(clean, items, firstIsLead, warnings));
    tasks.sort((a, b) => a.span.start - b.span.start);
  }
  warnings.push(...ownerWarnings(tasks, range.title, span));
  if (tasks.length === 0 && cases.length === 0)
    warnings.push({ code: 'EMPTY_DOCUMENT', message: `no numbered item found in "${range.title}"`, span });
  let preamble = '';
  for (let i = range.from; i < range.titleEnd; i++) preamble += (clean.lineStart[i] ? '\n' : '') + clean.text[i];
  const meta = readMetadata(clean, range, preamble);
  return { title: range.title, ...meta, kind: documentKind(range.title, cases.length > 0), span, tasks, cases };
}

/** Lines that open the closing part of a document: annexes, publication notes, distribution. */
const CLOSING_LINE =
  /^(?:附件(?:[\d一二三四五六七八九十]{0,3}(?:[:：].*)?)$|[(（](?:此件|本文|此页)[^()（）]{0,12}[)）]$|(?:抄送|主送|印发|联系人)[:：])/;
const DATE_LINE = /^\d{4}年\d{1,2}月\d{1,2}日$/;
const SIGNATURE_LINE =
  /^[\u4e00-\u9fff()（）]{2,40}(局|委员会|委|院|厅|部|政府|办公厅|办公室|管委会|署|海关|行|中心|会)$/;

/**
 * Cleaned offsets where the closing part of a document begins: a signature followed by its
 * date line, a date line of its own, `附件`, `(此件公开发布)`, `抄送:`. Only whole lines count.
 */
export function findClosingLines(clean: CleanText, from: number, to: number): number[] {
  const out: number[] = [];
  let prevStart = -1;
  let prevLine = '';
  for (let i = from; i < to;) {
    let j = i + 1;
    while (j < to && !clean.lineStart[j]) j++;
    const line = clean.text.slice(i, j);
    if (clean.lineStart[i] || i === from) {
      if (DATE_LINE.test(line)) out.push(prevStart >= 0 && SIGNATURE_LINE.test(prevLine) ? prevStart : i);
      else if (CLOSING_LINE.test(line)) out.push(i);
    }
    prevStart = i;
    prevLine = line;
    i = j;
  }
  return out;
}

/** True when clean range [from, to) runs over more than one line. */
function spansLines(clean: CleanText, from: number, to: number): boolean {
  for (let k = from + 1; k < to; k++) if (clean.lineStart[k]) return true;
  return false;
}

/**
 * An item ends at the closing part of the document (signature, date line, 附件) rather than
 * running on into it. The last item of a document whose sibling items are each one paragraph
 * also ends with its first paragraph: what follows is the document's closing text.
 */
export function endItemsAtClosing(clean: CleanText, items: Item[], from: number, to: number): Item[] {
  if (items.length === 0) return items;
  const closing = findClosingLines(clean, from, to);
  for (const item of items) {
    const cut = closing.find((c) => c > item.marker.at && c < item.end);
    if (cut !== undefined) item.end = cut;
  }
  const last = items[items.length - 1];
  const siblings = items.filter(
    (it) => it !== last && it.parent === last.parent && it.marker.type === last.marker.type,
  );
  if (
    siblings.length >= 2 &&
    siblings.every((it) => !spansLines(clean, it.marker.at, it.end)) &&
    spansLines(clean, last.marker.at, last.end)
  ) {
    let k = last.marker.contentAt + 1;
    while (k < last.end && !clean.lineStart[k]) k++;
    for (const item of items) if (item.end > k && item.marker.at < k) item.end = k;
  }
  return items;
}

const hasOwner = (t: Task): boolean => t.lead.length + t.co.length > 0;

/**
 * Owner warnings that help a reviewer: a document with tasks but no responsibility annotation
 * at all gets one DOCUMENT_WITHOUT_OWNERS; otherwise a task without owner is flagged only where
 * most of its sibling tasks (same heading path) are annotated, so that an omission stands out.
 */
export function ownerWarnings(tasks: Task[], title: string, docSpan: Span): ExtractionWarning[] {
  if (tasks.length === 0) return [];
  const owned = tasks.filter(hasOwner).length;
  if (owned === 0)
    return [
      {
        code: 'DOCUMENT_WITHOUT_OWNERS',
        message: `none of the ${tasks.length} tasks of "${title}" names a responsible agency`,
        span: docSpan,
      },
    ];
  const groups = new Map<string, Task[]>();
  for (const t of tasks) {
    const key = t.path.join('\u0000');
    groups.set(key, [...(groups.get(key) ?? []), t]);
  }
  const out: ExtractionWarning[] = [];
  for (const t of tasks) {
    if (hasOwner(t)) continue;
    const group = groups.get(t.path.join('\u0000')) ?? [];
    const groupOwned = group.filter(hasOwner).length;
    if (groupOwned >= 2 && groupOwned * 2 >= group.length)
      out.push({
        code: 'TASK_WITHOUT_OWNER',
        message: `task ${t.number} has no responsible agency, unlike ${groupOwned} of the ${group.length} tasks beside it`,
        span: t.span,
      });
  }
  return out;
}

const ORG_END = /(局|委员会|委|院|厅|部|政府|办公厅|办公室|管委会|署|会|海关|行|中心)$/;

const DOC_NUMBER_RE = /[\u4e00-\u9fff]{1,10}(?:[〔[【]\d{4}[〕\]】]\s*\d{1,4}\s*号|第\s*\d{1,4}\s*号)/g;
const DATE_RE = /(\d{4})年(\d{1,2})月(\d{1,2})日/g;
const ISSUER_NAME = new RegExp(`${ORG_END.source.slice(0, -1)}(?:\\([^()]{2,20}\\))?$`);

/** A document number standing on its own, not one cited in brackets (`(京政发〔2021〕3号)`). */
function standaloneNumber(text: string): string | null {
  for (const m of text.matchAll(DOC_NUMBER_RE)) {
    const at = m.index ?? 0;
    const before = text[at - 1] ?? '';
    const after = text[at + m[0].length] ?? '';
    if (/[(《“]/.test(before) || /[)》”]/.test(after)) continue;
    return m[0].replace(/\s+/g, '');
  }
  return null;
}

/**
 * The signature above a date line: one or more issuing bodies, each printed as its own word
 * (`北京市财政局 国家税务总局北京市税务局 北京市科学技术委员会`), with PDF line wraps inside a
 * name joined back. Null when the text before the date is not a list of bodies.
 */
export function readSignature(clean: CleanText, from: number, dateAt: number): string[] | null {
  const start = Math.max(from, dateAt - 300);
  const window = clean.text.slice(start, dateAt);
  const cut = Math.max(...[...'。;!?:”」》'].map((c) => window.lastIndexOf(c)));
  const base = start + cut + 1;
  if (base >= dateAt) return null;
  const fragments: string[] = [];
  let frag = '';
  for (let k = base; k < dateAt; k++) {
    if (k > base && (clean.gapBefore[k] || clean.lineStart[k]) && frag) {
      fragments.push(frag);
      frag = '';
    }
    frag += clean.text[k];
  }
  if (frag) fragments.push(frag);
  const names: string[] = [];
  let current = '';
  for (const f of fragments) {
    current += f;
    if (ISSUER_NAME.test(current) && current.length >= 2) {
      names.push(current);
      current = '';
    }
  }
  // text before the first body (the end of a sentence without a full stop) is not a signature
  while (names.length > 0 && (names[0].length > 40 || !looksLikeAgency(names[0].replace(/\(.*\)$/, '')))) names.shift();
  if (current || names.length === 0) return null;
  if (!names.every((n) => n.length <= 40 && looksLikeAgency(n.replace(/\(.*\)$/, '')))) return null;
  return names;
}

/**
 * Number, issuer and date of a document. When several bodies sign, `issuer` lists them in printed
 * order joined with `、` (the first is the lead issuer); a title naming the issuer
 * (`国务院办公厅关于…`) is used when the signature does not list more bodies than the title names.
 */
function readMetadata(
  clean: CleanText,
  range: DocumentRange,
  preamble: string,
): Pick<ExtractedDocument, 'docNumber' | 'issuer' | 'issuedOn'> {
  const docText = clean.text.slice(range.from, range.to);
  const titleLength = range.titleEnd - range.from;
  // the document number follows the title (or sits on a line of its own before it)
  const head = docText.slice(Math.max(0, titleLength), titleLength + 600);
  const number = standaloneNumber(head) ?? preamble.split('\n').map(standaloneNumber).find(Boolean) ?? null;
  let signature: string[] | null = null;
  let issuedOn: string | null = null;
  for (const m of docText.matchAll(DATE_RE)) {
    const names = readSignature(clean, range.from, range.from + (m.index ?? 0));
    if (names) {
      signature = names;
      issuedOn = `${m[1]}-${m[2].padStart(2, '0')}-${m[3].padStart(2, '0')}`;
      break;
    }
  }
  let issuer: string | null = range.title.match(/^(.{2,40}?)关于/)?.[1] ?? null;
  if (issuer && !ORG_END.test(issuer)) issuer = null;
  if (signature && (!issuer || (signature.length > 1 && signature.join('') === issuer))) issuer = signature.join('、');
  return { docNumber: number, issuer, issuedOn };
}

/**
 * Heading text of an item as it appears in a path: its number and words up to the first
 * sentence end, line break or child item, so that headings never run into each other.
 */
export function headingText(clean: CleanText, item: Item, stopAt: number): string {
  const text = clean.text;
  const from = item.marker.contentAt;
  let end = Math.min(stopAt, from + 50);
  for (let k = from + 1; k < end; k++)
    if (clean.lineStart[k]) {
      end = k;
      break;
    }
  const stop = text.slice(from, end).search(/[。;]/);
  if (stop >= 0) end = from + stop;
  return text.slice(item.marker.at, end).replace(/[:,、]+$/, '');
}

/**
 * Short title of a task: a heading line of its own (`一、指导思想` followed by the text on the
 * next line), else the first sentence without its annotation.
 */
export function shortTitle(content: string, firstLineEnd = -1): string {
  const stop = content.search(/[。;!?]/);
  let title = stop >= 0 ? content.slice(0, stop) : content;
  if (firstLineEnd > 0 && firstLineEnd < title.length && firstLineEnd <= 40) title = title.slice(0, firstLineEnd);
  const paren = title.search(/\((?:责任|牵头|市级|配合|协办)/);
  if (paren >= 0) title = title.slice(0, paren);
  if (title.length > MAX_TITLE) title = title.slice(0, MAX_TITLE);
  return title.replace(/[:,、]+$/, '');
}

/** Length of the first line of clean range [from, to), or -1 when it has no line break. */
function firstLineLength(clean: CleanText, from: number, to: number): number {
  for (let k = from + 1; k < to; k++) if (clean.lineStart[k]) return k - from;
  return -1;
}

function readTasks(clean: CleanText, items: Item[], firstIsLead: boolean, warnings: ExtractionWarning[]): Task[] {
  const tasks: Task[] = [];
  items.forEach((item, index) => {
    if (item.hasChildren || item.marker.type === 'chapter') return;
    const path: string[] = [];
    for (let p = item.parent; p >= 0; p = items[p].parent)
      path.unshift(headingText(clean, items[p], items[p + 1]?.marker.at ?? items[p].end));
    const units = annotatedUnits(clean, item.marker.contentAt, item.end);
    if (units.length < 2) {
      tasks.push(
        makeTask(
          clean,
          item.marker.label,
          path,
          item.marker.at,
          item.marker.contentAt,
          item.end,
          firstIsLead,
          warnings,
        ),
      );
      return;
    }
    // unnumbered paragraphs that each carry their own annotation: one task per paragraph
    const heading = headingText(clean, item, items[index + 1]?.marker.at ?? item.end);
    units.forEach((u, k) => {
      const from = k === 0 ? item.marker.at : u.from;
      const task = makeTask(
        clean,
        `${item.marker.label}-${k + 1}`,
        [...path, heading],
        from,
        u.from,
        u.to,
        firstIsLead,
        warnings,
      );
      if (k === 0) {
        // the item's own heading sentence is in the path; the title is the unit's first sentence
        const rest = clean.text.slice(u.from, u.to);
        const stop = rest.search(/[。;]/);
        const after = stop >= 0 && stop <= 40 ? rest.slice(stop + 1) : '';
        if (after && !/^\(/.test(after)) task.title = shortTitle(after);
      }
      tasks.push(task);
    });
  });
  return tasks;
}

function makeTask(
  clean: CleanText,
  number: string,
  path: string[],
  at: number,
  contentAt: number,
  end: number,
  firstIsLead: boolean,
  warnings: ExtractionWarning[],
): Task {
  const content = clean.text.slice(contentAt, end);
  const details = readTaskDetails(content, firstIsLead);
  const span = toOriginalSpan(clean, at, end);
  if (details.deadlines.length > 1)
    warnings.push({
      code: 'AMBIGUOUS_DEADLINE',
      message: `task ${number} states several dates (${details.deadlines.map((d) => d.raw).join(', ')}); the latest is used`,
      span,
    });
  return {
    number,
    path,
    title: shortTitle(content, firstLineLength(clean, contentAt, end)),
    text: clean.text.slice(at, end),
    lead: details.owners.lead,
    co: details.owners.co,
    internalDivision: details.internalDivision,
    deadline: details.deadline,
    span,
  };
}

/**
 * Units of an item written as unnumbered paragraphs, each closed by its own responsibility
 * annotation (`……。（生态环境部牵头，国家发展改革委参与）` on every paragraph). A unit ends after
 * its annotation; text after a paragraph's last annotation stays with it. Returns one unit or
 * none when fewer than two paragraphs carry an annotation (the item is then one task).
 */
export function annotatedUnits(clean: CleanText, from: number, to: number): { from: number; to: number }[] {
  const paragraphs: { from: number; to: number }[] = [];
  let start = from;
  for (let k = from + 1; k <= to; k++)
    if (k === to || clean.lineStart[k]) {
      if (clean.text.slice(start, k).trim()) paragraphs.push({ from: start, to: k });
      start = k;
    }
  if (paragraphs.length < 2) return [];
  const ends = paragraphs.map((p) =>
    parentheses(clean.text.slice(p.from, p.to))
      .filter((g) => parseResponsibility(g.content))
      .map((g) => p.from + g.to),
  );
  if (ends.filter((e) => e.length > 0).length < 2) return [];
  const units: { from: number; to: number }[] = [];
  paragraphs.forEach((p, i) => {
    let unitStart = p.from;
    for (const e of ends[i]) {
      // the last annotation of a paragraph closes the paragraph's last unit
      if (e === ends[i][ends[i].length - 1]) break;
      if (!/[\u4e00-\u9fffA-Za-z0-9]/.test(clean.text.slice(e, p.to))) break;
      units.push({ from: unitStart, to: e });
      unitStart = e;
    }
    units.push({ from: unitStart, to: p.to });
  });
  return units;
}

interface TaskDetails {
  owners: Owners;
  internalDivision: string | null;
  deadline: Deadline | null;
  deadlines: DeadlineMatch[];
}

/** Parenthesised groups of a text (outermost level), with their content. */
export function parentheses(text: string): { from: number; to: number; content: string }[] {
  const groups: { from: number; to: number; content: string }[] = [];
  let depth = 0;
  let open = -1;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '(') {
      if (depth === 0) open = i;
      depth++;
    } else if (c === ')' && depth > 0) {
      depth--;
      if (depth === 0) groups.push({ from: open, to: i + 1, content: text.slice(open + 1, i) });
    }
  }
  return groups;
}

const FIELD_STOP = '(?=局内主责处室|主责处室|完成时限|完成时间|时间节点|责任单位|牵头单位|[。;(]|$)';
const DEADLINE_FIELD = new RegExp(`(?:完成时限|完成时间|时间节点|时限要求|办结时限)[:：]\\s*(.+?)${FIELD_STOP}`);
const DIVISION_FIELD = new RegExp(`(?:局内主责处室|主责处室|责任处室)[:：]\\s*(.+?)${FIELD_STOP}`);

export function readTaskDetails(content: string, firstIsLead: boolean): TaskDetails {
  let owners: Owners = { lead: [], co: [], undivided: false };
  const groups = parentheses(content);
  let annotationText = '';
  for (const g of groups) {
    const parsed = parseResponsibility(g.content);
    if (!parsed) continue;
    annotationText += g.content;
    owners = {
      lead: [...new Set([...owners.lead, ...parsed.lead])],
      co: [...new Set([...owners.co, ...parsed.co])],
      undivided: owners.lead.length === 0 ? parsed.undivided : owners.undivided && parsed.undivided,
    };
  }
  if (owners.lead.length === 0 && owners.co.length === 0) {
    // labelled owners outside parentheses: `牵头单位:A;配合单位:B`
    const labelled = content.match(/(?:市级)?(?:牵头单位|责任单位|责任部门|牵头部门)[:：][^。]*/);
    if (labelled) {
      const parsed = parseResponsibility(labelled[0].replace(/(?:局内主责处室|主责处室|完成时限|完成时间).*$/, ''));
      if (parsed) owners = parsed;
    }
  }
  if (firstIsLead) owners = applyFirstIsLead(owners);
  owners = { ...owners, co: owners.co.filter((c) => !owners.lead.includes(c)) };

  const divisionMatch = content.match(DIVISION_FIELD);
  const internalDivision = divisionMatch ? divisionMatch[1].trim() : null;

  let deadline: Deadline | null = null;
  const field = content.match(DEADLINE_FIELD);
  const parsedField = field ? parseDeadlineValue(field[1]) : null;
  let deadlines: DeadlineMatch[] = [];
  if (parsedField) {
    deadline = { raw: parsedField.raw, date: parsedField.date, ongoing: parsedField.ongoing };
  } else {
    deadlines = dedupeDates(findInlineDeadlines(content));
    if (deadlines.length > 0) {
      const latest = deadlines.reduce((a, b) => ((b.date ?? '') > (a.date ?? '') ? b : a));
      deadline = { raw: latest.raw, date: latest.date, ongoing: false };
    } else if (annotationText && isOngoingPhrase(annotationText)) {
      deadline = {
        raw: annotationText.match(/持续推进|长期坚持|长期推进|持续开展|长期/)?.[0] ?? '',
        date: null,
        ongoing: true,
      };
    }
  }
  return { owners, internalDivision, deadline, deadlines };
}

function dedupeDates(list: DeadlineMatch[]): DeadlineMatch[] {
  const seen = new Set<string>();
  return list.filter((d) => {
    const key = d.date ?? d.raw;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** Task tables written as TAB-separated rows (annexes, converted spreadsheets). */
function readTables(
  original: string,
  clean: CleanText,
  docSpan: Span,
  firstIsLead: boolean,
): { tasks: Task[]; ranges: { from: number; to: number }[] } {
  const tasks: Task[] = [];
  const ranges: { from: number; to: number }[] = [];
  if (original.indexOf('\t', docSpan.start) < 0) return { tasks, ranges };
  let layout: TableLayout | null = null;
  let section: string | null = null;
  let tableStart = -1;
  let lastRowEnd = -1;
  const closeTable = (): void => {
    if (tableStart >= 0) ranges.push({ from: toCleanIndex(clean, tableStart), to: toCleanIndex(clean, lastRowEnd) });
    tableStart = -1;
    layout = null;
    section = null;
  };
  let pos = docSpan.start;
  while (pos < docSpan.end) {
    let eol = original.indexOf('\n', pos);
    if (eol < 0 || eol > docSpan.end) eol = docSpan.end;
    const line = original.slice(pos, eol).replace(/\r$/, '');
    const cells = line.split('\t');
    if (cells.length >= 3) {
      const header = readHeader(cells.map((c) => c.trim()));
      if (header) {
        closeTable();
        layout = header;
        tableStart = pos;
        lastRowEnd = eol;
      } else if (layout) {
        const row = readRow({ cells }, layout);
        if (row) {
          const task = tableTask(row, section, { start: pos, end: pos + line.length }, firstIsLead);
          tasks.push(task);
          lastRowEnd = eol;
        }
      }
    } else if (layout) {
      const t = line.trim();
      if (t && t.length <= 60 && /^[一二三四五六七八九十]+、|^[(（][一二三四五六七八九十]+[)）]|方面|类/.test(t)) {
        section = squeeze(t);
        lastRowEnd = eol;
      } else if (t) closeTable();
    }
    pos = eol + 1;
  }
  closeTable();
  return { tasks, ranges };
}

function squeeze(s: string): string {
  return cleanText(s).text;
}

function tableTask(
  row: ReturnType<typeof readRow> & object,
  section: string | null,
  span: Span,
  firstIsLead: boolean,
): Task {
  let owners: Owners = {
    lead: splitAgencyList(squeeze(row.lead)),
    co: splitAgencyList(squeeze(row.co)),
    undivided: !row.co,
  };
  if (firstIsLead) owners = applyFirstIsLead(owners);
  const parsed = row.deadline ? parseDeadlineValue(squeeze(row.deadline)) : null;
  const text = [row.number, row.title, row.content, row.lead, row.co, row.deadline]
    .filter(Boolean)
    .map(squeeze)
    .join(' ');
  return {
    number: row.number,
    path: section ? [section] : [],
    title: squeeze(row.title),
    text,
    lead: owners.lead,
    co: owners.co.filter((c) => !owners.lead.includes(c)),
    internalDivision: null,
    deadline: parsed ? { raw: parsed.raw, date: parsed.date, ongoing: parsed.ongoing } : null,
    span,
  };
}

/** First cleaned index whose original offset is at or after `offset`. */
function toCleanIndex(clean: CleanText, offset: number): number {
  let lo = 0;
  let hi = clean.text.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (clean.start[mid] < offset) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
