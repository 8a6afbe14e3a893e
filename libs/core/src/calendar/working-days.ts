import chineseDays from 'chinese-days';

/**
 * China's official working days (public holidays and the make-up working days
 * of 调休), from the `chinese-days` data package. Dates are calendar days
 * (YYYY-MM-DD) in Asia/Shanghai. Pure apart from the bundled data.
 */
const calendar = chineseDays as unknown as {
  isWorkday(date: string): boolean;
  getHolidaysInRange(start: string, end: string, includeWeekends?: boolean): string[];
};

const DAY_MS = 24 * 3600 * 1000;

function shift(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
}

const coverage = new Map<number, boolean>();

/**
 * Whether the State Council's arrangement for this year is in the data. A year
 * without it falls back to Monday–Friday, which is wrong around every holiday,
 * so callers must warn loudly (see `missingCalendarYears`).
 */
export function calendarCovers(year: number): boolean {
  let covered = coverage.get(year);
  if (covered === undefined) {
    // Every published year has statutory holidays on weekdays (元旦 at least).
    covered = calendar.getHolidaysInRange(`${year}-01-01`, `${year}-12-31`, false).length > 0;
    coverage.set(year, covered);
  }
  return covered;
}

/** The years between two dates whose official calendar is not in the data. */
export function missingCalendarYears(from: string, to: string): number[] {
  const missing: number[] = [];
  for (let year = Number(from.slice(0, 4)); year <= Number(to.slice(0, 4)); year++) {
    if (!calendarCovers(year)) missing.push(year);
  }
  return missing;
}

export function isWorkingDay(date: string): boolean {
  if (calendarCovers(Number(date.slice(0, 4)))) return calendar.isWorkday(date);
  const weekday = new Date(`${date}T00:00:00Z`).getUTCDay();
  return weekday !== 0 && weekday !== 6;
}

/** The date itself when it is a working day, else the next working day (a reminder for a holiday moves here). */
export function onOrNextWorkingDay(date: string): string {
  let day = date;
  for (let i = 0; i < 60 && !isWorkingDay(day); i++) day = shift(day, 1);
  return day;
}

/** `n` working days after (n > 0) or before (n < 0) a date, not counting the date itself. */
export function addWorkingDays(date: string, n: number): string {
  const step = n >= 0 ? 1 : -1;
  let day = date;
  for (let left = Math.abs(n); left > 0;) {
    day = shift(day, step);
    if (isWorkingDay(day)) left--;
  }
  return day;
}

/** Working days from `from` (exclusive) to `to` (inclusive); negative when `to` is earlier. */
export function workingDaysBetween(from: string, to: string): number {
  if (from === to) return 0;
  const [start, end, sign] = from < to ? [from, to, 1] : [to, from, -1];
  let count = 0;
  for (let day = shift(start, 1); day <= end; day = shift(day, 1)) if (isWorkingDay(day)) count++;
  return sign * count;
}
