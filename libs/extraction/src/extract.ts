import { applyFirstIsLead, parseResponsibility, statesFirstIsLead, type Owners } from './annotations.js';
import { isCollective, splitAgencyList } from './agencies.js';
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
    const items = buildItems(candidates, range.to);
    tasks.push(...readTasks(clean, items, firstIsLead, warnings));
    tasks.sort((a, b) => a.span.start - b.span.start);
  }
  for (const t of tasks)
    if (t.lead.length === 0 && t.co.length === 0)
      warnings.push({
        code: 'TASK_WITHOUT_OWNER',
        message: `task ${t.number} has no responsible agency`,
        span: t.span,
      });
  if (tasks.length === 0 && cases.length === 0)
    warnings.push({ code: 'EMPTY_DOCUMENT', message: `no numbered item found in "${range.title}"`, span });
  let preamble = '';
  for (let i = range.from; i < range.titleEnd; i++) preamble += (clean.lineStart[i] ? '\n' : '') + clean.text[i];
  const meta = readMetadata(docText, preamble, range.titleEnd - range.from, range.title);
  return { title: range.title, ...meta, kind: documentKind(range.title, cases.length > 0), span, tasks, cases };
}

const ORG_END = /(局|委员会|委|院|厅|部|政府|办公厅|办公室|管委会|署|会|海关|行|中心)$/;

function readMetadata(
  docText: string,
  preamble: string,
  titleLength: number,
  title: string,
): Pick<ExtractedDocument, 'docNumber' | 'issuer' | 'issuedOn'> {
  // the document number follows the title (or sits on a line of its own)
  const head = docText.slice(Math.max(0, titleLength), titleLength + 600);
  const numberRe = /[\u4e00-\u9fff]{1,8}[〔[【]\d{4}[〕\]】]\s*\d{1,4}\s*号/;
  // before the title, the number stands on a line of its own
  const beforeTitle = preamble.split('\n');
  const number = head.match(numberRe) ?? beforeTitle.map((l) => l.match(numberRe)).find(Boolean) ?? null;
  let signature: string[] | null = null;
  for (const m of docText.matchAll(/(\d{4})年(\d{1,2})月(\d{1,2})日/g)) {
    const before = docText.slice(Math.max(0, (m.index ?? 0) - 40), m.index);
    const who = before.replace(/^.*[。;!?)」”:]/, '');
    if (who.length >= 2 && ORG_END.test(who) && !/[,、]/.test(who)) {
      signature = [m[0], who, m[1], m[2], m[3]];
      break;
    }
  }
  let issuer: string | null = title.match(/^(.{2,40}?)关于/)?.[1] ?? null;
  if (issuer && !ORG_END.test(issuer)) issuer = null;
  let issuedOn: string | null = null;
  if (signature) {
    const [, who, y, mo, d] = signature;
    issuer ??= who;
    issuedOn = `${y}-${mo.padStart(2, '0')}-${d.padStart(2, '0')}`;
  }
  return { docNumber: number ? number[0].replace(/\s+/g, '') : null, issuer, issuedOn };
}

/** Heading text of an item: its number and words up to the first sentence end or child. */
function headingText(clean: CleanText, item: Item, stopAt: number): string {
  const text = clean.text;
  let end = Math.min(stopAt, item.marker.contentAt + 50);
  const stop = text.slice(item.marker.contentAt, end).search(/[。;]/);
  if (stop >= 0) end = item.marker.contentAt + stop;
  return text.slice(item.marker.at, end);
}

function shortTitle(content: string): string {
  const stop = content.search(/[。;!?]/);
  let title = stop >= 0 ? content.slice(0, stop) : content;
  const paren = title.search(/\((?:责任|牵头|市级|配合|协办)/);
  if (paren >= 0) title = title.slice(0, paren);
  if (title.length > MAX_TITLE) title = title.slice(0, MAX_TITLE);
  return title.replace(/[:,、]+$/, '');
}

function readTasks(clean: CleanText, items: Item[], firstIsLead: boolean, warnings: ExtractionWarning[]): Task[] {
  const tasks: Task[] = [];
  items.forEach((item, index) => {
    if (item.hasChildren || item.marker.type === 'chapter') return;
    const path: string[] = [];
    for (let p = item.parent, child = index; p >= 0; child = p, p = items[p].parent)
      path.unshift(headingText(clean, items[p], items[child].marker.at));
    const content = clean.text.slice(item.marker.contentAt, item.end);
    const details = readTaskDetails(content, firstIsLead);
    const span = toOriginalSpan(clean, item.marker.at, item.end);
    if (details.deadlines.length > 1)
      warnings.push({
        code: 'AMBIGUOUS_DEADLINE',
        message: `task ${item.marker.label} states several dates (${details.deadlines.map((d) => d.raw).join(', ')}); the latest is used`,
        span,
      });
    tasks.push({
      number: item.marker.label,
      path,
      title: shortTitle(content),
      text: clean.text.slice(item.marker.at, item.end),
      lead: details.owners.lead,
      co: details.owners.co,
      internalDivision: details.internalDivision,
      deadline: details.deadline,
      span,
    });
  });
  return tasks;
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
