// The admin settings (libs/core/src/reminders/reminder-policy.ts, libs/core/src/reports/warning-lights.ts).

export interface ReminderPolicy {
  /** Working days before the deadline (1–60, at most 10). */
  deadlineOffsets: number[];
  /** Hour (Asia/Shanghai, 0–23) at which reminders go out. */
  sendHour: number;
  /** ISO weekdays (1 = Monday) on which this week's missing report is reminded. */
  reportReminderWeekdays: number[];
  /** Working days after a missed week before it escalates (0–20). */
  missingGraceWorkingDays: number;
  /** Working days between overdue reminders, each one level up (1–60). */
  overdueEveryWorkingDays: number;
}

export interface LightRules {
  /** Blue when the deadline is at most this many working days away (0–60). */
  nearDeadlineWorkingDays: number;
  /** Yellow when the reported percent is more than this many points behind schedule (0–100). */
  behindScheduleTolerance: number;
}

export const settingsKeys = {
  reminderPolicy: ['settings', 'reminder-policy'] as const,
  lightRules: ['settings', 'light-rules'] as const,
};
