import { addWorkingDays } from '../calendar/working-days.js';
import type { ReportRating } from '../progress/task-report.entity.js';
import { daysBetween } from '../tasks/deadlines.js';
import type { TaskStatus } from '../tasks/task-status.js';
import { LIGHT_REASONS, LIGHTS, type Light, type LightReason } from './report-types.js';

/**
 * The warning-light (预警灯) rules. Pure: the caller passes today's Shanghai
 * calendar date (`shanghaiDate(clock.now())`) and the facts it has loaded.
 * All dates are YYYY-MM-DD strings, which compare correctly as strings.
 */

export interface LightRules {
  /** Blue when the deadline in force is at most this many working days away (China's official calendar). */
  nearDeadlineWorkingDays: number;
  /** Yellow when the reported percent is more than this many points behind 序时进度. */
  behindScheduleTolerance: number;
}

export const DEFAULT_LIGHT_RULES: Readonly<LightRules> = Object.freeze({
  nearDeadlineWorkingDays: 5,
  behindScheduleTolerance: 10,
});

const RULE_LIMITS: Record<keyof LightRules, { max: number; unit: string }> = {
  nearDeadlineWorkingDays: { max: 60, unit: 'working days' },
  behindScheduleTolerance: { max: 100, unit: 'percentage points' },
};

/**
 * Checks rules coming from settings or a request. Missing keys take the
 * default (settings saved before a rule existed stay valid); unknown keys are
 * refused so a misspelt setting does not silently fall back to the default.
 */
export function validateLightRules(input: unknown): LightRules {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    throw new Error('light rules must be an object');
  }
  const record = input as Record<string, unknown>;
  const unknown = Object.keys(record).filter((key) => !(key in RULE_LIMITS));
  if (unknown.length > 0) throw new Error(`unknown light rule: ${unknown.join(', ')}`);
  const rules: LightRules = { ...DEFAULT_LIGHT_RULES };
  for (const key of Object.keys(RULE_LIMITS) as (keyof LightRules)[]) {
    const value = record[key];
    if (value === undefined) continue;
    const { max, unit } = RULE_LIMITS[key];
    if (typeof value !== 'number' || !Number.isInteger(value) || value < 0 || value > max) {
      throw new Error(
        `${key} must be an integer from 0 to ${max} ${unit} (got ${typeof value === 'string' ? JSON.stringify(value) : String(value)})`,
      );
    }
    rules[key] = value;
  }
  return rules;
}

export interface LightFacts {
  status: TaskStatus;
  /** YYYY-MM-DD, the deadline in force (an approved extension applied); null for 持续推进 tasks. */
  deadline: string | null;
  /** YYYY-MM-DD the task was first assigned (交办); null while only registered. */
  assignedOn: string | null;
  latestReport: { percent: number; rating: ReportRating } | null;
  /** No report for the last closed reporting week although one was due (the caller decides "due"). */
  reportMissing: boolean;
}

export interface LightVerdict {
  light: Light;
  /** Every rule that fired, worst light first; `on_track` alone when none did. */
  reasons: LightReason[];
  /** 序时进度 0..100, or null (no deadline / no assignment date / not tracked). */
  expectedPercent: number | null;
}

/** The light each reason stands for. */
export const REASON_LIGHT: Readonly<Record<LightReason, Light>> = Object.freeze({
  on_track: 'green',
  deadline_near: 'blue',
  behind_schedule: 'yellow',
  self_rated_at_risk: 'yellow',
  report_missing: 'yellow',
  overdue: 'red',
  self_rated_off_track: 'red',
  not_tracked: 'none',
});

/** Statuses that no longer get a light: done, or deliberately paused / dropped. */
export const UNTRACKED_STATUSES: readonly TaskStatus[] = ['completed', 'closed', 'cancelled', 'suspended'];

