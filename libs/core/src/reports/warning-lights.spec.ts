import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { isWorkingDay, workingDaysBetween } from '../calendar/working-days.js';
import { TASK_STATUSES, type TaskStatus } from '../tasks/task-status.js';
import { LIGHTS, type Light } from './report-types.js';
import {
  compareLights,
  DEFAULT_LIGHT_RULES,
  evaluateLight,
  expectedProgress,
  REASON_LIGHT,
  UNTRACKED_STATUSES,
  validateLightRules,
  type LightFacts,
} from './warning-lights.js';

/** An in-progress task assigned 2026-03-01, due 2026-06-09 (100 days), nothing reported wrong. */
function facts(overrides: Partial<LightFacts> = {}): LightFacts {
  return {
    status: 'in_progress',
    deadline: '2026-06-09',
    assignedOn: '2026-03-01',
    latestReport: { percent: 50, rating: 'on_track' },
    reportMissing: false,
    ...overrides,
  };
}

const MIDWAY = '2026-04-20'; // 50 of the 100 days elapsed

describe('序时进度 (expected progress)', () => {
  it('is the elapsed share of calendar days from assignment to the deadline', () => {
    expect(expectedProgress('2026-03-01', '2026-06-09', '2026-03-01')).toBe(0);
    expect(expectedProgress('2026-03-01', '2026-06-09', MIDWAY)).toBe(50);
    expect(expectedProgress('2026-03-01', '2026-06-09', '2026-06-08')).toBe(99);
    expect(expectedProgress('2026-03-01', '2026-06-09', '2026-06-09')).toBe(100);
  });

  it('is clamped to 0..100', () => {
    expect(expectedProgress('2026-03-01', '2026-06-09', '2026-02-01')).toBe(0);
    expect(expectedProgress('2026-03-01', '2026-06-09', '2026-12-31')).toBe(100);
  });

  it('is rounded to one decimal', () => {
    expect(expectedProgress('2026-03-01', '2026-03-04', '2026-03-02')).toBe(33.3);
    expect(expectedProgress('2026-03-01', '2026-03-04', '2026-03-03')).toBe(66.7);
  });

  it('is 100 when assigned on or after the deadline', () => {
    expect(expectedProgress('2026-06-09', '2026-06-09', '2026-06-01')).toBe(100);
    expect(expectedProgress('2026-07-01', '2026-06-09', '2026-06-01')).toBe(100);
  });

  it('is null without a deadline (持续推进) or without an assignment date', () => {
    expect(expectedProgress('2026-03-01', null, MIDWAY)).toBeNull();
    expect(expectedProgress(null, '2026-06-09', MIDWAY)).toBeNull();
  });
});

describe('each rule on its own', () => {
  it('green when nothing is wrong', () => {
    expect(evaluateLight(facts(), MIDWAY)).toEqual({ light: 'green', reasons: ['on_track'], expectedPercent: 50 });
  });

  it('blue when the deadline is within 5 working days, including the deadline day itself', () => {
    // 2026-06-09 is a Tuesday; from Tuesday 06-02 the working days after today are 06-03..05, 06-08, 06-09.
    expect(evaluateLight(facts({ latestReport: { percent: 100, rating: 'on_track' } }), '2026-06-02')).toMatchObject({
      light: 'blue',
      reasons: ['deadline_near'],
    });
    expect(evaluateLight(facts({ latestReport: { percent: 100, rating: 'on_track' } }), '2026-06-09').light).toBe(
      'blue',
    );
    // Monday 06-01: six working days away.
    expect(evaluateLight(facts({ latestReport: { percent: 100, rating: 'on_track' } }), '2026-06-01').light).toBe(
      'green',
    );
  });

  it('yellow when the latest report self-rates at risk', () => {
    expect(evaluateLight(facts({ latestReport: { percent: 50, rating: 'at_risk' } }), MIDWAY)).toMatchObject({
      light: 'yellow',
      reasons: ['self_rated_at_risk'],
    });
  });

  it('yellow when a weekly report is missing', () => {
    expect(evaluateLight(facts({ reportMissing: true }), MIDWAY)).toMatchObject({
      light: 'yellow',
      reasons: ['report_missing'],
    });
    // With no report ever filed, the missing one is all there is to judge.
    expect(evaluateLight(facts({ latestReport: null, reportMissing: true }), MIDWAY).reasons).toEqual([
      'report_missing',
    ]);
  });

  it('red when past the deadline in force', () => {
    expect(evaluateLight(facts({ latestReport: { percent: 100, rating: 'on_track' } }), '2026-06-10')).toMatchObject({
      light: 'red',
      reasons: ['overdue'],
      expectedPercent: 100,
    });
  });

  it('red when the latest report self-rates off track', () => {
    expect(evaluateLight(facts({ latestReport: { percent: 50, rating: 'off_track' } }), MIDWAY)).toMatchObject({
      light: 'red',
      reasons: ['self_rated_off_track'],
    });
  });
});

