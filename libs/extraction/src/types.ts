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
  /**
   * The number as printed (`1`, `(三)`, `十二`). Unnumbered paragraphs that each carry their own
   * annotation under one numbered item become tasks numbered `<item>-<k>` (`(一)-2`).
   */
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
  /** cleaned title; empty when the text has no title line (it opens with its first item) */
  title: string;
  /** 文号 standing under the title (`京政办发〔2021〕4号`, `京津联合公告第8号`), never one cited in the text */
  docNumber: string | null;
  /**
   * Issuing body. When several bodies sign (a joint notice), all of them in printed order joined
   * with `、`; the first is the lead issuer.
   */
  issuer: string | null;
  issuedOn: string | null;
  kind: DocumentKind;
  span: Span;
  tasks: Task[];
  cases: BestPracticeCase[];
}

/**
 * Warning codes (stable; callers may key on them):
 * - `TASK_WITHOUT_OWNER`: a task has no lead or co while most tasks beside it (same heading path,
 *   at least two) are annotated, so the omission is likely worth a look;
 * - `DOCUMENT_WITHOUT_OWNERS`: a document has tasks but none names an agency (one warning per
 *   document instead of one per task; assigning owners is then a person's job);
 * - `UNKNOWN_AGENCY`: a printed name that the agency registry cannot resolve;
 * - `AMBIGUOUS_DEADLINE`: a task states several dates; the latest is used;
 * - `UNPARSED_ANNOTATION`: an annotation that could not be read;
 * - `EMPTY_DOCUMENT`: a document in which no numbered item or case was found.
 */
export type WarningCode =
  | 'TASK_WITHOUT_OWNER'
  | 'DOCUMENT_WITHOUT_OWNERS'
  | 'UNKNOWN_AGENCY'
  | 'AMBIGUOUS_DEADLINE'
  | 'UNPARSED_ANNOTATION'
  | 'EMPTY_DOCUMENT';

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
