import { addWorkingDays, missingCalendarYears, onOrNextWorkingDay } from '../calendar/working-days.js';
import { periodBounds, reportingPeriod, shanghaiDate } from '../tasks/deadlines.js';
import { isOpen } from '../tasks/task-lifecycle.js';
import { type TaskStatus } from '../tasks/task-status.js';

/** The escalation ladder: 提醒 → 催办 → 督办 → 通报 (the last goes to supervisors). */
export const ESCALATION_LEVELS = ['remind', 'chase', 'supervise', 'bulletin'] as const;
export type EscalationLevel = (typeof ESCALATION_LEVELS)[number];

export const REMINDER_KINDS = [
  'deadline_approaching',
  'report_due', // this week's report is not in yet
  'report_missing', // last week's report never came
  'report_escalation', // … and still has not, after the grace period
  'overdue',
] as const;
export type ReminderKind = (typeof REMINDER_KINDS)[number];

/** Admin-configurable; the defaults are what most offices use. */
export interface ReminderPolicy {
  /** Working days before the deadline. */
  deadlineOffsets: number[];
  /** Local hour (Asia/Shanghai) at which reminders go out. */
  sendHour: number;
  /** ISO weekdays (1 = Monday) on which a missing report for the current week is reminded. */
  reportReminderWeekdays: number[];
  /** Working days after a missed week before it escalates one level. */
  missingGraceWorkingDays: number;
  /** Working days between overdue reminders, each one level up the ladder. */
  overdueEveryWorkingDays: number;
}

export const DEFAULT_REMINDER_POLICY: ReminderPolicy = {
  deadlineOffsets: [10, 3, 1],
  sendHour: 9,
  reportReminderWeekdays: [4, 5],
  missingGraceWorkingDays: 2,
  overdueEveryWorkingDays: 5,
};

/**
 * Checks a policy coming from an admin. Missing keys take the default, unknown
 * keys are refused (a misspelt key would otherwise fall back silently).
 */
export function validateReminderPolicy(input: unknown): ReminderPolicy {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    throw new Error('the reminder policy must be an object');
  }
  const record = input as Record<string, unknown>;
  const known = Object.keys(DEFAULT_REMINDER_POLICY);
  const unknown = Object.keys(record).filter((key) => !known.includes(key));
  if (unknown.length > 0) throw new Error(`unknown reminder policy setting: ${unknown.join(', ')}`);
  const integer = (key: keyof ReminderPolicy, min: number, max: number): number => {
    const value = record[key] ?? DEFAULT_REMINDER_POLICY[key];
    if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
      throw new Error(`${key} must be an integer from ${min} to ${max} (got ${JSON.stringify(value)})`);
    }
    return value;
  };
  const integers = (key: keyof ReminderPolicy, min: number, max: number, maxCount: number): number[] => {
    const value = record[key] ?? DEFAULT_REMINDER_POLICY[key];
    if (
      !Array.isArray(value) ||
      value.length > maxCount ||
      value.some((n) => typeof n !== 'number' || !Number.isInteger(n) || n < min || n > max)
    ) {
      throw new Error(`${key} must be a list of at most ${maxCount} integers from ${min} to ${max}`);
    }
    return [...new Set(value as number[])].sort((a, b) => a - b);
  };
  return {
    deadlineOffsets: integers('deadlineOffsets', 1, 60, 10).reverse(),
    sendHour: integer('sendHour', 0, 23),
    reportReminderWeekdays: integers('reportReminderWeekdays', 1, 7, 7),
    missingGraceWorkingDays: integer('missingGraceWorkingDays', 0, 20),
    overdueEveryWorkingDays: integer('overdueEveryWorkingDays', 1, 60),
  };
}

export interface PlannedReminder {
  kind: ReminderKind;
  level: EscalationLevel;
  /** When to send: `sendHour` on a working day, in Asia/Shanghai. */
  dueAt: Date;
  /** Stable identity within the task, so that re-planning finds the same reminder. */
  key: string;
}

export interface TaskForReminders {
  status: TaskStatus;
  /** Deadline in force (extension or original); null for ongoing tasks. */
  effectiveDeadline: string | null;
  /** ISO weeks for which the lead agency has a report in. */
  reportedPeriods: ReadonlySet<string>;
  /**
   * The Shanghai date of the hand-over (交办). A week's report is owed only by a
   * task handed over before that week began; null (unknown) counts as owed.
   */
  assignedOn: string | null;
}

