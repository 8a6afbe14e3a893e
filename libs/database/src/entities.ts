import { AgencyAlias } from '../../core/src/agencies/agency-alias.entity.js';
import { Agency } from '../../core/src/agencies/agency.entity.js';
import { AuditEvent } from '../../core/src/audit/audit-event.entity.js';
import { BestPracticeCase } from '../../core/src/cases/best-practice-case.entity.js';
import { CaseAdoption } from '../../core/src/cases/case-adoption.entity.js';
import { TaskLight, TaskLightChange } from '../../core/src/reports/task-light.entity.js';
import { WeeklySnapshot } from '../../core/src/reports/weekly-snapshot.entity.js';
import { Setting } from '../../core/src/settings/setting.entity.js';
import { ImportJob } from '../../core/src/imports/import-job.entity.js';
import { Attachment } from '../../core/src/progress/attachment.entity.js';
import { ExtensionRequest } from '../../core/src/progress/extension-request.entity.js';
import { ReportContribution } from '../../core/src/progress/report-contribution.entity.js';
import { SupervisionNotice } from '../../core/src/progress/supervision-notice.entity.js';
import { TaskComment } from '../../core/src/progress/task-comment.entity.js';
import { TaskReport } from '../../core/src/progress/task-report.entity.js';
import { Delivery } from '../../core/src/reminders/delivery.entity.js';
import { WebhookEndpoint } from '../../core/src/reminders/webhook-endpoint.entity.js';
import { Notification } from '../../core/src/reminders/notification.entity.js';
import { Reminder } from '../../core/src/reminders/reminder.entity.js';
import { AgencyContact } from '../../core/src/agencies/agency-contact.entity.js';
import { DocumentSection } from '../../core/src/documents/document-section.entity.js';
import { PolicyDocument } from '../../core/src/documents/policy-document.entity.js';
import { SourceFile } from '../../core/src/documents/source-file.entity.js';
import { TaskAssignment } from '../../core/src/tasks/task-assignment.entity.js';
import { Task } from '../../core/src/tasks/task.entity.js';
import { User } from '../../core/src/users/user.entity.js';

/** Every entity, listed explicitly (no globs: they break under ESM and bundlers). */
export const entities = [
  Agency,
  AgencyAlias,
  SourceFile,
  PolicyDocument,
  DocumentSection,
  Task,
  TaskAssignment,
  User,
  AuditEvent,
  ImportJob,
  BestPracticeCase,
  TaskReport,
  ReportContribution,
  ExtensionRequest,
  TaskComment,
  SupervisionNotice,
  Attachment,
  Reminder,
  Notification,
  Delivery,
  WebhookEndpoint,
  AgencyContact,
  Setting,
  TaskLight,
  TaskLightChange,
  WeeklySnapshot,
  CaseAdoption,
];
