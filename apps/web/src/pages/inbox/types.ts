// The inbox's shapes (GET /api/inbox; libs/core/src/reminders/notification.entity.ts).

/** What a message is about; reminder kinds come from reminder-policy.ts, the others from notices, lights, reports. */
export const NOTIFICATION_KINDS = [
  'deadline_approaching',
  'report_due',
  'report_missing',
  'report_escalation',
  'overdue',
  'notice_chase',
  'notice_supervision',
  'light_red',
] as const;

/** The escalation ladder: 提醒 → 催办 → 督办 → 通报. */
export const NOTIFICATION_LEVELS = ['remind', 'chase', 'supervise', 'bulletin'] as const;

export interface NotificationItem {
  taskId: string;
  title: string;
  kind: string;
  level: string;
  deadline: string | null;
}

export interface Notification {
  id: string;
  userId: string;
  /** The run it belongs to: a reminder minute, `notice-…`, `light-red-…` or `weekly-report-<period>`. */
  runKey: string;
  title: string;
  body: string;
  items: NotificationItem[];
  createdAt: string;
  readAt: string | null;
}

export const inboxKeys = {
  all: ['inbox'] as const,
  list: (params: { page: number; pageSize: number; unreadOnly: boolean }) => ['inbox', 'list', params] as const,
};
