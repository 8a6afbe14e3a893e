import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsArray, IsInt, IsObject, IsOptional } from 'class-validator';
import { type AgencyMapping, type TaskEdit } from '../../../../libs/core/src/imports/import-review.js';

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
