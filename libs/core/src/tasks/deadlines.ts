/**
 * Dates of the tracker are calendar days in China's time zone (Asia/Shanghai,
 * UTC+8 all year, no daylight saving). Pure functions; the caller passes "now".
 */
const SHANGHAI_OFFSET_MS = 8 * 3600 * 1000;
const DAY_MS = 24 * 3600 * 1000;

/** The calendar day (YYYY-MM-DD) it is in Shanghai at this instant. */
export function shanghaiDate(at: Date): string {
  return new Date(at.getTime() + SHANGHAI_OFFSET_MS).toISOString().slice(0, 10);
}

/** Whole days from `from` to `to` (both YYYY-MM-DD); negative when `to` is earlier. */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS);
}

/** The deadline lateness is judged against: an approved extension's date, else the original one. */
export function effectiveDeadline(task: {
  deadlineDate: string | null;
  extendedDeadline: string | null;
}): string | null {
  return task.extendedDeadline ?? task.deadlineDate;
}

/** Days past the effective deadline (0 when not overdue, or when there is no date). */
export function daysOverdue(deadline: string | null, at: Date): number {
  if (!deadline) return 0;
  return Math.max(0, daysBetween(deadline, shanghaiDate(at)));
}

/**
 * The ISO week (`2026-W47`) an instant falls in, in Shanghai: the weekly
 * reporting period. Weeks start on Monday; week 1 holds the year's first Thursday.
 */
export function reportingPeriod(at: Date): string {
  const day = new Date(`${shanghaiDate(at)}T00:00:00Z`);
  const weekday = (day.getUTCDay() + 6) % 7; // Monday = 0
  const thursday = new Date(day.getTime() + (3 - weekday) * DAY_MS);
  const yearStart = Date.UTC(thursday.getUTCFullYear(), 0, 1);
  const week = Math.floor((thursday.getTime() - yearStart) / DAY_MS / 7) + 1;
  return `${thursday.getUTCFullYear()}-W${String(week).padStart(2, '0')}`;
}

/** The Monday and Sunday (YYYY-MM-DD) of an ISO week such as `2026-W47`. */
export function periodBounds(period: string): { start: string; end: string } {
  const match = /^(\d{4})-W(\d{2})$/.exec(period);
  if (!match) throw new Error(`not an ISO week: ${period}`);
  const [year, week] = [Number(match[1]), Number(match[2])];
  const jan4 = Date.UTC(year, 0, 4);
  const jan4Weekday = (new Date(jan4).getUTCDay() + 6) % 7;
  const monday = jan4 - jan4Weekday * DAY_MS + (week - 1) * 7 * DAY_MS;
  const iso = (ms: number) => new Date(ms).toISOString().slice(0, 10);
  return { start: iso(monday), end: iso(monday + 6 * DAY_MS) };
}

export function isValidPeriod(period: string): boolean {
  if (!/^\d{4}-W\d{2}$/.test(period)) return false;
  const { start } = periodBounds(period);
  return reportingPeriod(new Date(`${start}T04:00:00Z`)) === period;
}

/** A report for `period` is late once that week is over in Shanghai. */
export function isLateReport(period: string, submittedAt: Date): boolean {
  return shanghaiDate(submittedAt) > periodBounds(period).end;
}
