/**
 * The 督办 lifecycle states. The transitions between them (and who may make
 * them) belong to the task state machine; this list is what the database allows.
 */
export const TASK_STATUSES = [
  'registered', // 立项
  'assigned', // 交办
  'acknowledged', // 签收
  'in_progress', // 办理
  'completion_requested', // 申请办结
  'completed', // 办结
  'closed', // 销号
  'suspended',
  'cancelled',
] as const;
export type TaskStatus = (typeof TASK_STATUSES)[number];

export const ASSIGNMENT_ROLES = ['lead', 'co'] as const; // 牵头 / 协办
export type AssignmentRole = (typeof ASSIGNMENT_ROLES)[number];