describe('behind schedule', () => {
  it('fires only beyond the tolerance, not at exactly it', () => {
    const at = (percent: number) => evaluateLight(facts({ latestReport: { percent, rating: 'on_track' } }), MIDWAY);
    expect(at(40)).toMatchObject({ light: 'green', expectedPercent: 50 }); // 10 points behind
    expect(at(39)).toMatchObject({ light: 'yellow', reasons: ['behind_schedule'] }); // 11 points behind
  });

  it('honours a custom tolerance, including zero', () => {
    const rules = { ...DEFAULT_LIGHT_RULES, behindScheduleTolerance: 0 };
    const at = (percent: number) =>
      evaluateLight(facts({ latestReport: { percent, rating: 'on_track' } }), MIDWAY, rules).light;
    expect(at(50)).toBe('green');
    expect(at(49)).toBe('yellow');
  });

  it('judges the rounded 序时进度 that is shown, without float noise at the boundary', () => {
    const third = facts({ assignedOn: '2026-03-01', deadline: '2026-03-04' });
    const rules = { ...DEFAULT_LIGHT_RULES, nearDeadlineWorkingDays: 0 };
    const at = (percent: number) =>
      evaluateLight({ ...third, latestReport: { percent, rating: 'on_track' } }, '2026-03-02', rules);
    expect(at(23.3)).toMatchObject({ light: 'green', expectedPercent: 33.3 }); // 33.3 − 23.3 is 10.000000000000004 in floats
    expect(at(23)).toMatchObject({ light: 'yellow', reasons: ['behind_schedule'] });
  });

  it('is judged only for acknowledged, in-progress and completion-requested tasks', () => {
    const behind = { latestReport: { percent: 0, rating: 'on_track' as const } };
    for (const status of ['acknowledged', 'in_progress', 'completion_requested'] as const) {
      expect(evaluateLight(facts({ ...behind, status }), MIDWAY).reasons).toEqual(['behind_schedule']);
    }
    expect(evaluateLight(facts({ ...behind, status: 'assigned' }), MIDWAY).light).toBe('green');
  });

  it('needs a report and an assignment date', () => {
    expect(evaluateLight(facts({ latestReport: null }), MIDWAY).light).toBe('green');
    expect(
      evaluateLight(facts({ assignedOn: null, latestReport: { percent: 0, rating: 'on_track' } }), MIDWAY),
    ).toEqual({ light: 'green', reasons: ['on_track'], expectedPercent: null });
  });
});

describe('the worst light wins', () => {
  it('lists every rule that fired, worst first', () => {
    const verdict = evaluateLight(
      facts({ latestReport: { percent: 20, rating: 'off_track' }, reportMissing: true }),
      '2026-06-15',
    );
    expect(verdict).toEqual({
      light: 'red',
      reasons: ['overdue', 'self_rated_off_track', 'behind_schedule', 'report_missing'],
      expectedPercent: 100,
    });
  });

  it('keeps the lesser lights as further reasons (红灯：逾期；另：未报周报)', () => {
    const done = { percent: 100, rating: 'on_track' as const };
    expect(evaluateLight(facts({ latestReport: done, reportMissing: true }), '2026-06-10').reasons).toEqual([
      'overdue',
      'report_missing',
    ]);
    expect(
      evaluateLight(facts({ latestReport: { percent: 95, rating: 'at_risk' }, reportMissing: true }), '2026-06-05'),
    ).toMatchObject({ light: 'yellow', reasons: ['self_rated_at_risk', 'report_missing', 'deadline_near'] });
  });
});

