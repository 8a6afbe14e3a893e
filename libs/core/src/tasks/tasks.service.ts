import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { type DataSource, type EntityManager, In } from 'typeorm';
import { AppError } from '../../../common/src/app-error.js';
import { Agency } from '../agencies/agency.entity.js';
import { AuditEvent } from '../audit/audit-event.entity.js';
import { AuditService } from '../audit/audit.service.js';
import { CLOCK, type Clock } from '../clock.js';
import { DocumentSection } from '../documents/document-section.entity.js';
import { PolicyDocument } from '../documents/policy-document.entity.js';
import { SourceFile } from '../documents/source-file.entity.js';
import { Attachment } from '../progress/attachment.entity.js';
import { ExtensionRequest } from '../progress/extension-request.entity.js';
import { ReportContribution } from '../progress/report-contribution.entity.js';
import { noticeNumber, SupervisionNotice } from '../progress/supervision-notice.entity.js';
import { TaskComment } from '../progress/task-comment.entity.js';
import { TaskReport } from '../progress/task-report.entity.js';
import { type AuthUser } from '../users/auth-user.js';
import { daysOverdue, effectiveDeadline, shanghaiDate } from './deadlines.js';
import { checkVersion, loadVisibleTask, TaskErrors } from './task-access.js';
import { LightsService } from '../reports/lights.service.js';
import type { Light, LightReason } from '../reports/report-types.js';
import { ReminderService } from '../reminders/reminder.service.js';
import { TaskAssignment } from './task-assignment.entity.js';
import { availableActions, isOpen, transition, type TaskAction } from './task-lifecycle.js';
import { type AssignmentRole, type TaskStatus } from './task-status.js';
import { Task } from './task.entity.js';

export interface TaskFilters {
  documentId?: string;
  sectionId?: string;
  agencyId?: string;
  role?: AssignmentRole;
  status?: TaskStatus[];
  deadlineFrom?: string;
  deadlineTo?: string;
  overdue?: boolean;
  unassigned?: boolean;
  light?: Light[];
  q?: string;
  sort?: 'deadline' | 'number' | 'updated';
  page?: number;
  pageSize?: number;
}

export interface AssignmentInput {
  agencyId: string;
  internalDivision?: string | null;
  contactPerson?: string | null;
}

export interface ActionInput {
  version: number;
  comment?: string;
  /** For 转办: the agencies that lead from now on. */
  leadAgencyIds?: string[];
}

const LIST_COLUMNS = [
  'id',
  'documentId',
  'sectionId',
  'number',
  'title',
  'status',
  'deadlineDate',
  'extendedDeadline',
  'ongoing',
  'version',
  'updatedAt',
] as const;

const OPEN_STATUSES: TaskStatus[] = ['registered', 'assigned', 'acknowledged', 'in_progress', 'completion_requested'];

/** An agency on a task, as the task list shows it. */
export interface AssignedAgency {
  agencyId: string;
  /** The agency's name. */
  agency: string;
  role: AssignmentRole;
  internalDivision: string | null;
  contactPerson: string | null;
}

function snapshot(task: Task): Record<string, unknown> {
  return {
    status: task.status,
    deadlineDate: task.deadlineDate,
    extendedDeadline: task.extendedDeadline,
    version: task.version,
  };
}

/** The ledger of tasks: queries scoped to the user, the lifecycle, and assignment (交办). */
/** Records the first hand-over and the completion, which the reports measure time from. */
function stampMilestones(task: Task, to: TaskStatus, now: Date): void {
  if (to === 'assigned') task.assignedAt ??= now;
  if (to === 'completed') task.completedAt = now;
  else if (to !== 'closed') task.completedAt = null;
}