/** Statuses in which an agency is actually working the task, so its percent can be judged against 序时进度. */
const SCHEDULE_JUDGED_STATUSES: readonly TaskStatus[] = ['acknowledged', 'in_progress', 'completion_requested'];

/** Positive when `a` is worse than `b`; `sort((a, b) => compareLights(b, a))` puts the worst first. */
export function compareLights(a: Light, b: Light): number {
  return LIGHTS.indexOf(a) - LIGHTS.indexOf(b);
}

/**
 * 序时进度: the share of the time from assignment to the deadline that has
 * elapsed by today, as a percent clamped to 0..100 and rounded to one decimal
 * (what is shown is what is judged). Counted in calendar days, as offices do it
 * by hand, not in working days. The deadline day counts as fully elapsed, so a
 * task is expected to be at 100 on its deadline. null without a deadline
 * (持续推进) or without an assignment date; 100 when assigned on or after the deadline.
 */
export function expectedProgress(assignedOn: string | null, deadline: string | null, today: string): number | null {
  if (assignedOn === null || deadline === null) return null;
  const span = daysBetween(assignedOn, deadline);
  if (span <= 0 || today >= deadline) return 100;
  const elapsed = daysBetween(assignedOn, today);
  if (elapsed <= 0) return 0;
  // Integer tenths: one rounding, no drift from 0.1-style floats.
  return Math.round((elapsed * 1000) / span) / 10;
}

/**
 * The deadline is "near" when at most `n` working days lie after today up to and
 * including the deadline (the deadline day itself is a working day to finish in;
 * today is not counted, it is already under way). Equivalent to
 * `workingDaysBetween(today, deadline) <= n`, but bounded by `n` rather than by
 * how far away the deadline is. With n = 0 only a deadline with no working day
 * left before it (today, or a weekend / holiday with none between) is near.
 */
function deadlineNear(deadline: string, today: string, n: number): boolean {
  return deadline >= today && deadline < addWorkingDays(today, n + 1);
}

export function evaluateLight(facts: LightFacts, today: string, rules: LightRules = DEFAULT_LIGHT_RULES): LightVerdict {
  if (UNTRACKED_STATUSES.includes(facts.status)) {
    return { light: 'none', reasons: ['not_tracked'], expectedPercent: null };
  }
  const { deadline, latestReport } = facts;
  const expectedPercent = expectedProgress(facts.assignedOn, deadline, today);
  // A registered task has no agency yet, so nobody can report on it: only its
  // dates count. An unassigned overdue task is exactly what supervisors must see.
  const reportsCount = facts.status !== 'registered';
  const fired = new Set<LightReason>();

  if (deadline !== null) {
    if (today > deadline) fired.add('overdue');
    else if (deadlineNear(deadline, today, rules.nearDeadlineWorkingDays)) fired.add('deadline_near');
  }
  if (reportsCount && latestReport !== null) {
    if (latestReport.rating === 'off_track') fired.add('self_rated_off_track');
    if (latestReport.rating === 'at_risk') fired.add('self_rated_at_risk');
    if (
      expectedPercent !== null &&
      SCHEDULE_JUDGED_STATUSES.includes(facts.status) &&
      // Compared in integer tenths so a gap of exactly the tolerance never tips over on float noise.
      Math.round(expectedPercent * 10) - Math.round(latestReport.percent * 10) > rules.behindScheduleTolerance * 10
    ) {
      fired.add('behind_schedule');
    }
  }
  if (reportsCount && facts.reportMissing) fired.add('report_missing');

  if (fired.size === 0) return { light: 'green', reasons: ['on_track'], expectedPercent };
  const reasons = [...fired].sort(
    (a, b) => compareLights(REASON_LIGHT[b], REASON_LIGHT[a]) || LIGHT_REASONS.indexOf(a) - LIGHT_REASONS.indexOf(b),
  );
  return { light: REASON_LIGHT[reasons[0]], reasons, expectedPercent };
}