describe('near deadlines in China working days', () => {
  it('uses the real calendar around National Day 2026', () => {
    // The data this test relies on: 10-01..07 off, 10-08 to 10-10 (a make-up Saturday) worked.
    expect(['2026-09-29', '2026-09-30'].map(isWorkingDay)).toEqual([true, true]);
    expect(['2026-10-01', '2026-10-05', '2026-10-07'].map(isWorkingDay)).toEqual([false, false, false]);
    expect(['2026-10-08', '2026-10-09', '2026-10-10', '2026-10-11'].map(isWorkingDay)).toEqual([
      true,
      true,
      true,
      false,
    ]);
  });

  it('counts the holiday out: 10 calendar days but 3 working days is near', () => {
    const task = facts({ assignedOn: '2026-05-01', deadline: '2026-10-09', latestReport: null });
    expect(workingDaysBetween('2026-09-29', '2026-10-09')).toBe(3);
    expect(evaluateLight(task, '2026-09-29')).toMatchObject({ light: 'blue', reasons: ['deadline_near'] });
  });

  it('counts the make-up Saturday in: 10-12 is exactly 5 working days away, 10-13 six', () => {
    const due = (deadline: string) => facts({ assignedOn: '2026-05-01', deadline, latestReport: null });
    expect(evaluateLight(due('2026-10-12'), '2026-09-29').light).toBe('blue');
    expect(evaluateLight(due('2026-10-13'), '2026-09-29').light).toBe('green');
  });

  it('honours a custom window', () => {
    const task = facts({ assignedOn: '2026-05-01', deadline: '2026-10-09', latestReport: null });
    expect(evaluateLight(task, '2026-09-29', { ...DEFAULT_LIGHT_RULES, nearDeadlineWorkingDays: 2 }).light).toBe(
      'green',
    );
    // With a zero window only a deadline with no working day left is near: today, or a holiday with none between.
    const zero = { ...DEFAULT_LIGHT_RULES, nearDeadlineWorkingDays: 0 };
    expect(evaluateLight(task, '2026-10-09', zero).light).toBe('blue');
    expect(evaluateLight({ ...task, deadline: '2026-10-07' }, '2026-09-30', zero).light).toBe('blue');
    expect(evaluateLight(task, '2026-10-08', zero).light).toBe('green');
  });
});

describe('approved extensions', () => {
  it('judge against the deadline in force, turning red back', () => {
    const original = facts({ deadline: '2026-06-30', latestReport: { percent: 90, rating: 'on_track' } });
    expect(evaluateLight(original, '2026-07-02').light).toBe('red');
    expect(evaluateLight({ ...original, deadline: '2026-09-30' }, '2026-07-02')).toMatchObject({
      light: 'green',
      reasons: ['on_track'],
    });
    expect(evaluateLight({ ...original, deadline: '2026-07-06' }, '2026-07-02').light).toBe('blue');
  });

  it('stretch 序时进度 over the new span', () => {
    const extended = facts({ assignedOn: '2026-03-01', deadline: '2026-09-17' }); // 200 days
    expect(evaluateLight(extended, MIDWAY).expectedPercent).toBe(25);
  });
});

describe('untracked and registered tasks', () => {
  it('gives none for completed, closed, cancelled and suspended tasks, whatever else holds', () => {
    const worst = facts({ latestReport: { percent: 0, rating: 'off_track' }, reportMissing: true });
    for (const status of ['completed', 'closed', 'cancelled', 'suspended'] as const) {
      expect(evaluateLight({ ...worst, status }, '2026-12-31')).toEqual({
        light: 'none',
        reasons: ['not_tracked'],
        expectedPercent: null,
      });
    }
  });

  it('gives a registered (unassigned) task red when overdue and blue when near', () => {
    const registered = facts({ status: 'registered', assignedOn: null, latestReport: null });
    expect(evaluateLight(registered, '2026-06-10')).toMatchObject({ light: 'red', reasons: ['overdue'] });
    expect(evaluateLight(registered, '2026-06-05')).toMatchObject({ light: 'blue', reasons: ['deadline_near'] });
    expect(evaluateLight(registered, MIDWAY).light).toBe('green');
  });

  it('never gives a registered task yellow for reports or schedule', () => {
    const registered = facts({
      status: 'registered',
      latestReport: { percent: 0, rating: 'at_risk' },
      reportMissing: true,
    });
    expect(evaluateLight(registered, MIDWAY)).toMatchObject({ light: 'green', reasons: ['on_track'] });
    expect(evaluateLight(registered, '2026-06-10').reasons).toEqual(['overdue']);
  });

  it('still judges reports of an assigned task not yet signed for', () => {
    expect(evaluateLight(facts({ status: 'assigned', reportMissing: true }), MIDWAY).light).toBe('yellow');
  });
});

