// The shapes the API returns (see docs/openapi.json and libs/core/src/tasks/tasks.service.ts).

export const ROLES = ['admin', 'coordinator', 'supervisor', 'agency'] as const;
export type Role = (typeof ROLES)[number];

export interface User {
  id: string;
  email: string;
  displayName: string;
  role: Role;
  agencyId: string | null;
  isActive: boolean;
  lastLoginAt: string | null;
}

export interface LoginResponse {
  accessToken: string;
  tokenType: string;
  expiresIn: string;
  user: User;
}

export interface Page<T> {
  items: T[];
  page: number;
  pageSize: number;
  total: number;
}

export const TASK_STATUSES = [
  'registered',
  'assigned',
  'acknowledged',
  'in_progress',
  'completion_requested',
  'completed',
  'closed',
  'suspended',
  'cancelled',
] as const;
export type TaskStatus = (typeof TASK_STATUSES)[number];

export const OPEN_STATUSES: readonly TaskStatus[] = [
  'registered',
  'assigned',
  'acknowledged',
  'in_progress',
  'completion_requested',
];

/** Worst last, as the API orders them. */
export const LIGHTS = ['red', 'yellow', 'blue', 'green', 'none'] as const;
export type Light = (typeof LIGHTS)[number];

export const LIGHT_REASONS = [
  'on_track',
  'deadline_near',
  'behind_schedule',
  'self_rated_at_risk',
  'report_missing',
  'overdue',
  'self_rated_off_track',
  'not_tracked',
] as const;
export type LightReason = (typeof LIGHT_REASONS)[number];

export const TASK_ACTIONS = [
  'assign',
  'acknowledge',
  'start',
  'request_completion',
  'approve_completion',
  'return',
  'close',
  'transfer',
  'suspend',
  'resume',
  'cancel',
] as const;
export type TaskAction = (typeof TASK_ACTIONS)[number];

export const REPORT_RATINGS = ['on_track', 'at_risk', 'off_track'] as const;
export type ReportRating = (typeof REPORT_RATINGS)[number];

export type NoticeKind = 'chase' | 'supervision';
export type LedgerSort = 'deadline' | 'number' | 'updated';

export interface Assignment {
  agencyId: string;
  agency: string;
  role: 'lead' | 'co';
  internalDivision: string | null;
  contactPerson: string | null;
}

export interface TaskSummary {
  id: string;
  documentId: string;
  sectionId: string | null;
  number: string;
  title: string;
  status: TaskStatus;
  deadlineDate: string | null;
  extendedDeadline: string | null;
  effectiveDeadline: string | null;
  ongoing: boolean;
  overdue: boolean;
  daysOverdue: number;
  light: Light;
  lightReasons: LightReason[];
  lead: Assignment[];
  co: Assignment[];
  version: number;
  updatedAt: string;
}

export interface TaskReport {
  id: string;
  taskId: string;
  period: string;
  revision: number;
  revisions: number;
  agencyId: string;
  submittedBy: string;
  submittedAt: string;
  rating: ReportRating;
  percent: number;
  workDone: string;
  nextSteps: string;
  problems: string;
  isFinal: boolean;
  late: boolean;
  returnedAt: string | null;
  returnedBy: string | null;
  returnComment: string | null;
}

export interface Contribution {
  id: string;
  period: string;
  agencyId: string;
  submittedBy: string;
  content: string;
  updatedAt: string;
}

export interface TaskComment {
  id: string;
  parentId: string | null;
  authorId: string;
  body: string;
  createdAt: string;
}

export interface ExtensionRequest {
  id: string;
  agencyId: string;
  requestedBy: string;
  requestedAt: string;
  currentDeadline: string | null;
  requestedDeadline: string;
  reason: string;
  status: 'pending' | 'approved' | 'refused';
  decidedBy: string | null;
  decidedAt: string | null;
  decisionComment: string | null;
}

export interface Notice {
  id: string;
  kind: NoticeKind;
  number: string;
  agencyId: string;
  body: string;
  sentBy: string;
  sentAt: string;
}

export interface Attachment {
  id: string;
  reportId: string | null;
  agencyId: string | null;
  fileName: string;
  contentType: string;
  byteSize: number;
  uploadedBy: string;
  uploadedAt: string;
}

export interface AuditEvent {
  id: string;
  occurredAt: string;
  actorId: string | null;
  action: string;
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
  requestId: string | null;
}

export interface TaskDetail extends TaskSummary {
  text: string;
  document: { id: string; title: string; docNumber: string | null; kind: string };
  section: { id: string; label: string; heading: string } | null;
  source: {
    fileId: string;
    fileName?: string;
    span: { start: number; end: number };
    excerpt?: string;
  };
  printedOwners: unknown;
  yourRole: 'lead' | 'co' | 'none';
  availableActions: TaskAction[];
  reports: TaskReport[];
  contributions: Contribution[];
  comments: TaskComment[];
  extensions: ExtensionRequest[];
  notices: Notice[];
  attachments: Attachment[];
  history: AuditEvent[];
}

export interface Agency {
  id: string;
  name: string;
  fullName: string | null;
  kind: string;
  parentId: string | null;
}

export interface DocumentCounts {
  documentId: string;
  title: string;
  docNumber: string | null;
  tasks: number;
  overdue: number;
}
