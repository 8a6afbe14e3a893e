import { describe, expect, it } from '@jest/globals';
import {
  daysOverdue,
  effectiveDeadline,
  isLateReport,
  isValidPeriod,
  periodBounds,
  reportingPeriod,
  shanghaiDate,
} from './deadlines.js';

describe('dates in Asia/Shanghai', () => {
  it('turns the day at midnight Shanghai time, not UTC', () => {
    expect(shanghaiDate(new Date('2026-11-20T15:59:59Z'))).toBe('2026-11-20');
    expect(shanghaiDate(new Date('2026-11-20T16:00:00Z'))).toBe('2026-11-21');
  });

  it('judges lateness against an approved extension when there is one', () => {
    expect(effectiveDeadline({ deadlineDate: '2026-06-30', extendedDeadline: '2026-09-30' })).toBe('2026-09-30');
    expect(effectiveDeadline({ deadlineDate: '2026-06-30', extendedDeadline: null })).toBe('2026-06-30');
    expect(daysOverdue('2026-11-20', new Date('2026-11-21T01:00:00Z'))).toBe(1);
    expect(daysOverdue('2026-11-21', new Date('2026-11-21T15:00:00Z'))).toBe(0); // 23:00 on the day itself
    expect(daysOverdue(null, new Date())).toBe(0);
  });
});

describe('weekly reporting periods (ISO weeks)', () => {
  it('names the ISO week, including across a year boundary', () => {
    expect(reportingPeriod(new Date('2026-11-18T02:00:00Z'))).toBe('2026-W47');
    expect(reportingPeriod(new Date('2026-12-31T02:00:00Z'))).toBe('2026-W53');
    expect(reportingPeriod(new Date('2027-01-03T02:00:00Z'))).toBe('2026-W53');
    expect(reportingPeriod(new Date('2027-01-04T02:00:00Z'))).toBe('2027-W01');
    // Sunday 23:30 in Shanghai is still the old week, though it is Monday in no zone yet.
    expect(reportingPeriod(new Date('2026-11-22T15:30:00Z'))).toBe('2026-W47');
    expect(reportingPeriod(new Date('2026-11-22T16:30:00Z'))).toBe('2026-W48');
  });

  it('gives the Monday and Sunday of a week, and knows which weeks exist', () => {
    expect(periodBounds('2026-W47')).toEqual({ start: '2026-11-16', end: '2026-11-22' });
    expect(periodBounds('2027-W01')).toEqual({ start: '2027-01-04', end: '2027-01-10' });
    expect(isValidPeriod('2026-W53')).toBe(true);
    expect(isValidPeriod('2027-W53')).toBe(false);
    expect(isValidPeriod('2026-47')).toBe(false);
  });

  it('marks a report late once its week is over in Shanghai', () => {
    expect(isLateReport('2026-W47', new Date('2026-11-22T15:00:00Z'))).toBe(false);
    expect(isLateReport('2026-W47', new Date('2026-11-22T16:30:00Z'))).toBe(true);
  });
});
