import { describe, expect, it } from '@jest/globals';
import {
  DEFAULT_REMINDER_POLICY,
  type TaskForReminders,
  atLocalHour,
  calendarGaps,
  planReminders,
  validateReminderPolicy,
} from './reminder-policy.js';

const none = new Set<string>();
const task = (fields: Partial<TaskForReminders>): TaskForReminders => ({
  status: 'in_progress',
  effectiveDeadline: null,
  reportedPeriods: none,
  assignedOn: null,
  ...fields,
});
const times = (list: ReturnType<typeof planReminders>) =>
  list.map((r) => `${r.kind}/${r.level}@${r.dueAt.toISOString()}`);

describe('planReminders', () => {
  it('reminds 10, 3 and 1 working days before a deadline at 09:00, skipping the National Day holiday', () => {
    // Deadline Monday 12 October 2026. Working days before it: 10th (make-up Saturday), 9th, 8th, then after the
    // National Day holiday 30, 29, 28 September, then before the Mid-Autumn Festival (25th off) 24, 23, 22, 21.
    const plan = planReminders(
      task({ effectiveDeadline: '2026-10-12', reportedPeriods: new Set(['2026-W38', '2026-W39']) }),
      new Date('2026-09-21T00:00:00Z'),
    );
    const approaching = plan.filter((r) => r.kind === 'deadline_approaching');
    expect(approaching.map((r) => r.dueAt.toISOString())).toEqual([
      '2026-09-21T01:00:00.000Z', // 10 working days before: Monday 21 September, 09:00 in Beijing
      '2026-10-08T01:00:00.000Z', // 3 before: Thursday 8 October, the first working day after the holiday
      '2026-10-10T01:00:00.000Z', // 1 before: Saturday 10 October, a make-up working day
    ]);
  });

  it('reminds Thursday and Friday for this week’s report until it is in', () => {
    const monday = new Date('2026-11-16T02:00:00Z');
    const due = planReminders(task({ reportedPeriods: new Set(['2026-W46']) }), monday).filter(
      (r) => r.kind === 'report_due',
    );
    expect(due.map((r) => r.dueAt.toISOString())).toEqual(['2026-11-19T01:00:00.000Z', '2026-11-20T01:00:00.000Z']);
    const reported = planReminders(task({ reportedPeriods: new Set(['2026-W46', '2026-W47']) }), monday);
    expect(reported.filter((r) => r.kind === 'report_due')).toEqual([]);
  });

  it('marks last week’s report missing the next working day and escalates after the grace period', () => {
    const monday = new Date('2026-11-16T00:00:00Z'); // 08:00 in Beijing, before the send hour
    const plan = planReminders(task({ reportedPeriods: new Set(['2026-W47']) }), monday);
    expect(times(plan.filter((r) => r.kind.startsWith('report_')))).toEqual([
      'report_missing/chase@2026-11-16T01:00:00.000Z',
      'report_escalation/supervise@2026-11-18T01:00:00.000Z',
    ]);
  });

  it('sends the next overdue reminder one level up the ladder each time', () => {
    const deadline = '2026-11-02';
    const level = (iso: string) =>
      planReminders(
        task({
          effectiveDeadline: deadline,
          reportedPeriods: new Set(['2026-W45', '2026-W46', '2026-W47', '2026-W48', '2026-W49']),
        }),
        new Date(iso),
      ).find((r) => r.kind === 'overdue');
    expect(level('2026-11-02T10:00:00Z')).toMatchObject({ level: 'remind', dueAt: atLocalHour('2026-11-03', 9) });
    expect(level('2026-11-03T02:00:00Z')).toMatchObject({ level: 'chase', dueAt: atLocalHour('2026-11-10', 9) });
    expect(level('2026-11-10T02:00:00Z')).toMatchObject({ level: 'supervise', dueAt: atLocalHour('2026-11-17', 9) });
    expect(level('2026-11-17T02:00:00Z')).toMatchObject({ level: 'bulletin', dueAt: atLocalHour('2026-11-24', 9) });
    expect(level('2026-11-24T02:00:00Z')).toMatchObject({ level: 'bulletin', dueAt: atLocalHour('2026-12-01', 9) });
  });

  it('plans nothing for tasks not yet handed over, finished or suspended, and no deadline reminders for ongoing ones', () => {
    const now = new Date('2026-11-16T00:00:00Z');
    for (const status of ['registered', 'completed', 'closed', 'cancelled', 'suspended'] as const) {
      expect(planReminders(task({ status, effectiveDeadline: '2026-12-31' }), now)).toEqual([]);
    }
    const ongoing = planReminders(task({ effectiveDeadline: null, reportedPeriods: new Set(['2026-W46']) }), now);
    expect(ongoing.map((r) => r.kind)).toEqual(['report_due', 'report_due']);
  });

  it('gives every reminder a stable key, so that re-planning finds the same ones', () => {
    const input = task({ effectiveDeadline: '2026-12-31' });
    const a = planReminders(input, new Date('2026-11-16T00:00:00Z'));
    const b = planReminders(input, new Date('2026-11-16T00:30:00Z'));
    expect(b.map((r) => r.key)).toEqual(a.map((r) => r.key));
  });

  it('names the years the official calendar does not cover', () => {
    expect(calendarGaps(task({ effectiveDeadline: '2099-06-30' }), new Date('2026-11-16T00:00:00Z'))).toContain(2099);
    expect(calendarGaps(task({ effectiveDeadline: '2026-12-31' }), new Date('2026-11-16T00:00:00Z'))).toEqual([]);
  });
});

