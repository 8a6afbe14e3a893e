import {
  type ExtractedDocument,
  type ExtractionResult,
  type Task as ExtractedTask,
} from '../../../extraction/src/types.js';
import { type ImportReview, type TaskEdit, taskRef } from './import-review.js';

const normalise = (s: string): string => s.normalize('NFKC').replace(/\s+/g, '');

/** A document's identity across versions: its number when printed, else its title. */
export function documentKey(doc: Pick<ExtractedDocument, 'docNumber' | 'title'>): string {
  return doc.docNumber ? `no:${normalise(doc.docNumber)}` : `title:${normalise(doc.title)}`;
}

/** A task's identity inside its document: heading path and number. */
export function taskKey(task: Pick<ExtractedTask, 'path' | 'number'>): string {
  return [...task.path, task.number].map(normalise).join(' / ');
}

/** The task as it will be stored: the extraction with the reviewer's edits applied. */
export interface TaskDraft {
  ref: string;
  key: string;
  number: string;
  path: string[];
  title: string;
  text: string;
  lead: string[];
  co: string[];
  internalDivision: string | null;
  deadlineDate: string | null;
  deadlineText: string | null;
  ongoing: boolean;
  span: { start: number; end: number };
}

export function draftTask(task: ExtractedTask, ref: string, edit: TaskEdit = {}): TaskDraft {
  const ongoing = edit.ongoing ?? task.deadline?.ongoing ?? false;
  return {
    ref,
    key: taskKey(task),
    number: task.number,
    path: task.path,
    title: edit.title?.trim() || task.title,
    text: task.text,
    lead: edit.lead ?? task.lead,
    co: (edit.co ?? task.co).filter((name) => !(edit.lead ?? task.lead).includes(name)),
    internalDivision: edit.internalDivision !== undefined ? edit.internalDivision : task.internalDivision,
    deadlineDate: ongoing ? null : edit.deadlineDate !== undefined ? edit.deadlineDate : (task.deadline?.date ?? null),
    deadlineText: task.deadline?.raw ?? null,
    ongoing,
    span: task.span,
  };
}

/** What the database holds of a task, enough to tell whether a new version changed it. */
export interface StoredTask {
  id: string;
  sourceKey: string;
  title: string;
  text: string;
  deadlineDate: string | null;
  ongoing: boolean;
  printedOwners: { lead: string[]; co: string[] };
  status: string;
}

export interface StoredDocument {
  id: string;
  key: string;
  tasks: StoredTask[];
}

export type TaskField = 'position' | 'title' | 'text' | 'deadline' | 'owners';

const LEADING_NUMBER =
  /^\s*(?:[（(][一二三四五六七八九十百\d]+[)）]|[一二三四五六七八九十百]+[、．.]|\d+[.、．]|第[一二三四五六七八九十百零〇]+条)\s*/;

/** A task's text without its printed number, so that renumbering alone is not an edit. */
function withoutNumber(text: string): string {
  return text.replace(LEADING_NUMBER, '');
}

export function changedFields(stored: StoredTask, draft: TaskDraft): TaskField[] {
  const fields: TaskField[] = [];
  if (stored.sourceKey !== draft.key) fields.push('position');
  if (stored.title !== draft.title) fields.push('title');
  if (withoutNumber(stored.text) !== withoutNumber(draft.text)) fields.push('text');
  if (stored.deadlineDate !== draft.deadlineDate || stored.ongoing !== draft.ongoing) fields.push('deadline');
  const same = (a: string[], b: string[]) => a.length === b.length && a.every((x, i) => x === b[i]);
  if (!same(stored.printedOwners.lead, draft.lead) || !same(stored.printedOwners.co, draft.co)) fields.push('owners');
  return fields;
}

/** Share of character pairs two texts have in common (0 to 1), to tell an edit from a replacement. */
export function textSimilarity(a: string, b: string): number {
  const pairs = (text: string) => {
    const set = new Set<string>();
    const compact = normalise(text);
    for (let i = 0; i < compact.length - 1; i++) set.add(compact.slice(i, i + 2));
    return set;
  };
  const left = pairs(a);
  const right = pairs(b);
  if (left.size === 0 && right.size === 0) return 1;
  let shared = 0;
  for (const pair of left) if (right.has(pair)) shared++;
  return shared / (left.size + right.size - shared);
}

/**
 * Pairs each task of the new version with the stored task it continues:
 * first the same title (renumbered or not), then the same heading and number
 * when the text is still mostly the same. The rest are added or removed.
 */
