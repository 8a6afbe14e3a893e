import { Body, Controller, Get, Param, ParseUUIDPipe, Put, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiConflictResponse, ApiForbiddenResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { type FastifyReply } from 'fastify';
import { CasesService } from '../../../../libs/core/src/cases/cases.service.js';
import { type AuthUser } from '../../../../libs/core/src/users/auth-user.js';
import { CurrentUser, RequestId, Roles } from '../auth/auth.decorators.js';
import { ApiFile, CSV } from '../common/api-file.js';
import { AdoptionQueryDto, CaseQueryDto, SetAdoptionDto } from './cases.dto.js';

const errorBody = { 'application/json': { schema: { $ref: '#/components/schemas/ErrorBody' } } };

/**
 * Best-practice cases (经验案例) and their replication (复制推广). Everyone signed in
 * reads the cases; agency officers see and set only their own agency's adoptions.
 */
@ApiTags('cases')
@ApiBearerAuth()
@Controller('cases')
export class CasesController {
  constructor(private readonly cases: CasesService) {}

  // The `adoptions…` routes come before `:id` so that `adoptions` is never taken for an id.

  /** Cases (rows) × agencies (columns) with each cell's status, note and version. */
  @Get('adoptions')
  matrix(@CurrentUser() user: AuthUser, @Query() query: AdoptionQueryDto) {
    return this.cases.matrix(user, query);
  }

  /** Adopted / planned / not applicable / not assessed per case, per agency and in total. */
  @Get('adoptions/report')
  report(@CurrentUser() user: AuthUser, @Query() query: AdoptionQueryDto) {
    return this.cases.report(user, query);
  }

  /** The matrix as CSV for Excel (UTF-8 with BOM), cells 未评估 / 计划推广 / 已推广 / 不适用. */
  @Get('adoptions/export.csv')
  @ApiFile(CSV, 'One row per case, one column per agency')
  async exportCsv(@CurrentUser() user: AuthUser, @Query() query: AdoptionQueryDto, @Res() reply: FastifyReply) {
    const csv = await this.cases.matrixCsv(user, query);
    await reply
      .header('content-type', 'text/csv; charset=utf-8')
      .header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent('复制推广情况.csv')}`)
      .send(csv);
  }

  @Get()
  list(@Query() query: CaseQueryDto) {
    return this.cases.list(query);
  }

  @Get(':id')
  detail(@Param('id', ParseUUIDPipe) id: string) {
    return this.cases.detail(id);
  }

  /** Sets one cell; send the version you saw once the cell has one. */
  @Roles('coordinator', 'admin', 'agency')
  @Put(':id/adoptions/:agencyId')
  // Named here because the error responses below replace Nest's default one.
  @ApiOkResponse({ description: 'The cell as saved, with its new version' })
  @ApiForbiddenResponse({
    description: 'Supervisors, or an agency officer setting another agency’s cell (AUTH.FORBIDDEN)',
    content: errorBody,
  })
  @ApiConflictResponse({
    description: 'The cell changed since you loaded it (CASE.STALE_VERSION, details.currentVersion)',
    content: errorBody,
  })
  setAdoption(
    @CurrentUser() user: AuthUser,
    @Param('id', ParseUUIDPipe) id: string,
    @Param('agencyId', ParseUUIDPipe) agencyId: string,
    @Body() body: SetAdoptionDto,
    @RequestId() requestId?: string,
  ) {
    return this.cases.setAdoption(user, id, agencyId, body, requestId);
  }
}
