import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Put, Query, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiConsumes, ApiParam, ApiTags } from '@nestjs/swagger';
import { type FastifyReply, type FastifyRequest } from 'fastify';
import { AppError } from '../../../../libs/common/src/app-error.js';
import { ProgressService } from '../../../../libs/core/src/progress/progress.service.js';
import { TASK_ACTIONS, type TaskAction } from '../../../../libs/core/src/tasks/task-lifecycle.js';
import { TasksService } from '../../../../libs/core/src/tasks/tasks.service.js';
import { type AuthUser } from '../../../../libs/core/src/users/auth-user.js';
import { CurrentUser, RequestId, Roles } from '../auth/auth.decorators.js';
import { ApiFile } from '../common/api-file.js';
import {
  ActionDto,
  AssignDto,
  BulkAssignDto,
  CommentDto,
  ContributionDto,
  DecisionDto,
  ExtensionDto,
  NoticeDto,
  ReportDto,
  ReturnReportDto,
  TaskQueryDto,
} from './tasks.dto.js';

/** The ledger (台账): every query is limited to what the signed-in user may see. */
@ApiTags('tasks')
@ApiBearerAuth()
@Controller()
export class TasksController {
  constructor(
    private readonly tasks: TasksService,
    private readonly progress: ProgressService,
  ) {}

  /** Tasks you may see (agency officers: their agency's), filtered and paged. */
  @Get('tasks')
  list(@CurrentUser() user: AuthUser, @Query() query: TaskQueryDto) {
    return this.tasks.list(user, query);
  }

  @Get('tasks/:id')
  detail(@CurrentUser() user: AuthUser, @Param('id', ParseUUIDPipe) id: string) {
    return this.tasks.detail(user, id);
  }

  @Get('tasks/:id/history')
  history(@CurrentUser() user: AuthUser, @Param('id', ParseUUIDPipe) id: string) {
    return this.tasks.history(user, id);
  }

  /** A lifecycle step: assign, acknowledge, start, request_completion, approve_completion, return, close, transfer, suspend, resume, cancel. */
  @Post('tasks/:id/actions/:action')
  @HttpCode(200)
  @ApiParam({ name: 'action', enum: TASK_ACTIONS })
  act(
    @CurrentUser() user: AuthUser,
    @Param('id', ParseUUIDPipe) id: string,
    @Param('action') action: string,
    @Body() body: ActionDto,
    @RequestId() requestId?: string,
  ) {
    if (!TASK_ACTIONS.includes(action as TaskAction)) {
      throw AppError.notFound('TASK.UNKNOWN_ACTION', `没有这个操作 (no such action): ${action}`);
    }
    return this.tasks.act(user, id, action as TaskAction, body, requestId);
  }

  @Roles('coordinator', 'admin')
  @Put('tasks/:id/assignments')
  assign(
    @CurrentUser() user: AuthUser,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() body: AssignDto,
    @RequestId() requestId?: string,
  ) {
    return this.tasks.assign(user, id, body, requestId);
  }

  @Roles('coordinator', 'admin')
  @Post('tasks/bulk-assign')
  @HttpCode(200)
  bulkAssign(@CurrentUser() user: AuthUser, @Body() body: BulkAssignDto, @RequestId() requestId?: string) {
    return this.tasks.bulkAssign(user, { ...body, andHandOver: body.andHandOver ?? false }, requestId);
  }

  @Roles('agency')
  @Post('tasks/:id/reports')
  submitReport(
    @CurrentUser() user: AuthUser,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() body: ReportDto,
    @RequestId() requestId?: string,
  ) {
    return this.progress.submitReport(user, id, body, requestId);
  }

  @Roles('coordinator', 'admin')
  @Post('reports/:id/return')
  @HttpCode(200)
  returnReport(
    @CurrentUser() user: AuthUser,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() body: ReturnReportDto,
    @RequestId() requestId?: string,
  ) {
    return this.progress.returnReport(user, id, body.comment, requestId);
  }

  @Roles('agency')
  @Post('tasks/:id/contributions')
  contribute(
    @CurrentUser() user: AuthUser,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() body: ContributionDto,
    @RequestId() requestId?: string,
  ) {
    return this.progress.contribute(user, id, body, requestId);
  }

  @Roles('agency')
  @Post('tasks/:id/extensions')
  requestExtension(
    @CurrentUser() user: AuthUser,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() body: ExtensionDto,
    @RequestId() requestId?: string,
  ) {
    return this.progress.requestExtension(user, id, body, requestId);
  }

  @Roles('coordinator', 'admin')
  @Post('extensions/:id/approve')
  @HttpCode(200)
  approveExtension(
    @CurrentUser() user: AuthUser,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() body: DecisionDto,
    @RequestId() requestId?: string,
  ) {
    return this.progress.decideExtension(user, id, true, body.comment, requestId);
  }

  @Roles('coordinator', 'admin')
  @Post('extensions/:id/refuse')
  @HttpCode(200)
  refuseExtension(
    @CurrentUser() user: AuthUser,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() body: DecisionDto,
    @RequestId() requestId?: string,
  ) {
    return this.progress.decideExtension(user, id, false, body.comment, requestId);
  }

  @Post('tasks/:id/comments')
  comment(
    @CurrentUser() user: AuthUser,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() body: CommentDto,
    @RequestId() requestId?: string,
  ) {
    return this.progress.comment(user, id, body, requestId);
  }

  /** 催办 / 督办 to an agency on the task. */
  @Roles('supervisor', 'coordinator', 'admin')
  @Post('tasks/:id/notices')
  sendNotice(
    @CurrentUser() user: AuthUser,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() body: NoticeDto,
    @RequestId() requestId?: string,
  ) {
    return this.progress.sendNotice(user, id, body, requestId);
  }

  @Get('notices')
  notices(@CurrentUser() user: AuthUser) {
    return this.progress.listNotices(user);
  }

  /** Evidence (multipart field `file`, optional field `reportId`). */
  @Post('tasks/:id/attachments')
  @ApiConsumes('multipart/form-data')
  @ApiBody({
    schema: {
      type: 'object',
      properties: { file: { type: 'string', format: 'binary' }, reportId: { type: 'string' } },
    },
  })
  async attach(
    @CurrentUser() user: AuthUser,
    @Param('id', ParseUUIDPipe) id: string,
    @Req() request: FastifyRequest,
    @RequestId() requestId?: string,
  ) {
    if (!request.isMultipart()) {
      throw AppError.badRequest('ATTACHMENT.NOT_MULTIPART', '请以 multipart/form-data 上传 (send multipart/form-data)');
    }
    const part = await request.file();
    if (!part) throw AppError.badRequest('ATTACHMENT.NO_FILE', '请求中没有文件 (no file in the upload)');
    const bytes = await part.toBuffer();
    const reportField = part.fields.reportId as { value?: unknown } | undefined;
    const reportId = typeof reportField?.value === 'string' ? reportField.value : undefined;
    return this.progress.attach(
      user,
      id,
      { fileName: part.filename, contentType: part.mimetype, bytes, reportId },
      requestId,
    );
  }

  @Get('attachments/:id')
  @ApiFile('application/octet-stream', 'The file as uploaded, with its own content type and name')
  async download(@CurrentUser() user: AuthUser, @Param('id', ParseUUIDPipe) id: string, @Res() reply: FastifyReply) {
    const attachment = await this.progress.download(user, id);
    await reply
      .header('content-type', attachment.contentType)
      .header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(attachment.fileName)}`)
      .header('x-content-type-options', 'nosniff')
      .send(attachment.content);
  }
}