describe('validateReminderPolicy', () => {
  it('fills missing settings with the defaults and orders the lists', () => {
    expect(validateReminderPolicy({})).toEqual(DEFAULT_REMINDER_POLICY);
    expect(validateReminderPolicy({ deadlineOffsets: [1, 5, 5, 20], reportReminderWeekdays: [5, 3] })).toEqual({
      ...DEFAULT_REMINDER_POLICY,
      deadlineOffsets: [20, 5, 1],
      reportReminderWeekdays: [3, 5],
    });
  });

  it('refuses unknown keys and out-of-range values with the setting named', () => {
    expect(() => validateReminderPolicy({ sendHours: 9 })).toThrow('unknown reminder policy setting: sendHours');
    expect(() => validateReminderPolicy({ sendHour: 24 })).toThrow('sendHour must be an integer from 0 to 23');
    expect(() => validateReminderPolicy({ reportReminderWeekdays: [0] })).toThrow(/reportReminderWeekdays/);
    expect(() => validateReminderPolicy({ overdueEveryWorkingDays: 1.5 })).toThrow(/overdueEveryWorkingDays/);
    expect(() => validateReminderPolicy([])).toThrow('must be an object');
  });
});

describe('weekly reports owed after the hand-over', () => {
  it('asks nothing for the week of the hand-over or the week before it; from the next full week on, as usual', () => {
    const monday = new Date('2026-11-16T03:00:00Z'); // Monday of 2026-W47, 11:00 in Beijing
    const kinds = (assignedOn: string | null) =>
      planReminders(task({ status: 'acknowledged', assignedOn }), monday).map((r) => r.key);
    // Handed over this Monday: nothing for W47 nor for W46.
    expect(kinds('2026-11-16')).toEqual([]);
    // Handed over during W46: W47 is owed, W46 is not missing.
    expect(kinds('2026-11-11')).toEqual(['report-due-2026-W47-4', 'report-due-2026-W47-5']);
    // Handed over before W46: W46 is missing (told at 09:00 today, already past) and escalates on Wednesday.
    expect(kinds('2026-11-06')).toEqual([
      'report-escalation-2026-W46',
      'report-due-2026-W47-4',
      'report-due-2026-W47-5',
    ]);
  });

  it('plans the next overdue step of a task years past its deadline quickly, on the ladder’s top rung', () => {
    const started = performance.now();
    const plan = planReminders(task({ effectiveDeadline: '2019-06-30' }), new Date('2026-11-16T03:00:00Z'));
    expect(performance.now() - started).toBeLessThan(500);
    expect(plan.filter((r) => r.kind === 'overdue').map((r) => r.level)).toEqual(['bulletin']);
  });
});
