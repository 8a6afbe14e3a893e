import { PassThrough } from 'node:stream';
import { Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiParam, ApiTags } from '@nestjs/swagger';
import { type FastifyReply } from 'fastify';
import { AppError } from '../../../../libs/common/src/app-error.js';
import { ErrorCodes } from '../../../../libs/common/src/error-codes.js';
import { ledgerCsv } from '../../../../libs/core/src/reports/exports/ledger-csv.js';
import { writeLedgerXlsx } from '../../../../libs/core/src/reports/exports/ledger-xlsx.js';
import { buildWeeklyReportDocx } from '../../../../libs/core/src/reports/exports/weekly-report-docx.js';
import { ReportsService } from '../../../../libs/core/src/reports/reports.service.js';
import { SnapshotService } from '../../../../libs/core/src/reports/snapshot.service.js';
import { type AuthUser } from '../../../../libs/core/src/users/auth-user.js';
import { CurrentUser, Roles } from '../auth/auth.decorators.js';
import { ApiFile, CSV, DOCX, XLSX } from '../common/api-file.js';
import { LedgerQueryDto, PageQueryDto, TrendQueryDto } from './reports.dto.js';

const PERIOD = { name: 'period', example: '2026-W47', description: 'ISO week in Asia/Shanghai' };

function attachment(fileName: string): string {
  return `attachment; filename*=UTF-8''${encodeURIComponent(fileName)}`;
}

/**
 * Progress reports: roll-ups, the overdue board, weekly snapshots (周报) and
 * exports. Agency officers get their own agency's part; the league table and
 * the weekly report, which compare agencies, are for the office and supervisors.
 */
@ApiTags('reports')
@ApiBearerAuth()
@Controller()
export class ReportsController {
  constructor(
    private readonly reports: ReportsService,
    private readonly snapshots: SnapshotService,
  ) {}

  /** Counts by status and light, overdue and completion rate. */
  @Get('reports/summary')
  summary(@CurrentUser() user: AuthUser) {
    return this.reports.summary(user);
  }

  /** Every document with its counts. */
  @Get('reports/documents')
  documents(@CurrentUser() user: AuthUser) {
    return this.reports.documents(user);
  }

  /** One document in its own structure (chapter → section → …), each node with its counts. */
  @Get('reports/documents/:id')
  document(@CurrentUser() user: AuthUser, @Param('id', ParseUUIDPipe) id: string) {
    return this.reports.document(user, id);
  }

  /** Per agency: tasks as lead and co, overdue, average days overdue, report punctuality (last four weeks). */
  @Get('reports/agencies')
  agencies(@CurrentUser() user: AuthUser) {
    return this.reports.agencies(user);
  }

  @Get('reports/agencies/:id')
  async agency(@CurrentUser() user: AuthUser, @Param('id', ParseUUIDPipe) id: string) {
    if (user.role === 'agency' && user.agencyId !== id) {
      throw AppError.forbidden(ErrorCodes.AUTH_FORBIDDEN, '只能查看本单位的统计 (only your own agency)');
    }
    const [row] = await this.reports.agencies(user, id);
    return row;
  }

  /** Agencies ranked: fewest overdue per task, then completion rate, then punctuality. */
  @Roles('coordinator', 'supervisor', 'admin')
  @Get('reports/league')
  league(@CurrentUser() user: AuthUser) {
    return this.reports.league(user);
  }

  /** Open tasks past their deadline in force, longest overdue first, with the escalation reached. */
  @Get('reports/overdue')
  overdue(@CurrentUser() user: AuthUser, @Query() query: PageQueryDto) {
    return this.reports.overdue(user, query.page ?? 1, query.pageSize ?? 50);
  }

  /** A task's warning light and its history. */
  @Get('tasks/:id/lights')
  lights(@CurrentUser() user: AuthUser, @Param('id', ParseUUIDPipe) id: string) {
    return this.reports.lightHistory(user, id);
  }

  /** The ledger (台账) as .xlsx, filtered; streamed. */
  @Get('reports/ledger.xlsx')
  @ApiFile(XLSX, 'The ledger workbook: one row per task, frozen header')
  async ledgerXlsx(@CurrentUser() user: AuthUser, @Query() query: LedgerQueryDto, @Res() reply: FastifyReply) {
    const body = new PassThrough();
    const now = new Date();
    void writeLedgerXlsx(this.reports.ledgerRows(user, query), body, {
      title: '试点任务督办台账',
      generatedAt: now,
      filterSummary: describeFilters(query),
    }).catch((error: unknown) => body.destroy(error as Error));
    await reply
      .header('content-type', XLSX)
      .header('content-disposition', attachment(`督办台账-${now.toISOString().slice(0, 10)}.xlsx`))
      .send(body);
  }

  /** The ledger as CSV (UTF-8 with BOM, for Excel). */
  @Get('reports/ledger.csv')
  @ApiFile(CSV, 'The ledger as CSV, UTF-8 with BOM')
  async ledgerCsv(@CurrentUser() user: AuthUser, @Query() query: LedgerQueryDto, @Res() reply: FastifyReply) {
    await reply
      .header('content-type', 'text/csv; charset=utf-8')
      .header('content-disposition', attachment(`督办台账-${new Date().toISOString().slice(0, 10)}.csv`))
      .send(ledgerCsv(this.reports.ledgerRows(user, query)));
  }

  /** Weekly snapshots, newest first, with the trend figures (completion rate, overdue). */
  @Roles('coordinator', 'supervisor', 'admin')
  @Get('reports/weekly')
  weekly(@Query() query: TrendQueryDto) {
    return this.snapshots.trend(query.weeks ?? 12);
  }

  @Roles('coordinator', 'supervisor', 'admin')
  @Get('reports/weekly/:period')
  @ApiParam(PERIOD)
  async week(@Param('period') period: string) {
    return (await this.snapshots.get(period)).data;
  }

  /** The weekly report (周报) as .docx. */
  @Roles('coordinator', 'supervisor', 'admin')
  @Get('reports/weekly/:period/export.docx')
  @ApiParam(PERIOD)
  @ApiFile(DOCX, 'The weekly report document')
  async weekDocx(@Param('period') period: string, @Res() reply: FastifyReply) {
    const snapshot = await this.snapshots.get(period);
    await reply
      .header('content-type', DOCX)
      .header('content-disposition', attachment(`督办周报-${period}.docx`))
      .send(await buildWeeklyReportDocx(snapshot.data));
  }

  /** Builds (or rebuilds) a week's snapshot now, for a week that has ended. */
  @Roles('coordinator', 'admin')
  @Post('reports/weekly/:period/build')
  @HttpCode(200)
  @ApiParam(PERIOD)
  async build(@Param('period') period: string) {
    return (await this.snapshots.build(period, { rebuild: true, closedOnly: true })).data;
  }
}

function describeFilters(query: LedgerQueryDto): string {
  const parts = [
    query.status?.length ? `状态：${query.status.join('、')}` : '',
    query.light?.length ? `预警：${query.light.join('、')}` : '',
    query.overdue ? '仅逾期' : '',
    query.documentId ? '按文件筛选' : '',
    query.agencyId ? '按单位筛选' : '',
  ].filter(Boolean);
  return parts.length > 0 ? parts.join('；') : '全部任务';
}
