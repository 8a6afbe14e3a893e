import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsArray, IsIn, IsInt, IsObject, IsOptional } from 'class-validator';
import { IMPORT_STATUSES, type ImportStatus } from '../../../../libs/core/src/imports/import-job.entity.js';
import { type AgencyMapping, type TaskEdit } from '../../../../libs/core/src/imports/import-review.js';
import { PageQueryDto, toList } from '../common/query.dto.js';

/** The list of imports, newest first, a page at a time. */
export class ImportQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ description: 'Comma-separated statuses', example: 'review,failed' })
  @IsOptional()
  @Transform(toList)
  @IsIn(IMPORT_STATUSES, { each: true })
  status?: ImportStatus[];
}

/** The review's decisions; their inner shape is checked against the extraction by the service. */
export class ImportReviewDto {
  @ApiPropertyOptional({
    description: 'Edits keyed by "documentIndex.taskIndex"',
    example: { '0.3': { exclude: true } },
  })
  @IsOptional()
  @IsObject()
  tasks?: Record<string, TaskEdit>;

  @ApiPropertyOptional({ type: [Number] })
  @IsOptional()
  @IsArray()
  @IsInt({ each: true })
  excludedDocuments?: number[];

  @ApiPropertyOptional({
    description: 'Printed name → {agencyId} | {create: {name, kind}} | {ignore: true}',
    example: { 市人力社保局: { agencyId: '…' } },
  })
  @IsOptional()
  @IsObject()
  agencyMappings?: Record<string, AgencyMapping>;
}
