// The review screen's pure parts: a task as it will be stored (extraction + edit), the edit
// that leads there, how a printed agency name stands, and the source text cut into highlights.
import type {
  AgencyMapping,
  ExtractedTask,
  Extraction,
  ExtractionWarning,
  ImportPlan,
  ImportReview,
  Span,
  TaskEdit,
  TaskField,
} from '../types';
import { taskRef } from '../types';

/** One extracted task with its place in the extraction. */
export interface TaskRow {
  ref: string;
  documentIndex: number;
  taskIndex: number;
  task: ExtractedTask;
}

export function taskRows(extraction: Extraction): TaskRow[] {
  return extraction.documents.flatMap((document, documentIndex) =>
    document.tasks.map((task, taskIndex) => ({
      ref: taskRef(documentIndex, taskIndex),
      documentIndex,
      taskIndex,
      task,
    })),
  );
}

/** What the reviewer sees and edits for one task. */
export interface TaskValues {
  title: string;
  lead: string[];
  co: string[];
  internalDivision: string | null;
  deadlineDate: string | null;
  ongoing: boolean;
  exclude: boolean;
}

/** The extraction with the edit applied, as the server's draftTask (import-plan.ts) does. */
export function effectiveTask(task: ExtractedTask, edit: TaskEdit = {}): TaskValues {
  const ongoing = edit.ongoing ?? task.deadline?.ongoing ?? false;
  const lead = edit.lead ?? task.lead;
  return {
    title: edit.title?.trim() || task.title,
    lead,
    co: (edit.co ?? task.co).filter((name) => !lead.includes(name)),
    internalDivision: edit.internalDivision !== undefined ? edit.internalDivision : task.internalDivision,
    deadlineDate: ongoing ? null : edit.deadlineDate !== undefined ? edit.deadlineDate : (task.deadline?.date ?? null),
    ongoing,
    exclude: edit.exclude ?? false,
  };
}

const sameList = (a: readonly string[], b: readonly string[]) =>
  a.length === b.length && a.every((item, index) => item === b[index]);

/** The smallest edit that turns the extracted task into `values` (undefined when there is none). */
export function editFor(task: ExtractedTask, values: TaskValues): TaskEdit | undefined {
  const edit: TaskEdit = {};
  if (values.exclude) edit.exclude = true;
  const title = values.title.trim();
  if (title && title !== task.title) edit.title = title;
  if (!sameList(values.lead, task.lead)) edit.lead = values.lead;
  const co = values.co.filter((name) => !values.lead.includes(name));
  if (
    !sameList(
      co,
      task.co.filter((name) => !values.lead.includes(name)),
    )
  )
    edit.co = co;
  const division = values.internalDivision?.trim() || null;
  if (division !== task.internalDivision) edit.internalDivision = division;
  const extractedOngoing = task.deadline?.ongoing ?? false;
  if (values.ongoing !== extractedOngoing) edit.ongoing = values.ongoing;
  if (!values.ongoing && values.deadlineDate !== (task.deadline?.date ?? null)) edit.deadlineDate = values.deadlineDate;
  return Object.keys(edit).length > 0 ? edit : undefined;
}

/** The review with one task's edit replaced (or dropped). */
export function withTaskEdit(review: ImportReview, ref: string, edit: TaskEdit | undefined): ImportReview {
  const tasks = { ...review.tasks };
  if (edit) tasks[ref] = edit;
  else delete tasks[ref];
  return { ...review, tasks };
}

export function withMapping(review: ImportReview, name: string, mapping: AgencyMapping | undefined): ImportReview {
  const agencyMappings = { ...review.agencyMappings };
  if (mapping) agencyMappings[name] = mapping;
  else delete agencyMappings[name];
  return { ...review, agencyMappings };
}

export function withDocumentExcluded(review: ImportReview, index: number, excluded: boolean): ImportReview {
  const rest = (review.excludedDocuments ?? []).filter((item) => item !== index);
  return { ...review, excludedDocuments: excluded ? [...rest, index].sort((a, b) => a - b) : rest };
}