/** `sendHour` o'clock in Shanghai (UTC+8) on a calendar day. */
export function atLocalHour(date: string, hour: number): Date {
  return new Date(Date.parse(`${date}T00:00:00Z`) + (hour - 8) * 3600 * 1000);
}

function ladder(step: number): EscalationLevel {
  return ESCALATION_LEVELS[Math.min(step, ESCALATION_LEVELS.length - 1)];
}

/**
 * The reminders a task should have from `now` on: deadline approaching, this
 * week's report due, last week's report missing (and its escalation), and the
 * next overdue reminder. Past ones are left out; a reminder that would fall on
 * a holiday moves to the next working day. Pure: re-planning after any change
 * (deadline, owner, status, report) gives the set to keep, add and cancel.
 */
export function planReminders(
  task: TaskForReminders,
  now: Date,
  policy: ReminderPolicy = DEFAULT_REMINDER_POLICY,
): PlannedReminder[] {
  if (!isOpen(task.status) || task.status === 'registered') return [];
  const planned: PlannedReminder[] = [];
  const add = (kind: ReminderKind, level: EscalationLevel, day: string, key: string) => {
    const dueAt = atLocalHour(onOrNextWorkingDay(day), policy.sendHour);
    if (dueAt > now) planned.push({ kind, level, dueAt, key });
  };
  const deadline = task.effectiveDeadline;
  const today = shanghaiDate(now);

  if (deadline && deadline >= today) {
    for (const offset of policy.deadlineOffsets) {
      add('deadline_approaching', 'remind', addWorkingDays(deadline, -offset), `deadline-${deadline}-${offset}`);
    }
  }

  if (deadline && deadline < shanghaiDate(atLocalHour(today, 24))) {
    // Overdue from the working day after the deadline, then every N working days, one level up each time.
    // Each step counts on from the one before (not from the first), so a task overdue for years
    // costs a few working days per step, not the whole span again.
    let day = onOrNextWorkingDay(addWorkingDays(deadline, 1));
    for (let step = 0; step < 100_000; step++, day = addWorkingDays(day, policy.overdueEveryWorkingDays)) {
      const dueAt = atLocalHour(day, policy.sendHour);
      if (dueAt > now) {
        planned.push({ kind: 'overdue', level: ladder(step), dueAt, key: `overdue-${deadline}-${step}` });
        break; // only the next one; sending it plans the one after
      }
    }
  }

  if (task.status === 'acknowledged' || task.status === 'in_progress') {
    const owes = (week: string) =>
      !task.reportedPeriods.has(week) && (task.assignedOn === null || task.assignedOn < periodBounds(week).start);
    const period = reportingPeriod(now);
    if (owes(period)) {
      const { start } = periodBounds(period);
      for (const weekday of policy.reportReminderWeekdays) {
        const day = new Date(Date.parse(`${start}T00:00:00Z`) + (weekday - 1) * 86_400_000).toISOString().slice(0, 10);
        add('report_due', 'remind', day, `report-due-${period}-${weekday}`);
      }
    }
    const lastWeek = reportingPeriod(new Date(now.getTime() - 7 * 86_400_000));
    if (owes(lastWeek)) {
      const closed = periodBounds(lastWeek).end;
      add('report_missing', 'chase', addWorkingDays(closed, 1), `report-missing-${lastWeek}`);
      add(
        'report_escalation',
        'supervise',
        addWorkingDays(closed, 1 + policy.missingGraceWorkingDays),
        `report-escalation-${lastWeek}`,
      );
    }
  }
  return planned.sort((a, b) => a.dueAt.getTime() - b.dueAt.getTime() || a.key.localeCompare(b.key));
}

/** Years a plan depends on that the official calendar does not cover: to be logged loudly. */
export function calendarGaps(task: TaskForReminders, now: Date): number[] {
  const until =
    task.effectiveDeadline && task.effectiveDeadline > shanghaiDate(now) ? task.effectiveDeadline : shanghaiDate(now);
  return missingCalendarYears(shanghaiDate(now), until);
}
