import { type UserRole } from '../users/user.entity.js';
import { type TaskStatus } from './task-status.js';

/** What a person can do to a task. Extensions, reports and comments are separate records, not states. */
export const TASK_ACTIONS = [
  'assign', // 交办
  'acknowledge', // 签收
  'start', // 开始办理
  'request_completion', // 申请办结
  'approve_completion', // 办结
  'return', // 退回 (completion request sent back for rework)
  'close', // 销号
  'transfer', // 转办 (to another lead agency; it must acknowledge again)
  'suspend',
  'resume',
  'cancel',
] as const;
export type TaskAction = (typeof TASK_ACTIONS)[number];

/** The actor as the lifecycle sees them: a role, and for agency users their part in this task. */
export interface Actor {
  role: UserRole;
  /** For agency users: whether their agency leads this task, co-operates on it, or neither. */
  relation: 'lead' | 'co' | 'none';
}

type Who = 'office' | 'lead_agency';

interface Rule {
  from: readonly TaskStatus[];
  /** `previous` resumes the state the task was suspended in. */
  to: TaskStatus | 'previous';
  who: Who;
  /** What the transition must carry, checked by the caller before it writes. */
  needs?: 'comment' | 'new_lead' | 'final_report';
  label: string;
}

const OPEN: readonly TaskStatus[] = ['registered', 'assigned', 'acknowledged', 'in_progress', 'completion_requested'];

/** The 督办 lifecycle: for each action, the states it leaves from, where it goes and who may take it. */
export const LIFECYCLE: Record<TaskAction, Rule> = {
  assign: { from: ['registered'], to: 'assigned', who: 'office', label: '交办' },
  acknowledge: { from: ['assigned'], to: 'acknowledged', who: 'lead_agency', label: '签收' },
  start: { from: ['acknowledged'], to: 'in_progress', who: 'lead_agency', label: '开始办理' },
  request_completion: {
    from: ['in_progress'],
    to: 'completion_requested',
    who: 'lead_agency',
    needs: 'final_report',
    label: '申请办结',
  },
  approve_completion: { from: ['completion_requested'], to: 'completed', who: 'office', label: '办结' },
  return: { from: ['completion_requested'], to: 'in_progress', who: 'office', needs: 'comment', label: '退回' },
  close: { from: ['completed'], to: 'closed', who: 'office', label: '销号' },
  transfer: {
    from: ['assigned', 'acknowledged', 'in_progress'],
    to: 'assigned',
    who: 'office',
    needs: 'new_lead',
    label: '转办',
  },
  suspend: { from: OPEN, to: 'suspended', who: 'office', needs: 'comment', label: '暂停' },
  resume: { from: ['suspended'], to: 'previous', who: 'office', label: '恢复' },
  cancel: {
    from: [...OPEN, 'suspended', 'completed'],
    to: 'cancelled',
    who: 'office',
    needs: 'comment',
    label: '撤销',
  },
};

export type TransitionResult =
  { ok: true; to: TaskStatus; needs?: Rule['needs'] } | { ok: false; status: 403 | 409; code: string; message: string };

function allowed(who: Who, actor: Actor): boolean {
  if (who === 'office') return actor.role === 'coordinator' || actor.role === 'admin';
  return actor.role === 'agency' && actor.relation === 'lead';
}

/**
 * Where `action` takes a task in `status` when `actor` takes it, or why not:
 * 403 when the actor may never take it, 409 (with a code naming the current
 * state) when the task is not in a state the action leaves from.
 */
export function transition(
  status: TaskStatus,
  action: TaskAction,
  actor: Actor,
  suspendedFrom: TaskStatus | null = null,
): TransitionResult {
  const rule = LIFECYCLE[action];
  if (!allowed(rule.who, actor)) {
    return {
      ok: false,
      status: 403,
      code: 'TASK.ACTION_FORBIDDEN',
      message: `当前角色不能执行「${rule.label}」(your role may not ${action} this task)`,
    };
  }
  if (!rule.from.includes(status)) {
    return {
      ok: false,
      status: 409,
      code: `TASK.INVALID_TRANSITION.${status.toUpperCase()}`,
      message: `任务当前状态为 ${status}，不能「${rule.label}」(cannot ${action} a task that is ${status})`,
    };
  }
  const to = rule.to === 'previous' ? (suspendedFrom ?? 'registered') : rule.to;
  return { ok: true, to, needs: rule.needs };
}

/** Open tasks are the ones still owed work: they can be late and they get reminders. */
export function isOpen(status: TaskStatus): boolean {
  return OPEN.includes(status);
}

/** The actions an actor could take now, for the UI's buttons. */
export function availableActions(status: TaskStatus, actor: Actor): TaskAction[] {
  return TASK_ACTIONS.filter((action) => transition(status, action, actor).ok);
}