@Injectable()
export class TasksService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly reminders: ReminderService,
    private readonly lights: LightsService,
  ) {}

  /** Lists the tasks the user may see, filtered, stably sorted and paged. */
  async list(user: AuthUser, filters: TaskFilters) {
    const today = shanghaiDate(this.clock.now());
    // The columns a list row shows: the task's text and source stay out of the page.
    const query = this.dataSource
      .getRepository(Task)
      .createQueryBuilder('task')
      .select(LIST_COLUMNS.map((column) => `task.${column}`));
    // An agency's tasks come through its assignment rows, which carry the deadline to sort on
    // (one index serves the page); that join is also the access rule for agency officers.
    const byAgency = user.role === 'agency';
    if (byAgency) {
      query.innerJoin('task_assignments', 'viewer', 'viewer.task_id = task.id AND viewer.agency_id = :viewerAgencyId', {
        viewerAgencyId: user.agencyId,
      });
    }
    if (filters.documentId) query.andWhere('task.document_id = :documentId', { documentId: filters.documentId });
    if (filters.sectionId) query.andWhere('task.section_id = :sectionId', { sectionId: filters.sectionId });
    if (filters.agencyId || filters.role) {
      const conditions = ['a.task_id = task.id'];
      if (filters.agencyId) conditions.push('a.agency_id = :agencyId');
      if (filters.role) conditions.push('a.role = :role');
      query.andWhere(`EXISTS (SELECT 1 FROM task_assignments a WHERE ${conditions.join(' AND ')})`, {
        agencyId: filters.agencyId,
        role: filters.role,
      });
    }
    if (filters.unassigned) {
      query.andWhere(`NOT EXISTS (SELECT 1 FROM task_assignments l WHERE l.task_id = task.id AND l.role = 'lead')`);
    }
    if (filters.status?.length) query.andWhere('task.status IN (:...statuses)', { statuses: filters.status });
    const deadline = 'COALESCE(task.extended_deadline, task.deadline_date)';
    if (filters.deadlineFrom) query.andWhere(`${deadline} >= :from`, { from: filters.deadlineFrom });
    if (filters.deadlineTo) query.andWhere(`${deadline} <= :to`, { to: filters.deadlineTo });
    if (filters.overdue !== undefined) {
      const overdue = `(task.status IN (:...open) AND ${deadline} < :today)`;
      query.andWhere(filters.overdue ? overdue : `NOT ${overdue}`, { open: OPEN_STATUSES, today });
    }
    if (filters.light?.length) {
      query.andWhere(
        `COALESCE((SELECT l.light FROM task_lights l WHERE l.task_id = task.id), 'none') IN (:...lights)`,
        { lights: filters.light },
      );
    }
    if (filters.q) {
      // Matches the trigram index expression, so pg_trgm serves it.
      query.andWhere(`(task.title || ' ' || task.text) ILIKE :q`, { q: `%${filters.q.replace(/[\\%_]/g, '\\$&')}%` });
    }
    const sort = filters.sort ?? 'deadline';
    const filtered = query.expressionMap.wheres.length > 0;
    if (sort === 'deadline' && byAgency) {
      query.orderBy('viewer.effective_deadline', 'ASC', 'NULLS LAST').addOrderBy('viewer.task_id', 'ASC');
    } else {
      if (sort === 'deadline') query.orderBy(deadline, 'ASC', 'NULLS LAST');
      else if (sort === 'updated') query.orderBy('task.updated_at', 'DESC');
      else query.orderBy('task.document_id', 'ASC').addOrderBy('task.span_start', 'ASC');
      query.addOrderBy('task.id', 'ASC'); // ties broken the same way every time
    }
    const pageSize = Math.min(filters.pageSize ?? 50, 200);
    const page = Math.max(filters.page ?? 1, 1);
    // offset/limit, not skip/take: the join yields one row per task, so no DISTINCT pass is needed.
    const [tasks, total] = await Promise.all([
      query
        .clone()
        .offset((page - 1) * pageSize)
        .limit(pageSize)
        .getMany(),
      // An agency's whole ledger is counted from its assignment rows alone (one per task).
      byAgency && !filtered
        ? this.dataSource.getRepository(TaskAssignment).countBy({ agencyId: user.agencyId as string })
        : query.getCount(),
    ]);
    const ids = tasks.map((t) => t.id);
    const [assignments, lights] = await Promise.all([
      this.assignmentsOf(this.dataSource.manager, ids),
      this.lightsOf(this.dataSource.manager, ids),
    ]);
    return {
      items: tasks.map((task) => this.summary(task, assignments.get(task.id) ?? [], lights.get(task.id))),
      page,
      pageSize,
      total,
    };
  }

  /** Everything about one task: owners, reports, comments, extensions, notices, history, source text. */
  async detail(user: AuthUser, id: string) {
    const manager = this.dataSource.manager;
    const { task, relation } = await loadVisibleTask(manager, id, user);
    const [
      document,
      section,
      assignments,
      lights,
      reports,
      contributions,
      comments,
      extensions,
      notices,
      attachments,
      history,
    ] = await Promise.all([
      manager.findOneByOrFail(PolicyDocument, { id: task.documentId }),
      task.sectionId ? manager.findOneBy(DocumentSection, { id: task.sectionId }) : null,
      this.assignmentsOf(manager, [task.id]),
      this.lightsOf(manager, [task.id]),
      manager.find(TaskReport, { where: { taskId: id }, order: { period: 'DESC', revision: 'DESC' } }),
      manager.find(ReportContribution, { where: { taskId: id }, order: { period: 'DESC' } }),
      manager.find(TaskComment, { where: { taskId: id }, order: { createdAt: 'ASC' } }),
      manager.find(ExtensionRequest, { where: { taskId: id }, order: { requestedAt: 'DESC' } }),
      manager.find(SupervisionNotice, { where: { taskId: id }, order: { sentAt: 'DESC' } }),
      manager.find(Attachment, { where: { taskId: id }, order: { uploadedAt: 'DESC' } }),
      this.history(user, id),
    ]);
    const source = await manager
      .getRepository(SourceFile)
      .createQueryBuilder('file')
      .select('substr(file.text, :from, :length)', 'excerpt')
      .addSelect('file.file_name', 'fileName')
      .where('file.id = :id', { id: document.sourceFileId })
      .setParameters({ from: task.spanStart + 1, length: task.spanEnd - task.spanStart })
      .getRawOne<{ excerpt: string; fileName: string }>();
    return {
      ...this.summary(task, assignments.get(task.id) ?? [], lights.get(task.id)),
      text: task.text,
      document: { id: document.id, title: document.title, docNumber: document.docNumber, kind: document.kind },
      section: section ? { id: section.id, label: section.label, heading: section.heading } : null,
      source: {
        fileId: document.sourceFileId,
        fileName: source?.fileName,
        span: { start: task.spanStart, end: task.spanEnd },
        excerpt: source?.excerpt,
      },
      printedOwners: task.printedOwners,
      yourRole: relation,
      availableActions: availableActions(task.status, { role: user.role, relation }),
      reports: this.currentRevisions(reports),
      contributions,
      comments,
      extensions,
      notices: notices.map((n) => ({ ...n, number: noticeNumber(n) })),
      attachments,
      history,
      people: await this.namesOf(manager, [
        ...reports.flatMap((r) => [r.submittedBy, r.returnedBy]),
        ...contributions.map((c) => c.submittedBy),
        ...comments.map((c) => c.authorId),
        ...extensions.flatMap((e) => [e.requestedBy, e.decidedBy]),
        ...notices.map((n) => n.sentBy),
        ...attachments.map((a) => a.uploadedBy),
        ...history.map((h) => h.actorId),
      ]),
    };
  }

  /** Display names of the people a task's records mention, by user id (ids alone mean nothing to readers). */
  private async namesOf(manager: EntityManager, ids: Array<string | null>): Promise<Record<string, string>> {
    const wanted = [...new Set(ids.filter((id): id is string => id !== null))];
    if (wanted.length === 0) return {};
    const rows: Array<{ id: string; display_name: string }> = await manager.query(
      'SELECT id, display_name FROM users WHERE id = ANY($1::uuid[])',
      [wanted],
    );
    return Object.fromEntries(rows.map((row) => [row.id, row.display_name]));
  }

  /** The task's audit trail, oldest first. */
  async history(user: AuthUser, id: string) {
    await loadVisibleTask(this.dataSource.manager, id, user);
    return this.dataSource.getRepository(AuditEvent).find({
      where: { entityType: 'task', entityId: id },
      order: { occurredAt: 'ASC', id: 'ASC' },
    });
  }

  /** Takes a lifecycle action (签收, 办结, 退回, 转办 …) on a task, checked against the state machine. */
  async act(user: AuthUser, id: string, action: TaskAction, input: ActionInput, requestId?: string) {
    await this.dataSource.transaction(async (manager) => {
      const { task, relation } = await loadVisibleTask(manager, id, user, { lock: true });
      const result = transition(task.status, action, { role: user.role, relation }, task.suspendedFrom);
      if (!result.ok) throw new AppError(result.status, result.code, result.message, { status: task.status });
      checkVersion(task, input.version);
      const comment = input.comment?.trim();
      if (result.needs === 'comment' && !comment) {
        throw AppError.badRequest(TaskErrors.COMMENT_REQUIRED, '请填写说明 (a comment is required for this action)');
      }
      if (result.needs === 'final_report') await this.checkReadyForCompletion(manager, task.id);
      if (action === 'assign' && !(await manager.existsBy(TaskAssignment, { taskId: id, role: 'lead' }))) {
        throw AppError.conflict(TaskErrors.NO_LEAD, '交办前请先指定牵头单位 (assign a lead agency first)');
      }
      const before = snapshot(task);
      let assignments: Record<string, unknown> | undefined;
      if (action === 'transfer') assignments = await this.transferLead(manager, task.id, input.leadAgencyIds ?? []);
      task.suspendedFrom = action === 'suspend' ? task.status : action === 'resume' ? null : task.suspendedFrom;
      stampMilestones(task, result.to, this.clock.now());
      task.status = result.to;
      await manager.save(task);
      await this.audit.record(manager, {
        actorId: user.id,
        action: `task.${action}`,
        entityType: 'task',
        entityId: id,
        before,
        after: { ...snapshot(task), ...(comment ? { comment } : {}), ...(assignments ?? {}) },
        requestId,
      });
      await this.reminders.sync(manager, [id]);
      await this.lights.refresh(manager, [id]);
    });
    return this.detail(user, id);
  }

  /**
   * Sets who leads and who co-operates (交办 targets). Allowed while the task is
   * open; the audit trail keeps who had it before.
   */
  async assign(
    user: AuthUser,
    id: string,
    input: { version: number; lead: AssignmentInput[]; co: AssignmentInput[] },
    requestId?: string,
  ) {
    await this.dataSource.transaction((manager) => this.assignIn(manager, user, id, input, requestId));
    return this.detail(user, id);
  }

  /** Assigns many tasks at once: all or none. */
  async bulkAssign(
    user: AuthUser,
    input: { taskIds: string[]; lead: AssignmentInput[]; co: AssignmentInput[]; andHandOver: boolean },
    requestId?: string,
  ) {
    await this.dataSource.transaction(async (manager) => {
      for (const id of input.taskIds) {
        const { task } = await loadVisibleTask(manager, id, user, { lock: true });
        await this.assignIn(manager, user, id, { version: task.version, lead: input.lead, co: input.co }, requestId);
        if (input.andHandOver && task.status === 'registered') {
          const fresh = await manager.findOneByOrFail(Task, { id });
          const before = snapshot(fresh);
          stampMilestones(fresh, 'assigned', this.clock.now());
          fresh.status = 'assigned';
          await manager.save(fresh);
          await this.audit.record(manager, {
            actorId: user.id,
            action: 'task.assign',
            entityType: 'task',
            entityId: id,
            before,
            after: snapshot(fresh),
            requestId,
          });
          await this.reminders.sync(manager, [id]);
          await this.lights.refresh(manager, [id]);
        }
      }
    });
    return { updated: input.taskIds.length };
  }

  private async assignIn(
    manager: EntityManager,
    user: AuthUser,
    id: string,
    input: { version: number; lead: AssignmentInput[]; co: AssignmentInput[] },
    requestId?: string,
  ) {
    const { task } = await loadVisibleTask(manager, id, user, { lock: true });
    checkVersion(task, input.version);
    if (!isOpen(task.status) && task.status !== 'suspended') {
      throw AppError.conflict(
        `TASK.INVALID_TRANSITION.${task.status.toUpperCase()}`,
        `任务当前状态为 ${task.status}，不能调整责任单位 (cannot reassign a task that is ${task.status})`,
      );
    }
    if (input.lead.length === 0)
      throw AppError.badRequest(TaskErrors.NO_LEAD, '至少需要一个牵头单位 (at least one lead agency)');
    const ids = [...input.lead, ...input.co].map((a) => a.agencyId);
    const found = await manager.countBy(Agency, { id: In([...new Set(ids)]) });
    if (found !== new Set(ids).size)
      throw AppError.badRequest(TaskErrors.AGENCY_NOT_FOUND, '单位不存在 (unknown agency)');
    const before = (await this.assignmentsOf(manager, [id])).get(id) ?? [];
    await manager.delete(TaskAssignment, { taskId: id });
    const rows = [
      ...input.lead.map((a) => ({ ...a, role: 'lead' as const })),
      ...input.co
        .filter((c) => !input.lead.some((l) => l.agencyId === c.agencyId))
        .map((a) => ({ ...a, role: 'co' as const })),
    ];
    await manager.insert(
      TaskAssignment,
      rows.map((a) => ({
        taskId: id,
        agencyId: a.agencyId,
        role: a.role,
        internalDivision: a.internalDivision ?? null,
        contactPerson: a.contactPerson ?? null,
      })),
    );
    // The owners are part of what others saw: their change moves the version (save() would not,
    // as no column of the task itself changed).
    await manager.increment(Task, { id }, 'version', 1);
    const after = (await this.assignmentsOf(manager, [id])).get(id) ?? [];
    await this.audit.record(manager, {
      actorId: user.id,
      action: 'task.reassign',
      entityType: 'task',
      entityId: id,
      before: { assignments: before },
      after: { assignments: after },
      requestId,
    });
    await this.reminders.sync(manager, [id]);
    await this.lights.refresh(manager, [id]);
  }

  private async transferLead(manager: EntityManager, taskId: string, leadAgencyIds: string[]) {
    if (leadAgencyIds.length === 0) {
      throw AppError.badRequest(TaskErrors.NO_LEAD, '转办需指定新的牵头单位 (name the new lead agency)');
    }
    if ((await manager.countBy(Agency, { id: In(leadAgencyIds) })) !== new Set(leadAgencyIds).size) {
      throw AppError.badRequest(TaskErrors.AGENCY_NOT_FOUND, '单位不存在 (unknown agency)');
    }
    const before = (await this.assignmentsOf(manager, [taskId])).get(taskId) ?? [];
    await manager.delete(TaskAssignment, { taskId, role: 'lead' });
    await manager.delete(TaskAssignment, { taskId, agencyId: In(leadAgencyIds) });
    await manager.insert(
      TaskAssignment,
      leadAgencyIds.map((agencyId) => ({ taskId, agencyId, role: 'lead' as const })),
    );
    const after = (await this.assignmentsOf(manager, [taskId])).get(taskId) ?? [];
    return { assignmentsBefore: before, assignments: after };
  }

  private async checkReadyForCompletion(manager: EntityManager, taskId: string) {
    const final = await manager
      .getRepository(TaskReport)
      .createQueryBuilder('r')
      .where('r.task_id = :taskId AND r.is_final AND r.returned_at IS NULL', { taskId })
      .getExists();
    if (!final) {
      throw AppError.conflict(
        TaskErrors.FINAL_REPORT_REQUIRED,
        '申请办结前请提交最终报告 (submit a final report first)',
      );
    }
    if (!(await manager.existsBy(Attachment, { taskId }))) {
      throw AppError.conflict(TaskErrors.EVIDENCE_REQUIRED, '申请办结前请上传佐证材料 (upload evidence first)');
    }
  }

  private async assignmentsOf(manager: EntityManager, taskIds: string[]) {
    const byTask = new Map<string, AssignedAgency[]>();
    if (taskIds.length === 0) return byTask;
    // One plain query with the agency names: this runs for every page of every list.
    const rows: Array<{
      task_id: string;
      agency_id: string;
      agency: string;
      role: AssignmentRole;
      internal_division: string | null;
      contact_person: string | null;
    }> = await manager.query(
      `SELECT a.task_id, a.agency_id, agency.name AS agency, a.role, a.internal_division, a.contact_person
         FROM task_assignments a JOIN agencies agency ON agency.id = a.agency_id
        WHERE a.task_id = ANY($1::uuid[])
        ORDER BY a.role DESC, a.created_at ASC, a.agency_id ASC`,
      [taskIds],
    );
    for (const row of rows) {
      const list = byTask.get(row.task_id) ?? [];
      list.push({
        agencyId: row.agency_id,
        agency: row.agency,
        role: row.role,
        internalDivision: row.internal_division,
        contactPerson: row.contact_person,
      });
      byTask.set(row.task_id, list);
    }
    return byTask;
  }

  /** The warning light of each task, with its reasons (a task not yet evaluated has none). */
  private async lightsOf(manager: EntityManager, taskIds: string[]) {
    if (taskIds.length === 0) return new Map<string, { light: Light; reasons: LightReason[] }>();
    const rows: Array<{ task_id: string; light: Light; reasons: LightReason[] }> = await manager.query(
      'SELECT task_id, light, reasons FROM task_lights WHERE task_id = ANY($1::uuid[])',
      [taskIds],
    );
    return new Map(rows.map((row) => [row.task_id, { light: row.light, reasons: row.reasons }]));
  }

  private summary(
    task: Task,
    assignments: AssignedAgency[],
    light: { light: Light; reasons: LightReason[] } = { light: 'none', reasons: [] },
  ) {
    const deadline = effectiveDeadline(task);
    const late = isOpen(task.status) ? daysOverdue(deadline, this.clock.now()) : 0;
    return {
      id: task.id,
      documentId: task.documentId,
      sectionId: task.sectionId,
      number: task.number,
      title: task.title,
      status: task.status,
      deadlineDate: task.deadlineDate,
      extendedDeadline: task.extendedDeadline,
      effectiveDeadline: deadline,
      ongoing: task.ongoing,
      overdue: late > 0,
      daysOverdue: late,
      light: light.light,
      lightReasons: light.reasons,
      lead: assignments.filter((a) => a.role === 'lead'),
      co: assignments.filter((a) => a.role === 'co'),
      version: task.version,
      updatedAt: task.updatedAt,
    };
  }

  /** The latest revision of each week's report, with how many revisions it had. */
  private currentRevisions(reports: TaskReport[]) {
    const latest = new Map<string, TaskReport & { revisions: number }>();
    for (const report of reports) {
      const seen = latest.get(report.period);
      if (!seen) latest.set(report.period, { ...report, revisions: 1 });
      else seen.revisions++;
    }
    return [...latest.values()];
  }
}
