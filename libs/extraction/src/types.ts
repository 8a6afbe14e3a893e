/** Offsets into the original decoded text, in UTF-16 code units. */
export interface Span {
  start: number;
  end: number;
}

export interface Deadline {
  raw: string;
  date: string | null;
  ongoing: boolean;
}

export interface Task {
  number: string;
  path: string[];
  title: string;
  text: string;
  lead: string[];
  co: string[];
  internalDivision: string | null;
  deadline: Deadline | null;
  span: Span;
}

export interface CaseSection {
  text: string;
  span: Span;
}

export interface BestPracticeCase {
  number: string | null;
  title: string;
  category: string | null;
  provider: string | null;
  practices: CaseSection[];
  effects: CaseSection[];
  nextSteps: CaseSection[];
  span: Span;
}

export type DocumentKind = 'measures' | 'work_plan' | 'regulation' | 'notice' | 'cases' | 'other';

export interface ExtractedDocument {
  title: string;
  docNumber: string | null;
  issuer: string | null;
  issuedOn: string | null;
  kind: DocumentKind;
  span: Span;
  tasks: Task[];
  cases: BestPracticeCase[];
}

export type WarningCode =
  'TASK_WITHOUT_OWNER' | 'UNKNOWN_AGENCY' | 'AMBIGUOUS_DEADLINE' | 'UNPARSED_ANNOTATION' | 'EMPTY_DOCUMENT';

export interface ExtractionWarning {
  code: WarningCode;
  message: string;
  span: Span;
}

export interface ExtractionResult {
  documents: ExtractedDocument[];
  agencies: Record<string, string>;
  warnings: ExtractionWarning[];
}

/** One row of a task table (from a spreadsheet or a TAB-separated annex). */
export interface TableRow {
  cells: string[];
}
