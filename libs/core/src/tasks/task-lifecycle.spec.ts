import { describe, expect, it } from '@jest/globals';
import { type Actor, availableActions, transition } from './task-lifecycle.js';
import { TASK_STATUSES, type TaskStatus } from './task-status.js';

const coordinator: Actor = { role: 'coordinator', relation: 'none' };
const lead: Actor = { role: 'agency', relation: 'lead' };
const co: Actor = { role: 'agency', relation: 'co' };
const supervisor: Actor = { role: 'supervisor', relation: 'none' };

describe('the task lifecycle', () => {
  it('walks the main path 立项 → 交办 → 签收 → 办理 → 申请办结 → 办结 → 销号', () => {
    const steps: Array<[TaskStatus, Parameters<typeof transition>[1], Actor, TaskStatus]> = [
      ['registered', 'assign', coordinator, 'assigned'],
      ['assigned', 'acknowledge', lead, 'acknowledged'],
      ['acknowledged', 'start', lead, 'in_progress'],
      ['in_progress', 'request_completion', lead, 'completion_requested'],
      ['completion_requested', 'approve_completion', coordinator, 'completed'],
      ['completed', 'close', coordinator, 'closed'],
    ];
    for (const [from, action, actor, to] of steps)
      expect(transition(from, action, actor)).toMatchObject({ ok: true, to });
  });

  it('sends a completion request back for rework, with a comment', () => {
    expect(transition('completion_requested', 'return', coordinator)).toEqual({
      ok: true,
      to: 'in_progress',
      needs: 'comment',
    });
  });

  it('transfers to another lead, who must acknowledge again', () => {
    expect(transition('in_progress', 'transfer', coordinator)).toMatchObject({
      ok: true,
      to: 'assigned',
      needs: 'new_lead',
    });
  });

  it('resumes a suspended task where it was', () => {
    expect(transition('in_progress', 'suspend', coordinator)).toMatchObject({ ok: true, to: 'suspended' });
    expect(transition('suspended', 'resume', coordinator, 'in_progress')).toMatchObject({
      ok: true,
      to: 'in_progress',
    });
  });

  it('names the current state in the code of an invalid transition', () => {
    expect(transition('closed', 'cancel', coordinator)).toMatchObject({
      ok: false,
      status: 409,
      code: 'TASK.INVALID_TRANSITION.CLOSED',
    });
    expect(transition('registered', 'acknowledge', lead)).toMatchObject({ code: 'TASK.INVALID_TRANSITION.REGISTERED' });
  });

  it('lets only the lead agency act for the agency side, and only the office manage', () => {
    expect(transition('assigned', 'acknowledge', co)).toMatchObject({ ok: false, status: 403 });
    expect(transition('assigned', 'acknowledge', supervisor)).toMatchObject({ ok: false, status: 403 });
    expect(transition('assigned', 'acknowledge', coordinator)).toMatchObject({ ok: false, status: 403 });
    expect(transition('registered', 'assign', lead)).toMatchObject({ ok: false, status: 403 });
    expect(transition('completion_requested', 'approve_completion', lead)).toMatchObject({ ok: false, status: 403 });
    expect(transition('registered', 'assign', { role: 'admin', relation: 'none' })).toMatchObject({ ok: true });
  });

  it('gives a supervisor and a co-operating agency no state changes at all, in any state', () => {
    for (const status of TASK_STATUSES) {
      expect(availableActions(status, supervisor)).toEqual([]);
      expect(availableActions(status, co)).toEqual([]);
    }
  });

  it('leaves no way out of closed and cancelled', () => {
    for (const actor of [coordinator, lead]) {
      expect(availableActions('closed', actor)).toEqual([]);
      expect(availableActions('cancelled', actor)).toEqual([]);
    }
  });
});
