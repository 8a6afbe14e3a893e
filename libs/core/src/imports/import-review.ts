import { AGENCY_KINDS, type AgencyKind } from '../agencies/agency.entity.js';
import { type ExtractionResult } from '../../../extraction/src/types.js';

/** A reviewer's change to one extracted task; absent fields keep the extracted value. */
export interface TaskEdit {
  exclude?: boolean;
  title?: string;
  lead?: string[];
  co?: string[];
  internalDivision?: string | null;
  deadlineDate?: string | null;
  ongoing?: boolean;
}

/** What to do with a printed agency name the registry does not know. */
export type AgencyMapping =
  { agencyId: string } | { create: { name: string; kind: AgencyKind; fullName?: string | null } } | { ignore: true };

/** Everything a coordinator decided during review; applied at commit. */
export interface ImportReview {
  /** Keyed by `taskRef(documentIndex, taskIndex)`. */
  tasks?: Record<string, TaskEdit>;
  excludedDocuments?: number[];
  /** Keyed by the printed name. */
  agencyMappings?: Record<string, AgencyMapping>;
}

export function taskRef(documentIndex: number, taskIndex: number): string {
  return `${documentIndex}.${taskIndex}`;
}

const isStringList = (value: unknown) => Array.isArray(value) && value.every((v) => typeof v === 'string' && v.trim());
const isDate = (value: unknown) =>
  typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value) && !isNaN(Date.parse(value));
const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

function taskEditProblem(edit: unknown): string | null {
  if (!isObject(edit)) return 'must be an object';
  const allowed = ['exclude', 'title', 'lead', 'co', 'internalDivision', 'deadlineDate', 'ongoing'];
  const unknown = Object.keys(edit).find((key) => !allowed.includes(key));
  if (unknown) return `unknown field ${unknown}`;
  if (edit.exclude !== undefined && typeof edit.exclude !== 'boolean') return 'exclude must be true or false';
  if (edit.ongoing !== undefined && typeof edit.ongoing !== 'boolean') return 'ongoing must be true or false';
  if (edit.title !== undefined && (typeof edit.title !== 'string' || !edit.title.trim())) return 'title must be text';
  if (edit.lead !== undefined && !isStringList(edit.lead)) return 'lead must be a list of names';
  if (edit.co !== undefined && !isStringList(edit.co)) return 'co must be a list of names';
  if (
    edit.internalDivision !== undefined &&
    edit.internalDivision !== null &&
    typeof edit.internalDivision !== 'string'
  )
    return 'internalDivision must be text or null';
  if (edit.deadlineDate !== undefined && edit.deadlineDate !== null && !isDate(edit.deadlineDate))
    return 'deadlineDate must be YYYY-MM-DD or null';
  return null;
}

function mappingProblem(mapping: unknown): string | null {
  if (!isObject(mapping)) return 'must be an object';
  if ('agencyId' in mapping) return typeof mapping.agencyId === 'string' ? null : 'agencyId must be an id';
  if ('ignore' in mapping) return mapping.ignore === true ? null : 'ignore must be true';
  if ('create' in mapping && isObject(mapping.create)) {
    const { name, kind } = mapping.create;
    if (typeof name !== 'string' || !name.trim()) return 'create.name must be text';
    if (!AGENCY_KINDS.includes(kind as AgencyKind)) return `create.kind must be one of ${AGENCY_KINDS.join(', ')}`;
    return null;
  }
  return 'must be {agencyId}, {create: {name, kind}} or {ignore: true}';
}

/** What is wrong with a review against its extraction, in words, or null when it is sound. */
export function reviewProblem(review: ImportReview, extraction: Pick<ExtractionResult, 'documents'>): string | null {
  for (const [ref, edit] of Object.entries(review.tasks ?? {})) {
    const [d, t] = ref.split('.').map(Number);
    if (!extraction.documents[d]?.tasks[t]) return `tasks.${ref}: no such task`;
    const problem = taskEditProblem(edit);
    if (problem) return `tasks.${ref}: ${problem}`;
  }
  for (const index of review.excludedDocuments ?? []) {
    if (!Number.isInteger(index) || !extraction.documents[index]) return `excludedDocuments: no document ${index}`;
  }
  for (const [name, mapping] of Object.entries(review.agencyMappings ?? {})) {
    const problem = mappingProblem(mapping);
    if (problem) return `agencyMappings.${name}: ${problem}`;
  }
  return null;
}
