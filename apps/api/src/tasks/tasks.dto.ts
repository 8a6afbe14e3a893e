import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { PageQueryDto, toBoolean, toList } from '../common/query.dto.js';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsBoolean,
  IsDateString,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
  ValidateNested,
} from 'class-validator';
import { LIGHTS, type Light } from '../../../../libs/core/src/reports/report-types.js';
import { NOTICE_KINDS, type NoticeKind } from '../../../../libs/core/src/progress/supervision-notice.entity.js';
import { REPORT_RATINGS, type ReportRating } from '../../../../libs/core/src/progress/task-report.entity.js';
import {
  ASSIGNMENT_ROLES,
  TASK_STATUSES,
  type AssignmentRole,
  type TaskStatus,
} from '../../../../libs/core/src/tasks/task-status.js';

export class TaskQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID() documentId?: string;
  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID() sectionId?: string;
  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID() agencyId?: string;
  @ApiPropertyOptional({ enum: ASSIGNMENT_ROLES }) @IsOptional() @IsIn(ASSIGNMENT_ROLES) role?: AssignmentRole;

  @ApiPropertyOptional({ description: 'Comma-separated statuses', example: 'assigned,in_progress' })
  @IsOptional()
  @Transform(toList)
  @IsIn(TASK_STATUSES, { each: true })
  status?: TaskStatus[];

  @ApiPropertyOptional({ example: '2026-01-01' }) @IsOptional() @IsDateString({ strict: true }) deadlineFrom?: string;
  @ApiPropertyOptional({ example: '2026-12-31' }) @IsOptional() @IsDateString({ strict: true }) deadlineTo?: string;
  @ApiPropertyOptional() @IsOptional() @Transform(toBoolean) @IsBoolean() overdue?: boolean;

  @ApiPropertyOptional({ description: 'Only tasks without a lead agency (the unassigned queue)' })
  @IsOptional()
  @Transform(toBoolean)
  @IsBoolean()
  unassigned?: boolean;

  @ApiPropertyOptional({ description: 'Comma-separated warning lights', example: 'red,yellow' })
  @IsOptional()
  @Transform(toList)
  @IsIn(LIGHTS, { each: true })
  light?: Light[];

  @ApiPropertyOptional({ description: 'Text search in title and text (3+ characters use the trigram index)' })
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  q?: string;

  @ApiPropertyOptional({ enum: ['deadline', 'number', 'updated'] })
  @IsOptional()
  @IsIn(['deadline', 'number', 'updated'])
  sort?: 'deadline' | 'number' | 'updated';
}

export class ActionDto {
  @ApiProperty({ description: 'The task version you saw (optimistic locking)' })
  @IsInt()
  @Min(1)
  version: number;

  @ApiPropertyOptional({ description: 'Required for 退回, 暂停 and 撤销' })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  comment?: string;

  @ApiPropertyOptional({ type: [String], description: 'For 转办: the new lead agencies' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(20)
  @IsUUID('all', { each: true })
  leadAgencyIds?: string[];
}

export class AssignmentDto {
  @ApiProperty({ format: 'uuid' }) @IsUUID() agencyId: string;
  @ApiPropertyOptional({ nullable: true }) @IsOptional() @IsString() @MaxLength(100) internalDivision?: string | null;
  @ApiPropertyOptional({ nullable: true }) @IsOptional() @IsString() @MaxLength(100) contactPerson?: string | null;
}

export class AssignDto {
  @ApiProperty() @IsInt() @Min(1) version: number;

  @ApiProperty({ type: [AssignmentDto] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(30)
  @ValidateNested({ each: true })
  @Type(() => AssignmentDto)
  lead: AssignmentDto[];

  @ApiProperty({ type: [AssignmentDto] })
  @IsArray()
  @ArrayMaxSize(50)
  @ValidateNested({ each: true })
  @Type(() => AssignmentDto)
  co: AssignmentDto[];
}

export class BulkAssignDto {
  @ApiProperty({ type: [String] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(500)
  @IsUUID('all', { each: true })
  taskIds: string[];

  @ApiProperty({ type: [AssignmentDto] })
  @IsArray()
  @ArrayMinSize(1)
  @ValidateNested({ each: true })
  @Type(() => AssignmentDto)
  lead: AssignmentDto[];

  @ApiProperty({ type: [AssignmentDto] })
  @IsArray()
  @ValidateNested({ each: true })
  @Type(() => AssignmentDto)
  co: AssignmentDto[];

  @ApiPropertyOptional({ description: 'Also hand registered tasks over (交办) at once' })
  @IsOptional()
  @IsBoolean()
  andHandOver?: boolean;
}

export class ReportDto {
  @ApiPropertyOptional({ example: '2026-W47', description: 'ISO week; the current one by default' })
  @IsOptional()
  @Matches(/^\d{4}-W\d{2}$/)
  period?: string;

  @ApiProperty({ enum: REPORT_RATINGS }) @IsIn(REPORT_RATINGS) rating: ReportRating;
  @ApiProperty({ minimum: 0, maximum: 100 }) @IsInt() @Min(0) @Max(100) percent: number;
  @ApiProperty({ description: '本周进展' }) @IsString() @MinLength(1) @MaxLength(10000) workDone: string;
  @ApiPropertyOptional({ description: '下步计划' }) @IsOptional() @IsString() @MaxLength(10000) nextSteps?: string;
  @ApiPropertyOptional({ description: '需协调解决的问题' })
  @IsOptional()
  @IsString()
  @MaxLength(10000)
  problems?: string;
  @ApiPropertyOptional({ description: 'The final report, required before completion is requested' })
  @IsOptional()
  @IsBoolean()
  isFinal?: boolean;
}

export class ReturnReportDto {
  @ApiProperty() @IsString() @MinLength(1) @MaxLength(2000) comment: string;
}

export class ContributionDto {
  @ApiPropertyOptional({ example: '2026-W47' }) @IsOptional() @Matches(/^\d{4}-W\d{2}$/) period?: string;
  @ApiProperty() @IsString() @MinLength(1) @MaxLength(10000) content: string;
}

export class ExtensionDto {
  @ApiProperty({ example: '2026-12-31' }) @IsDateString({ strict: true }) requestedDeadline: string;
  @ApiProperty() @IsString() @MinLength(1) @MaxLength(2000) reason: string;
}

export class DecisionDto {
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(2000) comment?: string;
}

export class CommentDto {
  @ApiProperty() @IsString() @MinLength(1) @MaxLength(5000) body: string;
  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID() parentId?: string;
}

export class NoticeDto {
  @ApiProperty({ enum: NOTICE_KINDS, description: 'chase = 催办, supervision = 督办' })
  @IsIn(NOTICE_KINDS)
  kind: NoticeKind;

  @ApiProperty() @IsString() @MinLength(1) @MaxLength(5000) body: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'An agency on the task; the lead by default' })
  @IsOptional()
  @IsUUID()
  agencyId?: string;
}