describe('ongoing tasks (持续推进, no deadline)', () => {
  const ongoing = facts({ deadline: null });

  it('are never blue or overdue and have no 序时进度', () => {
    expect(evaluateLight(ongoing, '2030-01-01')).toEqual({
      light: 'green',
      reasons: ['on_track'],
      expectedPercent: null,
    });
    expect(evaluateLight({ ...ongoing, latestReport: { percent: 0, rating: 'on_track' } }, '2030-01-01').light).toBe(
      'green',
    );
  });

  it('turn yellow or red through reports only', () => {
    expect(evaluateLight({ ...ongoing, reportMissing: true }, MIDWAY).light).toBe('yellow');
    expect(evaluateLight({ ...ongoing, latestReport: { percent: 50, rating: 'at_risk' } }, MIDWAY).light).toBe(
      'yellow',
    );
    expect(evaluateLight({ ...ongoing, latestReport: { percent: 50, rating: 'off_track' } }, MIDWAY).light).toBe('red');
  });
});

describe('compareLights', () => {
  it('orders none < green < blue < yellow < red, worst first when sorted descending', () => {
    const lights: Light[] = ['blue', 'none', 'red', 'green', 'yellow'];
    expect([...lights].sort((a, b) => compareLights(b, a))).toEqual(['red', 'yellow', 'blue', 'green', 'none']);
    expect(compareLights('red', 'yellow')).toBeGreaterThan(0);
    expect(compareLights('green', 'green')).toBe(0);
  });
});

describe('validateLightRules', () => {
  it('accepts valid rules and fills missing ones with the defaults', () => {
    expect(validateLightRules({ nearDeadlineWorkingDays: 3, behindScheduleTolerance: 15 })).toEqual({
      nearDeadlineWorkingDays: 3,
      behindScheduleTolerance: 15,
    });
    expect(validateLightRules({})).toEqual(DEFAULT_LIGHT_RULES);
    expect(validateLightRules({ nearDeadlineWorkingDays: 0, behindScheduleTolerance: 100 })).toEqual({
      nearDeadlineWorkingDays: 0,
      behindScheduleTolerance: 100,
    });
    expect(validateLightRules({ nearDeadlineWorkingDays: 60 }).nearDeadlineWorkingDays).toBe(60);
  });

  it('refuses anything else with a clear message', () => {
    expect(() => validateLightRules(null)).toThrow('light rules must be an object');
    expect(() => validateLightRules([5, 10])).toThrow('light rules must be an object');
    expect(() => validateLightRules(5)).toThrow('light rules must be an object');
    expect(() => validateLightRules({ nearDeadlineWorkingDays: 61 })).toThrow(
      'nearDeadlineWorkingDays must be an integer from 0 to 60 working days (got 61)',
    );
    expect(() => validateLightRules({ nearDeadlineWorkingDays: -1 })).toThrow('(got -1)');
    expect(() => validateLightRules({ nearDeadlineWorkingDays: 2.5 })).toThrow('(got 2.5)');
    expect(() => validateLightRules({ nearDeadlineWorkingDays: '5' })).toThrow('(got "5")');
    expect(() => validateLightRules({ nearDeadlineWorkingDays: Number.NaN })).toThrow('(got NaN)');
    expect(() => validateLightRules({ behindScheduleTolerance: 101 })).toThrow(
      'behindScheduleTolerance must be an integer from 0 to 100 percentage points (got 101)',
    );
    expect(() => validateLightRules({ behindScheduleTolerance: null })).toThrow('(got null)');
    expect(() => validateLightRules({ nearDeadlineDays: 5 })).toThrow('unknown light rule: nearDeadlineDays');
  });
});

