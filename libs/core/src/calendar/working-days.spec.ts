import { describe, expect, it } from '@jest/globals';
import {
  addWorkingDays,
  calendarCovers,
  isWorkingDay,
  missingCalendarYears,
  onOrNextWorkingDay,
  workingDaysBetween,
} from './working-days.js';

// 2026 National Day: 1–7 October off; Sunday 20 September and Saturday 10 October are make-up working days.
describe('China’s working-day calendar', () => {
  it('knows holidays and make-up working days', () => {
    expect(isWorkingDay('2026-10-01')).toBe(false);
    expect(isWorkingDay('2026-10-07')).toBe(false);
    expect(isWorkingDay('2026-10-10')).toBe(true); // a Saturday worked in lieu
    expect(isWorkingDay('2026-09-20')).toBe(true); // a Sunday worked in lieu
    expect(isWorkingDay('2026-10-11')).toBe(false); // an ordinary Sunday
    expect(isWorkingDay('2026-11-20')).toBe(true);
  });

  it('counts working days across the National Day holiday', () => {
    expect(addWorkingDays('2026-09-30', 1)).toBe('2026-10-08');
    expect(addWorkingDays('2026-10-08', 2)).toBe('2026-10-10'); // Friday 9th, then the make-up Saturday
    expect(addWorkingDays('2026-10-12', -3)).toBe('2026-10-08');
    expect(workingDaysBetween('2026-09-30', '2026-10-12')).toBe(4); // 8, 9, 10, 12
    expect(workingDaysBetween('2026-10-12', '2026-09-30')).toBe(-4);
  });

  it('moves a date that falls on a holiday to the next working day', () => {
    expect(onOrNextWorkingDay('2026-10-03')).toBe('2026-10-08');
    expect(onOrNextWorkingDay('2026-10-10')).toBe('2026-10-10');
  });

  it('says which years the official data does not cover yet', () => {
    expect(calendarCovers(2026)).toBe(true);
    expect(calendarCovers(2099)).toBe(false);
    expect(missingCalendarYears('2026-06-01', '2099-01-01')).toContain(2099);
    expect(missingCalendarYears('2025-01-01', '2026-12-31')).toEqual([]);
    // Without data a year falls back to Monday–Friday.
    expect(isWorkingDay('2099-01-01')).toBe(true); // a Thursday
    expect(isWorkingDay('2099-01-03')).toBe(false); // a Saturday
  });
});
