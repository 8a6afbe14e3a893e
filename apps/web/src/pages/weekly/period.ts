// ISO weeks (2026-W47) as the API names reporting periods, in Beijing time.
import { formatDate } from '../../lib/format';

const DAY = 86_400_000;
const PERIOD = /^(\d{4})-W(\d{2})$/;

export function isPeriod(value: string): boolean {
  const match = PERIOD.exec(value);
  if (!match) return false;
  const week = Number(match[2]);
  return week >= 1 && week <= weeksIn(Number(match[1]));
}

function weeksIn(year: number): number {
  // A year has 53 ISO weeks when 28 December falls in week 53.
  return Number(periodOf(Date.UTC(year, 11, 28)).slice(6));
}

/** The ISO week of a UTC midnight. */
function periodOf(utc: number): string {
  const date = new Date(utc);
  const weekday = date.getUTCDay() || 7;
  const thursday = new Date(utc + (4 - weekday) * DAY);
  const year = thursday.getUTCFullYear();
  const week = Math.ceil(((thursday.getTime() - Date.UTC(year, 0, 1)) / DAY + 1) / 7);
  return `${year}-W${String(week).padStart(2, '0')}`;
}

/** The ISO week a Beijing date (YYYY-MM-DD) falls in. */
export function periodOfDate(date: string): string {
  const [year, month, day] = date.split('-').map(Number);
  return periodOf(Date.UTC(year, month - 1, day));
}

/** Monday and Sunday of an ISO week, YYYY-MM-DD. */
export function periodRange(period: string): { start: string; end: string } | null {
  const match = PERIOD.exec(period);
  if (!match) return null;
  const jan4 = Date.UTC(Number(match[1]), 0, 4);
  const monday = jan4 - ((new Date(jan4).getUTCDay() || 7) - 1) * DAY + (Number(match[2]) - 1) * 7 * DAY;
  const iso = (utc: number) => new Date(utc).toISOString().slice(0, 10);
  return { start: iso(monday), end: iso(monday + 6 * DAY) };
}

/** The week `offset` weeks from `period` (−1: the one before). */
export function shiftPeriod(period: string, offset: number): string | null {
  const range = periodRange(period);
  if (!range) return null;
  return periodOf(Date.parse(`${range.start}T00:00:00Z`) + offset * 7 * DAY);
}

/** The weeks that have ended, newest first (the API builds only those). */
export function closedPeriods(count: number, now: Date = new Date()): string[] {
  const current = periodOfDate(formatDate(now));
  const periods: string[] = [];
  for (let i = 1; i <= count; i++) periods.push(shiftPeriod(current, -i) as string);
  return periods;
}
