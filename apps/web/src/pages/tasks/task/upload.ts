import { api } from '../../../api';
import type { Attachment } from '../../../lib/types';

/** POST /api/tasks/:id/attachments (multipart `file`, optional `reportId` sent before it). */
export function uploadEvidence(taskId: string, file: File, reportId?: string): Promise<Attachment> {
  const form = new FormData();
  // The server reads the fields that come before the file part.
  if (reportId) form.append('reportId', reportId);
  form.append('file', file, file.name);
  return api<Attachment>(`/api/tasks/${taskId}/attachments`, { method: 'POST', form });
}

/** What the API accepts as evidence (progress.service.ts). */
export const EVIDENCE_ACCEPT = '.pdf,.doc,.docx,.xls,.xlsx,.ppt,.pptx,.txt,.csv,.png,.jpg,.jpeg,.gif,.zip,.ofd,.wps';
