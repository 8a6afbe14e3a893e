import { type EntityManager, type SelectQueryBuilder } from 'typeorm';
import { AppError } from '../../../common/src/app-error.js';
import { type AuthUser } from '../users/auth-user.js';
import { TaskAssignment } from './task-assignment.entity.js';
import { Task } from './task.entity.js';

export const TaskErrors = {
  NOT_FOUND: 'TASK.NOT_FOUND',
  STALE_VERSION: 'TASK.STALE_VERSION',
  NO_LEAD: 'TASK.NO_LEAD',
  AGENCY_NOT_FOUND: 'TASK.AGENCY_NOT_FOUND',
  COMMENT_REQUIRED: 'TASK.COMMENT_REQUIRED',
  FINAL_REPORT_REQUIRED: 'TASK.FINAL_REPORT_REQUIRED',
  EVIDENCE_REQUIRED: 'TASK.EVIDENCE_REQUIRED',
} as const;

/**
 * Limits a task query to what the user may see: agency officers see only the
 * tasks their agency leads or co-operates on; every other role sees all.
 * Every task query goes through here, so access is enforced where the data is read.
 */
export function visibleTo<T extends object>(
  query: SelectQueryBuilder<T>,
  user: AuthUser,
  taskAlias = 'task',
): SelectQueryBuilder<T> {
  if (user.role !== 'agency') return query;
  return query.andWhere(
    `EXISTS (SELECT 1 FROM task_assignments viewer WHERE viewer.task_id = ${taskAlias}.id AND viewer.agency_id = :viewerAgencyId)`,
    { viewerAgencyId: user.agencyId },
  );
}

export type Relation = 'lead' | 'co' | 'none';

export interface VisibleTask {
  task: Task;
  /** The user's agency's part in the task ('none' for office roles). */
  relation: Relation;
}

/**
 * Loads a task the user may see (404 otherwise, so that other agencies' tasks
 * do not even show they exist), optionally locked for the update that follows.
 */
export async function loadVisibleTask(
  manager: EntityManager,
  id: string,
  user: AuthUser,
  options: { lock?: boolean } = {},
): Promise<VisibleTask> {
  const query = visibleTo(manager.getRepository(Task).createQueryBuilder('task').where('task.id = :id', { id }), user);
  if (options.lock) query.setLock('pessimistic_write');
  const task = await query.getOne();
  if (!task) throw AppError.notFound(TaskErrors.NOT_FOUND, `任务不存在或无权查看 (task not found): ${id}`);
  let relation: Relation = 'none';
  if (user.role === 'agency' && user.agencyId) {
    const assignment = await manager.findOneBy(TaskAssignment, { taskId: id, agencyId: user.agencyId });
    relation = assignment?.role ?? 'none';
  }
  return { task, relation };
}

/** Refuses a write made against an old version of the task (optimistic locking). */
export function checkVersion(task: Task, version: number | undefined): void {
  if (version !== undefined && version !== task.version) {
    throw AppError.conflict(
      TaskErrors.STALE_VERSION,
      `任务已被他人修改，请刷新后重试 (the task changed since you loaded it: version ${version}, now ${task.version})`,
      { currentVersion: task.version },
    );
  }
}
