// The import API's shapes (apps/api/src/imports/imports.controller.ts, libs/core/src/imports/*).

export const IMPORT_STATUSES = [
  'queued',
  'extracting',
  'review',
  'committed',
  'rejected',
  'failed',
  'duplicate',
] as const;
export type ImportStatus = (typeof IMPORT_STATUSES)[number];

/** Still on its way through the worker: poll until it leaves these. */
export const WAITING_STATUSES: readonly ImportStatus[] = ['queued', 'extracting'];

export const ACCEPTED_EXTENSIONS = ['.txt', '.docx', '.pdf', '.xlsx'] as const;

export interface Span {
  start: number;
  end: number;
}

export interface ExtractedTask {
  number: string;
  path: string[];
  title: string;
  text: string;
  lead: string[];
  co: string[];
  internalDivision: string | null;
  deadline: { raw: string; date: string | null; ongoing: boolean } | null;
  span: Span;
}

export interface ExtractedCase {
  number: string | null;
  title: string;
  span: Span;
}

export interface ExtractedDocument {
  title: string;
  docNumber: string | null;
  issuer: string | null;
  issuedOn: string | null;
  kind: string;
  span: Span;
  tasks: ExtractedTask[];
  cases: ExtractedCase[];
}

export interface ExtractionWarning {
  code: string;
  message: string;
  span: Span;
}

export interface Extraction {
  documents: ExtractedDocument[];
  /** Every printed agency name → its canonical name (an unknown name maps to itself). */
  agencies: Record<string, string>;
  warnings: ExtractionWarning[];
}

export const TASK_FIELDS = ['position', 'title', 'text', 'deadline', 'owners'] as const;
export type TaskField = (typeof TASK_FIELDS)[number];

export interface DocumentPlan {
  index: number;
  key: string;
  title: string;
  /** Set when the document is a new version of one already in the ledger. */
  existingDocumentId: string | null;
  excluded: boolean;
  taskCount: number;
  caseCount: number;
  added: Array<{ ref: string; title: string }>;
  changed: Array<{ ref: string; taskId: string; title: string; fields: TaskField[] }>;
  unchanged: Array<{ ref: string; taskId: string }>;
  removed: Array<{ taskId: string; title: string }>;
}

export interface ImportPlan {
  documents: DocumentPlan[];
  /** Printed names the registry cannot resolve and the review has not decided yet. */
  unknownAgencies: string[];
}

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

export type AgencyMapping =
  { agencyId: string } | { create: { name: string; kind: string; fullName?: string | null } } | { ignore: true };

/** PUT /api/imports/:id/review's body; it replaces the saved review whole. */
export interface ImportReview {
  /** Keyed by "documentIndex.taskIndex". */
  tasks?: Record<string, TaskEdit>;
  excludedDocuments?: number[];
  /** Keyed by the printed name. */
  agencyMappings?: Record<string, AgencyMapping>;
}

export interface ImportJob {
  id: string;
  status: ImportStatus;
  progress: number;
  fileName: string;
  byteSize: number;
  sha256: string;
  error: { code: string; message: string | null } | null;
  plan: ImportPlan | null;
  sourceFileId: string | null;
  createdAt: string;
  committedAt: string | null;
}

/** GET /api/imports/:id/review. */
export interface ImportReviewView extends ImportJob {
  encoding: string | null;
  text: string | null;
  extraction: Extraction | null;
  review: ImportReview;
}

/** POST /api/imports/:id/commit. */
export interface CommitSummary {
  importId: string;
  sourceFileId: string;
  documents: Array<{
    id: string;
    title: string;
    created: boolean;
    added: number;
    changed: number;
    removed: number;
    cases: number;
  }>;
  unresolvedAgencies: string[];
}

export const taskRef = (documentIndex: number, taskIndex: number): string => `${documentIndex}.${taskIndex}`;

export const importKeys = {
  all: ['imports'] as const,
  list: ['imports', 'list'] as const,
  one: (id: string) => ['imports', 'one', id] as const,
  review: (id: string) => ['imports', 'review', id] as const,
};
