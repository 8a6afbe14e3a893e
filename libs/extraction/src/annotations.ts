import { splitAgencyList, looksLikeAgency } from './agencies.js';

export interface Owners {
  lead: string[];
  co: string[];
  /** true when the text gave no lead/co split (a plain list of responsible agencies) */
  undivided: boolean;
}

const LEAD_LABEL =
  '(?:市级|区级|省级)?(?:牵头单位|牵头部门|责任单位|责任部门|主责单位|主责部门|负责单位|承办单位|责任主体)';
const CO_LABEL = '(?:市级|区级|省级)?(?:协办单位|协办部门|配合单位|配合部门|参与单位|参与部门|协同单位|协同部门)';
const LABEL_RE = new RegExp(`(${LEAD_LABEL})(?=\\s*[:：])|(${CO_LABEL})(?=\\s*[:：])`, 'g');

/** Clauses that state a document-wide rule rather than owners. */
const RULE_CLAUSE = /第一位|第一个|下同|以下均|不再列出|不再一一列出/;

/**
 * Clauses that give the timing, not an owner: `（A负责，2019年底前完成）`,
 * `（A负责，持续推进）`. The deadline reader handles them; the owner reader skips them.
 */
const TIMING_CLAUSE =
  /^(?:(?:到|至|于|在)?\s*\d{4}\s*年.*|持续推进|持续开展|持续实施|持续落实|长期坚持|长期推进|长期实施|常态化推进|逐步推进|分步实施|按期完成|年内完成)$/;

/** Document-level rule: the first listed agency leads (`排在第一位的部门为牵头部门`). */
export function statesFirstIsLead(text: string): boolean {
  return /(排在?第一位|列第一位|排名第一|列在第一位|第一位|排在首位|列首位)[^。]{0,12}(牵头|主办)/.test(text);
}

function names(list: string): string[] {
  return splitAgencyList(list).filter((n) => n.length >= 2);
}

/** Labelled form: `市级牵头单位:A、B;市级协办单位:C`, `责任部门:A,配合部门:B`, `责任单位:A`. */
function parseLabelled(content: string): Owners | null {
  const labels: { at: number; end: number; co: boolean }[] = [];
  LABEL_RE.lastIndex = 0;
  for (let m = LABEL_RE.exec(content); m; m = LABEL_RE.exec(content)) {
    const after = content.slice(m.index + m[0].length);
    const colon = after.match(/^\s*[:：]?\s*/);
    labels.push({ at: m.index, end: m.index + m[0].length + (colon ? colon[0].length : 0), co: !!m[2] });
  }
  if (labels.length === 0) return null;
  const lead: string[] = [];
  const co: string[] = [];
  let hasCoLabel = false;
  for (let i = 0; i < labels.length; i++) {
    const value = content.slice(labels[i].end, i + 1 < labels.length ? labels[i + 1].at : content.length);
    const list = names(value.replace(/[;；,，。\s]+$/, ''));
    if (labels[i].co) {
      hasCoLabel = true;
      co.push(...list);
    } else lead.push(...list);
  }
  if (lead.length + co.length === 0) return null;
  return { lead: dedupe(lead), co: dedupe(co.filter((c) => !lead.includes(c))), undivided: !hasCoLabel };
}

function dedupe(list: string[]): string[] {
  return [...new Set(list)];
}

/** National forms: `A、B负责`, `A牵头，B参与`, `A会同有关部门负责`, `A等按职责分工负责`. */
function parseNational(content: string): Owners | null {
  // drop sentences and clauses that only state rules (`排在第一位的部门为牵头部门，下同`)
  const body = content
    .split(/。/)
    .map((s) =>
      s
        .split(/[，,]/)
        .filter((c) => !RULE_CLAUSE.test(c) && !TIMING_CLAUSE.test(c.trim()))
        .join('，'),
    )
    .filter(Boolean)
    .join('。')
    .replace(/[。，,；;\s]+$/, '');
  if (!body) return null;
  const sentence = body.split('。')[0];
  if (/指导/.test(sentence)) {
    const guided = parseGuidance(sentence);
    if (guided) return guided;
  }
  let m = sentence.match(
    /^(.+?)(?:牵头负责|牵头)[，,、;；]?(.+?)(?:参与|配合|协办|协同|共同负责|按职责分工负责|负责)$/,
  );
  if (m) return owners(names(m[1]), names(m[2]), false);
  m = sentence.match(/^(.+?)(?:牵头负责|牵头)$/);
  if (m) return owners(names(m[1]), [], false);
  m = sentence.match(/^(.+?)(?:指导|主导)$/);
  if (m) return owners(names(m[1]), [], true);
  m = sentence.match(/^(.+?)会同(.+?)(?:负责|推进|落实|实施|办理)$/);
  if (m) return owners(names(m[1]), names(m[2]), false);
  m = sentence.match(/^(.+?)(?:按职责分工负责|按职责负责|分工负责|共同负责|负责落实|负责)$/);
  if (m) return owners(names(m[1]), [], true);
  return null;
}

/**
 * Clauses naming a role each: `A指导，B负责落实`, `A牵头，B指导，C参与`. An agency that 指导
 * (guides) leads unless another clause of the same annotation names a 牵头 agency; then the
 * guiding agency co-operates. Agencies that 落实/负责落实 under a guiding agency co-operate.
 */
function parseGuidance(sentence: string): Owners | null {
  const clauses = sentence.split(/[，,;；]/).filter(Boolean);
  const roles: { names: string[]; verb: string }[] = [];
  for (const clause of clauses) {
    const m = clause.match(/^(.+?)(牵头负责|牵头|指导|参与|配合|协办|协同|负责落实|具体落实|落实|负责)$/);
    if (!m) return null;
    roles.push({ names: names(m[1]), verb: m[2] });
  }
  const hasLeadClause = roles.some((r) => /牵头/.test(r.verb));
  const lead: string[] = [];
  const co: string[] = [];
  for (const r of roles) {
    if (/牵头/.test(r.verb) || (r.verb === '指导' && !hasLeadClause)) lead.push(...r.names);
    else if (r.verb === '负责' && roles.length === 1) lead.push(...r.names);
    else co.push(...r.names);
  }
  return owners(lead, co, roles.length === 1);
}

function owners(lead: string[], co: string[], undivided: boolean): Owners | null {
  if (lead.length === 0 || !lead.every(looksLikeAgency)) return null;
  if (!co.every(looksLikeAgency)) return null;
  return { lead: dedupe(lead), co: dedupe(co.filter((c) => !lead.includes(c))), undivided };
}

/**
 * Reads the content of a parenthesised responsibility annotation; null when the parentheses
 * hold something else (`以下简称…`, an example list).
 */
export function parseResponsibility(content: string): Owners | null {
  const text = content.trim();
  if (!text || text.length > 400) return null;
  const labelled = parseLabelled(text);
  if (labelled) return labelled;
  if (!/负责|牵头|参与|配合|协办|指导/.test(text)) return null;
  return parseNational(text);
}

/** Applies `排在第一位的部门为牵头部门`: the first listed agency leads, the rest co-operate. */
export function applyFirstIsLead(o: Owners): Owners {
  if (!o.undivided || o.lead.length < 2) return o;
  return { lead: [o.lead[0]], co: dedupe([...o.lead.slice(1), ...o.co]), undivided: false };
}