describe('properties', () => {
  // Days in 2025–2026, years the bundled calendar covers.
  const date = fc
    .integer({ min: 0, max: 729 })
    .map((n) => new Date(Date.UTC(2025, 0, 1 + n)).toISOString().slice(0, 10));
  const arbitraryFacts: fc.Arbitrary<LightFacts> = fc.record({
    status: fc.constantFrom<TaskStatus>(...TASK_STATUSES),
    deadline: fc.option(date, { nil: null }),
    assignedOn: fc.option(date, { nil: null }),
    latestReport: fc.option(
      fc.record({
        percent: fc.integer({ min: 0, max: 100 }),
        rating: fc.constantFrom('on_track' as const, 'at_risk' as const, 'off_track' as const),
      }),
      { nil: null },
    ),
    reportMissing: fc.boolean(),
  });
  const arbitraryRules = fc.record({
    nearDeadlineWorkingDays: fc.integer({ min: 0, max: 60 }),
    behindScheduleTolerance: fc.integer({ min: 0, max: 100 }),
  });

  it('the light is never better than any single rule makes it, and none only for untracked statuses', () => {
    fc.assert(
      fc.property(arbitraryFacts, date, arbitraryRules, (f, today, rules) => {
        const { light, reasons, expectedPercent } = evaluateLight(f, today, rules);
        const untracked = UNTRACKED_STATUSES.includes(f.status);
        expect(light === 'none').toBe(untracked);
        if (untracked) return;

        // Each rule stated independently of the implementation.
        const atLeast: Light[] = [];
        const reports = f.status !== 'registered';
        if (f.deadline !== null && today > f.deadline) atLeast.push('red');
        if (reports && f.latestReport?.rating === 'off_track') atLeast.push('red');
        if (reports && f.latestReport?.rating === 'at_risk') atLeast.push('yellow');
        if (reports && f.reportMissing) atLeast.push('yellow');
        if (
          f.deadline !== null &&
          today <= f.deadline &&
          workingDaysBetween(today, f.deadline) <= rules.nearDeadlineWorkingDays
        ) {
          atLeast.push('blue');
        }
        if (
          ['acknowledged', 'in_progress', 'completion_requested'].includes(f.status) &&
          f.latestReport !== null &&
          expectedPercent !== null &&
          expectedPercent - f.latestReport.percent > rules.behindScheduleTolerance + 1e-9
        ) {
          atLeast.push('yellow');
        }
        for (const floor of atLeast) expect(compareLights(light, floor)).toBeGreaterThanOrEqual(0);
        if (atLeast.length === 0) expect(light).toBe('green');

        // The reasons agree with the light: the first is the light's, none is worse, all are distinct.
        expect(REASON_LIGHT[reasons[0]]).toBe(light);
        for (let i = 1; i < reasons.length; i++) {
          expect(compareLights(REASON_LIGHT[reasons[i - 1]], REASON_LIGHT[reasons[i]])).toBeGreaterThanOrEqual(0);
        }
        expect(new Set(reasons).size).toBe(reasons.length);
        expect(LIGHTS).toContain(light);
      }),
      { numRuns: 500 },
    );
  });

  it('blue fires exactly when workingDaysBetween(today, deadline) is within the window', () => {
    fc.assert(
      fc.property(date, fc.integer({ min: 0, max: 100 }), fc.integer({ min: 0, max: 60 }), (today, ahead, n) => {
        const deadline = new Date(Date.parse(`${today}T00:00:00Z`) + ahead * 86_400_000).toISOString().slice(0, 10);
        const rules = { ...DEFAULT_LIGHT_RULES, nearDeadlineWorkingDays: n };
        const { light } = evaluateLight(facts({ deadline, latestReport: null }), today, rules);
        expect(light).toBe(workingDaysBetween(today, deadline) <= n ? 'blue' : 'green');
      }),
      { numRuns: 1000 },
    );
  });

  it('序时进度 is within 0..100 and never falls as days pass', () => {
    fc.assert(
      fc.property(date, date, date, date, (assignedOn, deadline, a, b) => {
        const [earlier, later] = a <= b ? [a, b] : [b, a];
        const x = expectedProgress(assignedOn, deadline, earlier);
        const y = expectedProgress(assignedOn, deadline, later);
        expect(x).not.toBeNull();
        expect(x).toBeGreaterThanOrEqual(0);
        expect(y).toBeLessThanOrEqual(100);
        expect(y as number).toBeGreaterThanOrEqual(x as number);
      }),
    );
  });
});