export function matchTasks(drafts: TaskDraft[], stored: StoredTask[]): Map<string, StoredTask> {
  const result = new Map<string, StoredTask>();
  const free = new Set(stored);
  const take = (draft: TaskDraft, candidate: StoredTask | undefined) => {
    if (!candidate || result.has(draft.ref)) return;
    result.set(draft.ref, candidate);
    free.delete(candidate);
  };
  for (const draft of drafts) {
    take(
      draft,
      [...free].find((t) => t.sourceKey === draft.key && normalise(t.title) === normalise(draft.title)),
    );
  }
  for (const draft of drafts)
    take(
      draft,
      [...free].find((t) => normalise(t.title) === normalise(draft.title)),
    );
  for (const draft of drafts) {
    take(
      draft,
      [...free].find((t) => t.sourceKey === draft.key && textSimilarity(t.text, draft.text) >= 0.5),
    );
  }
  return result;
}

export interface DocumentPlan {
  index: number;
  key: string;
  title: string;
  /** Set when this is a new version of a document already in the ledger. */
  existingDocumentId: string | null;
  excluded: boolean;
  taskCount: number;
  caseCount: number;
  added: Array<{ ref: string; title: string }>;
  changed: Array<{ ref: string; taskId: string; title: string; fields: TaskField[] }>;
  unchanged: Array<{ ref: string; taskId: string }>;
  /** Tasks of the previous version that the new one no longer lists: cancelled at commit. */
  removed: Array<{ taskId: string; title: string }>;
}

export interface ImportPlan {
  documents: DocumentPlan[];
  /** Printed names the registry cannot resolve and the review has not mapped yet. */
  unknownAgencies: string[];
}

/** The tasks that will be stored for one document, after exclusions and edits. */
export function draftsOf(doc: ExtractedDocument, documentIndex: number, review: ImportReview): TaskDraft[] {
  const seen = new Map<string, number>();
  return doc.tasks.flatMap((task, taskIndex) => {
    const ref = taskRef(documentIndex, taskIndex);
    const edit = review.tasks?.[ref];
    if (edit?.exclude) return [];
    const draft = draftTask(task, ref, edit);
    // A number printed twice under the same heading still needs a key of its own.
    const occurrence = (seen.get(draft.key) ?? 0) + 1;
    seen.set(draft.key, occurrence);
    if (occurrence > 1) draft.key = `${draft.key} #${occurrence}`;
    return [draft];
  });
}

/**
 * Compares an extraction (with the review's edits) with what the ledger holds:
 * which documents are new, which are new versions, and per task added /
 * changed / unchanged / removed. Pure: the caller loads `stored`.
 */
export function planImport(
  extraction: ExtractionResult,
  stored: StoredDocument[],
  review: ImportReview,
  resolves: (printedName: string) => boolean,
): ImportPlan {
  const storedByKey = new Map(stored.map((doc) => [doc.key, doc]));
  const unknown = new Set<string>();
  const documents = extraction.documents.map((doc, index): DocumentPlan => {
    const key = documentKey(doc);
    const previous = storedByKey.get(key) ?? null;
    const excluded = review.excludedDocuments?.includes(index) ?? false;
    const drafts = excluded ? [] : draftsOf(doc, index, review);
    const plan: DocumentPlan = {
      index,
      key,
      title: doc.title,
      existingDocumentId: previous?.id ?? null,
      excluded,
      taskCount: drafts.length,
      caseCount: excluded ? 0 : doc.cases.length,
      added: [],
      changed: [],
      unchanged: [],
      removed: [],
    };
    if (excluded) return plan;
    const matches = matchTasks(drafts, previous?.tasks ?? []);
    const matched = new Set<string>();
    for (const draft of drafts) {
      for (const name of [...draft.lead, ...draft.co]) if (!resolves(name)) unknown.add(name);
      const before = matches.get(draft.ref);
      if (!before) {
        plan.added.push({ ref: draft.ref, title: draft.title });
        continue;
      }
      matched.add(before.id);
      const fields = changedFields(before, draft);
      if (fields.length > 0) plan.changed.push({ ref: draft.ref, taskId: before.id, title: draft.title, fields });
      else plan.unchanged.push({ ref: draft.ref, taskId: before.id });
    }
    for (const gone of previous?.tasks ?? []) {
      if (!matched.has(gone.id) && gone.status !== 'cancelled')
        plan.removed.push({ taskId: gone.id, title: gone.title });
    }
    return plan;
  });
  const mapped = review.agencyMappings ?? {};
  return { documents, unknownAgencies: [...unknown].filter((name) => !(name in mapped)).sort() };
}
