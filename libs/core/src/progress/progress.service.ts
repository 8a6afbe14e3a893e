import { createHash } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { type DataSource, type EntityManager } from 'typeorm';
import { AppError } from '../../../common/src/app-error.js';
import { AuditService } from '../audit/audit.service.js';
import { CLOCK, type Clock } from '../clock.js';
import { LightsService } from '../reports/lights.service.js';
import { ReminderService } from '../reminders/reminder.service.js';
import { effectiveDeadline, isLateReport, isValidPeriod, reportingPeriod, shanghaiDate } from '../tasks/deadlines.js';
import { loadVisibleTask, type VisibleTask } from '../tasks/task-access.js';
import { TaskAssignment } from '../tasks/task-assignment.entity.js';
import { isOpen } from '../tasks/task-lifecycle.js';
import { Task } from '../tasks/task.entity.js';
import { type AuthUser } from '../users/auth-user.js';
import { Attachment } from './attachment.entity.js';
import { ExtensionRequest } from './extension-request.entity.js';
import { ReportContribution } from './report-contribution.entity.js';
import { type NoticeKind, noticeNumber, SupervisionNotice } from './supervision-notice.entity.js';
import { TaskComment } from './task-comment.entity.js';
import { type ReportRating, TaskReport } from './task-report.entity.js';

export const ProgressErrors = {
  LEAD_ONLY: 'REPORT.LEAD_AGENCY_ONLY',
  CO_ONLY: 'REPORT.CO_AGENCY_ONLY',
  NOT_REPORTABLE: 'REPORT.TASK_NOT_IN_PROGRESS',
  BAD_PERIOD: 'REPORT.BAD_PERIOD',
  FUTURE_PERIOD: 'REPORT.FUTURE_PERIOD',
  REPORT_NOT_FOUND: 'REPORT.NOT_FOUND',
  ALREADY_RETURNED: 'REPORT.ALREADY_RETURNED',
  EXTENSION_NOT_FOUND: 'EXTENSION.NOT_FOUND',
  EXTENSION_PENDING: 'EXTENSION.ALREADY_PENDING',
  EXTENSION_TOO_LATE: 'EXTENSION.AFTER_DEADLINE',
  EXTENSION_NOT_LATER: 'EXTENSION.NOT_LATER',
  EXTENSION_DECIDED: 'EXTENSION.ALREADY_DECIDED',
  COMMENT_PARENT: 'COMMENT.PARENT_NOT_FOUND',
  NOTICE_AGENCY: 'NOTICE.AGENCY_NOT_ON_TASK',
  ATTACHMENT_NOT_FOUND: 'ATTACHMENT.NOT_FOUND',
  ATTACHMENT_TYPE: 'ATTACHMENT.TYPE_NOT_ALLOWED',
  ATTACHMENT_EMPTY: 'ATTACHMENT.EMPTY',
  ACTION_FORBIDDEN: 'TASK.ACTION_FORBIDDEN',
} as const;

export interface ReportInput {
  period?: string;
  rating: ReportRating;
  percent: number;
  workDone: string;
  nextSteps?: string;
  problems?: string;
  isFinal?: boolean;
}

/** Evidence people actually send: documents, spreadsheets, scans and photos. */
const ALLOWED_EVIDENCE = /\.(pdf|docx?|xlsx?|pptx?|txt|csv|png|jpe?g|gif|zip|ofd|wps)$/i;

const forbidden = (message: string) => AppError.forbidden(ProgressErrors.ACTION_FORBIDDEN, message);

