import { Body, Controller, Get, HttpCode, Inject, Param, ParseUUIDPipe, Post, Put, Query, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiConsumes, ApiTags } from '@nestjs/swagger';
import { type FastifyRequest } from 'fastify';
import { AppError } from '../../../../libs/common/src/app-error.js';
import { type AppConfig } from '../../../../libs/config/src/config.js';
import { APP_CONFIG } from '../../../../libs/config/src/config.module.js';
import { type ImportJob } from '../../../../libs/core/src/imports/import-job.entity.js';
import { ImportService } from '../../../../libs/core/src/imports/import.service.js';
import { type AuthUser } from '../../../../libs/core/src/users/auth-user.js';
import { CurrentUser, RequestId, Roles } from '../auth/auth.decorators.js';
import { ImportQueue } from './import-queue.js';
import { ImportQueryDto, ImportReviewDto } from './imports.dto.js';

function view(job: ImportJob) {
  return {
    id: job.id,
    status: job.status,
    progress: job.progress,
    fileName: job.fileName,
    byteSize: job.byteSize,
    sha256: job.sha256,
    error: job.errorCode ? { code: job.errorCode, message: job.errorMessage } : null,
    plan: job.plan,
    sourceFileId: job.sourceFileId,
    createdAt: job.createdAt,
    committedAt: job.committedAt,
  };
}

/** Import of policy documents: upload → extraction in the worker → review → commit. */
@ApiTags('imports')
@ApiBearerAuth()
@Roles('admin', 'coordinator')
@Controller('imports')
export class ImportsController {
  constructor(
    private readonly imports: ImportService,
    private readonly queue: ImportQueue,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** Upload one file (multipart field `file`); poll GET /imports/:id for progress. */
  @Post()
  @HttpCode(202)
  @ApiConsumes('multipart/form-data')
  @ApiBody({ schema: { type: 'object', properties: { file: { type: 'string', format: 'binary' } } } })
  async upload(@Req() request: FastifyRequest, @CurrentUser() user: AuthUser) {
    if (!request.isMultipart()) {
      throw AppError.badRequest(
        'IMPORT.NOT_MULTIPART',
        '请以 multipart/form-data 上传文件，字段名为 file (send multipart/form-data with a "file" field)',
      );
    }
    const part = await request.file();
    if (!part || part.fieldname !== 'file') {
      throw AppError.badRequest('IMPORT.NO_FILE', '请求中没有名为 file 的文件 (no "file" field in the upload)');
    }
    const bytes = await part.toBuffer();
    const job = await this.imports.createFromUpload(part.filename, bytes, user.id, this.config.uploads.maxBytes);
    if (job.status === 'queued') await this.queue.enqueueExtraction(job.id);
    return view(job);
  }

  @Get()
  async list(@Query() query: ImportQueryDto) {
    const page = query.page ?? 1;
    const pageSize = query.pageSize ?? 20;
    const { items, total } = await this.imports.list({ statuses: query.status, page, pageSize });
    return { items: items.map(view), page, pageSize, total };
  }

  @Get(':id')
  async get(@Param('id', ParseUUIDPipe) id: string) {
    return view(await this.imports.get(id));
  }

  /** Everything the review screen shows: the source text, proposed documents and tasks, warnings, the plan. */
  @Get(':id/review')
  async review(@Param('id', ParseUUIDPipe) id: string) {
    const job = await this.imports.getForReview(id);
    const { text, encoding, ...extraction } = job.extraction ?? { text: null, encoding: null };
    return { ...view(job), encoding, text, extraction: job.extraction ? extraction : null, review: job.review };
  }

  @Put(':id/review')
  async saveReview(@Param('id', ParseUUIDPipe) id: string, @Body() body: ImportReviewDto) {
    return { plan: await this.imports.saveReview(id, body) };
  }

  @Post(':id/commit')
  @HttpCode(200)
  commit(@Param('id', ParseUUIDPipe) id: string, @CurrentUser() user: AuthUser, @RequestId() requestId?: string) {
    return this.imports.commit(id, user.id, { requireAllMapped: true, requestId });
  }

  @Post(':id/reject')
  @HttpCode(200)
  async reject(@Param('id', ParseUUIDPipe) id: string, @CurrentUser() user: AuthUser, @RequestId() requestId?: string) {
    await this.imports.reject(id, user.id, requestId);
    return view(await this.imports.get(id));
  }
}
