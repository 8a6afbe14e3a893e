import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { toBoolean, toList } from '../common/query.dto.js';
import { IsBoolean, IsIn, IsInt, IsOptional, IsUUID, Max, Min } from 'class-validator';
import { LIGHTS, type Light } from '../../../../libs/core/src/reports/report-types.js';
import { TASK_STATUSES, type TaskStatus } from '../../../../libs/core/src/tasks/task-status.js';

export { PageQueryDto } from '../common/query.dto.js';

export class TrendQueryDto {
  @ApiPropertyOptional({ minimum: 1, maximum: 104, default: 12 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(104)
  weeks?: number;
}

/** Filters of the ledger exports (the same words as the task list). */
export class LedgerQueryDto {
  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID() documentId?: string;
  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID() agencyId?: string;

  @ApiPropertyOptional({ description: 'Comma-separated statuses', example: 'in_progress,completion_requested' })
  @IsOptional()
  @Transform(toList)
  @IsIn(TASK_STATUSES, { each: true })
  status?: TaskStatus[];

  @ApiPropertyOptional({ description: 'Comma-separated lights', example: 'red,yellow' })
  @IsOptional()
  @Transform(toList)
  @IsIn(LIGHTS, { each: true })
  light?: Light[];

  @ApiPropertyOptional() @IsOptional() @Transform(toBoolean) @IsBoolean() overdue?: boolean;
}