/** Weekly reports, co-operating contributions, extensions, comments, chase notices and evidence. */
@Injectable()
export class ProgressService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly reminders: ReminderService,
    private readonly lights: LightsService,
  ) {}

  /**
   * The lead agency's weekly report. One report per task and week; sending
   * again adds a revision. A report for a week already over is accepted and
   * marked late. The first report starts the work (签收 → 办理).
   */
  async submitReport(user: AuthUser, taskId: string, input: ReportInput, requestId?: string) {
    return this.dataSource.transaction(async (manager) => {
      const visible = await loadVisibleTask(manager, taskId, user, { lock: true });
      const { task } = visible;
      if (visible.relation !== 'lead') {
        throw AppError.forbidden(ProgressErrors.LEAD_ONLY, '只有牵头单位可以报送周报 (only the lead agency reports)');
      }
      if (task.status !== 'acknowledged' && task.status !== 'in_progress') {
        throw AppError.conflict(
          `${ProgressErrors.NOT_REPORTABLE}.${task.status.toUpperCase()}`,
          `任务当前状态为 ${task.status}，不能报送周报 (reports are for acknowledged or in-progress tasks)`,
        );
      }
      const now = this.clock.now();
      const period = input.period ?? reportingPeriod(now);
      if (!isValidPeriod(period)) {
        throw AppError.badRequest(
          ProgressErrors.BAD_PERIOD,
          `报送周期格式应为 2026-W47 (period must be an ISO week): ${period}`,
        );
      }
      if (period > reportingPeriod(now)) {
        throw AppError.badRequest(ProgressErrors.FUTURE_PERIOD, `不能报送未来周期 (period ${period} has not started)`);
      }
      const { max } = (await manager
        .getRepository(TaskReport)
        .createQueryBuilder('r')
        .select('COALESCE(MAX(r.revision), 0)', 'max')
        .where('r.task_id = :taskId AND r.period = :period', { taskId, period })
        .getRawOne<{ max: number }>()) ?? { max: 0 };
      const report = await manager.save(
        manager.create(TaskReport, {
          taskId,
          period,
          revision: Number(max) + 1,
          agencyId: user.agencyId as string,
          submittedBy: user.id,
          submittedAt: now,
          rating: input.rating,
          percent: input.percent,
          workDone: input.workDone.trim(),
          nextSteps: input.nextSteps?.trim() ?? '',
          problems: input.problems?.trim() ?? '',
          isFinal: input.isFinal ?? false,
          late: isLateReport(period, now),
        }),
      );
      if (task.status === 'acknowledged') {
        task.status = 'in_progress';
        await manager.save(task);
      }
      await this.audit.record(manager, {
        actorId: user.id,
        action: 'report.submit',
        entityType: 'task',
        entityId: taskId,
        after: {
          reportId: report.id,
          period,
          revision: report.revision,
          rating: report.rating,
          percent: report.percent,
          late: report.late,
          isFinal: report.isFinal,
        },
        requestId,
      });
      await this.reminders.sync(manager, [taskId], now);
      await this.lights.refresh(manager, [taskId], now);
      return report;
    });
  }

  /** The office sends a report back for rework; the agency answers with a new revision. */
  async returnReport(user: AuthUser, reportId: string, comment: string, requestId?: string) {
    this.officeOnly(user);
    return this.dataSource.transaction(async (manager) => {
      const report = await manager.findOne(TaskReport, {
        where: { id: reportId },
        lock: { mode: 'pessimistic_write' },
      });
      if (!report)
        throw AppError.notFound(ProgressErrors.REPORT_NOT_FOUND, `周报不存在 (report not found): ${reportId}`);
      if (report.returnedAt)
        throw AppError.conflict(ProgressErrors.ALREADY_RETURNED, '该周报已退回 (already returned)');
      report.returnedAt = this.clock.now();
      report.returnedBy = user.id;
      report.returnComment = comment.trim();
      await manager.save(report);
      await this.audit.record(manager, {
        actorId: user.id,
        action: 'report.return',
        entityType: 'task',
        entityId: report.taskId,
        after: { reportId, period: report.period, revision: report.revision, comment: report.returnComment },
        requestId,
      });
      return report;
    });
  }

  /** A co-operating agency's part of a week's report; sending again replaces it. */
  async contribute(user: AuthUser, taskId: string, input: { period?: string; content: string }, requestId?: string) {
    return this.dataSource.transaction(async (manager) => {
      const visible = await loadVisibleTask(manager, taskId, user, { lock: true });
      if (visible.relation !== 'co') {
        throw AppError.forbidden(
          ProgressErrors.CO_ONLY,
          '只有协办单位可以报送协办情况 (only co-operating agencies contribute)',
        );
      }
      this.checkReportable(visible);
      const period = input.period ?? reportingPeriod(this.clock.now());
      if (!isValidPeriod(period) || period > reportingPeriod(this.clock.now())) {
        throw AppError.badRequest(ProgressErrors.BAD_PERIOD, `报送周期不正确 (bad period): ${period}`);
      }
      await manager
        .createQueryBuilder()
        .insert()
        .into(ReportContribution)
        .values({
          taskId,
          period,
          agencyId: user.agencyId as string,
          submittedBy: user.id,
          content: input.content.trim(),
        })
        .orUpdate(['content', 'submitted_by', 'updated_at'], ['task_id', 'period', 'agency_id'])
        .execute();
      await this.audit.record(manager, {
        actorId: user.id,
        action: 'report.contribute',
        entityType: 'task',
        entityId: taskId,
        after: { period, agencyId: user.agencyId },
        requestId,
      });
      return manager.findOneByOrFail(ReportContribution, { taskId, period, agencyId: user.agencyId as string });
    });
  }

  /** 延期申请: before the deadline in force, for a later date; one pending request at a time. */
  async requestExtension(
    user: AuthUser,
    taskId: string,
    input: { requestedDeadline: string; reason: string },
    requestId?: string,
  ) {
    return this.dataSource.transaction(async (manager) => {
      const visible = await loadVisibleTask(manager, taskId, user, { lock: true });
      if (visible.relation !== 'lead')
        throw forbidden('只有牵头单位可以申请延期 (only the lead agency asks for an extension)');
      this.checkReportable(visible, true);
      const current = effectiveDeadline(visible.task);
      const today = shanghaiDate(this.clock.now());
      if (current && today > current) {
        throw AppError.conflict(
          ProgressErrors.EXTENSION_TOO_LATE,
          `已超过完成时限 ${current}，不能再申请延期 (the deadline has passed)`,
        );
      }
      if ((current && input.requestedDeadline <= current) || input.requestedDeadline <= today) {
        throw AppError.badRequest(
          ProgressErrors.EXTENSION_NOT_LATER,
          '延期日期须晚于现有时限 (the new date must be later)',
        );
      }
      if (await manager.existsBy(ExtensionRequest, { taskId, status: 'pending' })) {
        throw AppError.conflict(
          ProgressErrors.EXTENSION_PENDING,
          '已有待审批的延期申请 (an extension request is pending)',
        );
      }
      const request = await manager.save(
        manager.create(ExtensionRequest, {
          taskId,
          agencyId: user.agencyId as string,
          requestedBy: user.id,
          requestedAt: this.clock.now(),
          currentDeadline: current,
          requestedDeadline: input.requestedDeadline,
          reason: input.reason.trim(),
        }),
      );
      await this.audit.record(manager, {
        actorId: user.id,
        action: 'extension.request',
        entityType: 'task',
        entityId: taskId,
        after: { extensionId: request.id, from: current, to: input.requestedDeadline, reason: request.reason },
        requestId,
      });
      return request;
    });
  }

  /** The office approves (the new date becomes the deadline in force) or refuses (the old one stays). */
  async decideExtension(
    user: AuthUser,
    extensionId: string,
    approve: boolean,
    comment: string | undefined,
    requestId?: string,
  ) {
    this.officeOnly(user);
    return this.dataSource.transaction(async (manager) => {
      const request = await manager.findOne(ExtensionRequest, {
        where: { id: extensionId },
        lock: { mode: 'pessimistic_write' },
      });
      if (!request)
        throw AppError.notFound(ProgressErrors.EXTENSION_NOT_FOUND, `延期申请不存在 (not found): ${extensionId}`);
      if (request.status !== 'pending') {
        throw AppError.conflict(
          `${ProgressErrors.EXTENSION_DECIDED}.${request.status.toUpperCase()}`,
          `该申请已处理 (already ${request.status})`,
        );
      }
      const task = await manager.findOne(Task, { where: { id: request.taskId }, lock: { mode: 'pessimistic_write' } });
      if (!task) throw AppError.notFound('TASK.NOT_FOUND', 'task not found');
      request.status = approve ? 'approved' : 'refused';
      request.decidedBy = user.id;
      request.decidedAt = this.clock.now();
      request.decisionComment = comment?.trim() || null;
      await manager.save(request);
      const before = { extendedDeadline: task.extendedDeadline };
      if (approve) {
        task.extendedDeadline = request.requestedDeadline;
        await manager.save(task);
      }
      await this.audit.record(manager, {
        actorId: user.id,
        action: approve ? 'extension.approve' : 'extension.refuse',
        entityType: 'task',
        entityId: task.id,
        before,
        after: { extensionId, extendedDeadline: task.extendedDeadline, comment: request.decisionComment },
        requestId,
      });
      await this.reminders.sync(manager, [task.id]);
      await this.lights.refresh(manager, [task.id]);
      return request;
    });
  }

  async comment(user: AuthUser, taskId: string, input: { body: string; parentId?: string }, requestId?: string) {
    return this.dataSource.transaction(async (manager) => {
      await loadVisibleTask(manager, taskId, user);
      if (input.parentId && !(await manager.existsBy(TaskComment, { id: input.parentId, taskId }))) {
        throw AppError.badRequest(
          ProgressErrors.COMMENT_PARENT,
          '回复的评论不存在 (the comment replied to does not exist)',
        );
      }
      const comment = await manager.save(
        manager.create(TaskComment, {
          taskId,
          parentId: input.parentId ?? null,
          authorId: user.id,
          body: input.body.trim(),
        }),
      );
      await this.audit.record(manager, {
        actorId: user.id,
        action: 'comment.add',
        entityType: 'task',
        entityId: taskId,
        after: { commentId: comment.id, parentId: comment.parentId },
        requestId,
      });
      return comment;
    });
  }

  /** 催办 / 督办: numbered per kind and year, addressed to an agency on the task (the lead by default). */
  async sendNotice(
    user: AuthUser,
    taskId: string,
    input: { kind: NoticeKind; body: string; agencyId?: string },
    requestId?: string,
  ) {
    if (!['supervisor', 'coordinator', 'admin'].includes(user.role)) {
      throw forbidden('只有督查人员和协调办可以催办、督办 (only supervisors and the office send notices)');
    }
    return this.dataSource.transaction(async (manager) => {
      const { task } = await loadVisibleTask(manager, taskId, user);
      // The first lead named, when the sender names no agency.
      const assignments = await manager.find(TaskAssignment, {
        where: { taskId },
        order: { createdAt: 'ASC', id: 'ASC' },
      });
      const target = input.agencyId
        ? assignments.find((a) => a.agencyId === input.agencyId)
        : assignments.find((a) => a.role === 'lead');
      if (!target)
        throw AppError.badRequest(
          ProgressErrors.NOTICE_AGENCY,
          '该单位不是此任务的责任单位 (agency is not on this task)',
        );
      const year = Number(shanghaiDate(this.clock.now()).slice(0, 4));
      // Serialises numbering per kind and year; the unique constraint is the backstop.
      await manager.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`notice-${input.kind}-${year}`]);
      const { max } = (await manager
        .getRepository(SupervisionNotice)
        .createQueryBuilder('n')
        .select('COALESCE(MAX(n.sequence), 0)', 'max')
        .where('n.kind = :kind AND n.year = :year', { kind: input.kind, year })
        .getRawOne<{ max: number }>()) ?? { max: 0 };
      const notice = await manager.save(
        manager.create(SupervisionNotice, {
          kind: input.kind,
          year,
          sequence: Number(max) + 1,
          taskId: task.id,
          agencyId: target.agencyId,
          body: input.body.trim(),
          sentBy: user.id,
          sentAt: this.clock.now(),
        }),
      );
      await this.deliverNotice(manager, notice, task);
      await this.audit.record(manager, {
        actorId: user.id,
        action: `notice.${input.kind}`,
        entityType: 'task',
        entityId: taskId,
        after: { noticeId: notice.id, agencyId: target.agencyId, year, sequence: notice.sequence },
        requestId,
      });
      return { ...notice, number: noticeNumber(notice) };
    });
  }

  /**
   * A notice reaches the agency's officers in their inbox, and by e-mail for
   * those who take it (a pending delivery, which the worker's sweep sends).
   */
  private async deliverNotice(manager: EntityManager, notice: SupervisionNotice, task: Task): Promise<void> {
    const runKey = `notice-${notice.id}`;
    const title = `${noticeNumber(notice)}：${task.title}`;
    const item = {
      taskId: task.id,
      title: task.title,
      kind: `notice_${notice.kind}`,
      level: notice.kind === 'chase' ? 'chase' : 'supervise',
      deadline: effectiveDeadline(task),
    };
    const officers = `FROM users WHERE role = 'agency' AND agency_id = $1 AND is_active`;
    await manager.query(
      `INSERT INTO notifications (user_id, run_key, title, body, items, created_at)
       SELECT id, $2, $3, $4, $5::jsonb, $6 ${officers} ON CONFLICT (user_id, run_key) DO NOTHING`,
      [notice.agencyId, runKey, title, notice.body, JSON.stringify([item]), notice.sentAt],
    );
    await manager.query(
      `INSERT INTO deliveries (run_key, channel, target, user_id, payload, created_at)
       SELECT $2, 'email', email, id, $3::jsonb, $4 ${officers} AND email_notifications
       ON CONFLICT (run_key, channel, target) DO NOTHING`,
      [notice.agencyId, runKey, JSON.stringify({ title, items: [item] }), notice.sentAt],
    );
  }

  /** Notices addressed to the user's agency (agency users) or all of them (office and supervisors). */
  listNotices(user: AuthUser) {
    const query = this.dataSource
      .getRepository(SupervisionNotice)
      .createQueryBuilder('n')
      .orderBy('n.sentAt', 'DESC')
      .addOrderBy('n.sequence', 'DESC')
      .take(200);
    if (user.role === 'agency') query.where('n.agency_id = :agencyId', { agencyId: user.agencyId });
    return query.getMany();
  }

  /** Evidence for a task, from its agencies or the office; bounded by the upload limit and type. */
  async attach(
    user: AuthUser,
    taskId: string,
    file: { fileName: string; contentType: string; bytes: Buffer; reportId?: string },
    requestId?: string,
  ) {
    if (file.bytes.length === 0) throw AppError.badRequest(ProgressErrors.ATTACHMENT_EMPTY, '文件为空 (empty file)');
    if (!ALLOWED_EVIDENCE.test(file.fileName)) {
      throw new AppError(
        415,
        ProgressErrors.ATTACHMENT_TYPE,
        `不支持的佐证材料类型 (file type not allowed): ${file.fileName}`,
      );
    }
    return this.dataSource.transaction(async (manager) => {
      const visible = await loadVisibleTask(manager, taskId, user);
      if (user.role === 'supervisor' || (user.role === 'agency' && visible.relation === 'none')) {
        throw forbidden('无权上传佐证材料 (you may not add evidence to this task)');
      }
      const attachment = await manager.save(
        manager.create(Attachment, {
          taskId,
          reportId: file.reportId ?? null,
          agencyId: user.agencyId,
          fileName: file.fileName,
          contentType: file.contentType || 'application/octet-stream',
          byteSize: file.bytes.length,
          sha256: createHash('sha256').update(file.bytes).digest('hex'),
          content: file.bytes,
          uploadedBy: user.id,
        }),
      );
      await this.audit.record(manager, {
        actorId: user.id,
        action: 'attachment.add',
        entityType: 'task',
        entityId: taskId,
        after: { attachmentId: attachment.id, fileName: file.fileName, byteSize: file.bytes.length },
        requestId,
      });
      const { content: _content, ...rest } = attachment;
      return rest;
    });
  }

  /** An attachment's bytes, for users who may see its task. */
  async download(user: AuthUser, attachmentId: string) {
    const attachment = await this.dataSource
      .getRepository(Attachment)
      .createQueryBuilder('a')
      .addSelect('a.content')
      .where('a.id = :attachmentId', { attachmentId })
      .getOne();
    if (!attachment)
      throw AppError.notFound(ProgressErrors.ATTACHMENT_NOT_FOUND, `附件不存在 (not found): ${attachmentId}`);
    await loadVisibleTask(this.dataSource.manager, attachment.taskId, user).catch(() => {
      throw AppError.notFound(ProgressErrors.ATTACHMENT_NOT_FOUND, `附件不存在 (not found): ${attachmentId}`);
    });
    return attachment;
  }

  private officeOnly(user: AuthUser) {
    if (user.role !== 'coordinator' && user.role !== 'admin') throw forbidden('只有协调办可以执行此操作 (office only)');
  }

  private checkReportable(visible: VisibleTask, allowAssigned = false) {
    const ok = isOpen(visible.task.status) && (allowAssigned || visible.task.status !== 'registered');
    if (!ok) {
      throw AppError.conflict(
        `${ProgressErrors.NOT_REPORTABLE}.${visible.task.status.toUpperCase()}`,
        `任务当前状态为 ${visible.task.status} (the task is ${visible.task.status})`,
      );
    }
  }
}