/**
 * How a printed agency name stands: `known` (the registry resolves it, or it is a collective
 * phrase the importer leaves out), `unknown` (the server's plan lists it), `mapped` (the
 * reviewer decided), `unchecked` (typed during this review: the server checks it on saving).
 */
export type NameState = 'known' | 'unknown' | 'mapped' | 'unchecked';

export interface NameContext {
  registry: ReadonlySet<string>;
  printed: Readonly<Record<string, string>>;
  unknown: ReadonlySet<string>;
  mappings: Readonly<Record<string, AgencyMapping>>;
}

export function nameState(name: string, context: NameContext): NameState {
  if (context.mappings[name]) return 'mapped';
  if (context.unknown.has(name)) return 'unknown';
  if (context.registry.has(name) || name in context.printed) return 'known';
  return 'unchecked';
}

/** The printed names waiting for a decision or already decided, unknown ones first. */
export function namesToMap(plan: ImportPlan | null, review: ImportReview): string[] {
  const unknown = plan?.unknownAgencies ?? [];
  const decided = Object.keys(review.agencyMappings ?? {}).filter((name) => !unknown.includes(name));
  return [...unknown, ...decided.sort()];
}

/** Where each task stands against the ledger, from the plan. */
export type DiffState =
  { kind: 'added' } | { kind: 'changed'; taskId: string; fields: TaskField[] } | { kind: 'unchanged'; taskId: string };

export function diffStates(plan: ImportPlan | null): Map<string, DiffState> {
  const states = new Map<string, DiffState>();
  for (const document of plan?.documents ?? []) {
    for (const task of document.added) states.set(task.ref, { kind: 'added' });
    for (const task of document.changed)
      states.set(task.ref, { kind: 'changed', taskId: task.taskId, fields: task.fields });
    for (const task of document.unchanged) states.set(task.ref, { kind: 'unchanged', taskId: task.taskId });
  }
  return states;
}

const within = (point: number, span: Span) => span.start <= point && point < span.end;

/** The warnings about one task: those that start inside its span (a document's warnings start before its first task). */
export function warningsOf(span: Span, warnings: readonly ExtractionWarning[]): ExtractionWarning[] {
  return warnings.filter((warning) => within(warning.span.start, span));
}

/** The task a warning is about, if it is about one. */
export function taskAt(span: Span, rows: readonly TaskRow[]): TaskRow | undefined {
  return rows.find((row) => within(span.start, row.task.span));
}

/** The document a warning is in (for warnings about a whole document). */
export function documentAt(span: Span, extraction: Extraction): number {
  return extraction.documents.findIndex((document) =>
    within(span.start, { ...document.span, end: document.span.end + 1 }),
  );
}

/** A piece of the source text: plain, or one task's highlighted span. */
export type Segment =
  { kind: 'text'; text: string; start: number } | { kind: 'task'; text: string; start: number; ref: string };

/** Cuts the text at the tasks' spans (sorted; an overlap is clipped to what is left). */
export function segmentsOf(text: string, rows: readonly TaskRow[]): Segment[] {
  const spans = rows
    .map((row) => ({
      ref: row.ref,
      start: Math.max(0, row.task.span.start),
      end: Math.min(text.length, row.task.span.end),
    }))
    .filter((span) => span.end > span.start)
    .sort((a, b) => a.start - b.start || a.end - b.end);
  const segments: Segment[] = [];
  let at = 0;
  for (const span of spans) {
    const start = Math.max(span.start, at);
    if (span.end <= start) continue;
    if (start > at) segments.push({ kind: 'text', text: text.slice(at, start), start: at });
    segments.push({ kind: 'task', text: text.slice(start, span.end), start, ref: span.ref });
    at = span.end;
  }
  if (at < text.length) segments.push({ kind: 'text', text: text.slice(at), start: at });
  return segments;
}
