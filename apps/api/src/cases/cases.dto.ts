import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsInt, IsOptional, IsString, IsUUID, MaxLength, Min, MinLength, ValidateIf } from 'class-validator';
import { AGENCY_KINDS, type AgencyKind } from '../../../../libs/core/src/agencies/agency.entity.js';
import { ADOPTION_STATUSES, type AdoptionStatus } from '../../../../libs/core/src/cases/case-adoption.entity.js';
import { PageQueryDto } from '../common/query.dto.js';

// Requests.

export class CaseQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID() documentId?: string;
  @ApiPropertyOptional({ example: '贸易便利' }) @IsOptional() @IsString() @MaxLength(100) category?: string;
  @ApiPropertyOptional({ example: '上海市' }) @IsOptional() @IsString() @MaxLength(100) provider?: string;

  @ApiPropertyOptional({ description: 'Text search in the title' })
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  q?: string;
}

export class AdoptionQueryDto {
  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID() documentId?: string;
  @ApiPropertyOptional({ example: '贸易便利' }) @IsOptional() @IsString() @MaxLength(100) category?: string;

  @ApiPropertyOptional({ enum: AGENCY_KINDS, description: 'Only agencies of this kind as columns' })
  @IsOptional()
  @IsIn(AGENCY_KINDS)
  agencyKind?: AgencyKind;
}

export class SetAdoptionDto {
  @ApiProperty({
    enum: ADOPTION_STATUSES,
    description: 'not_assessed = 未评估, planned = 计划推广, adopted = 已推广, not_applicable = 不适用',
  })
  @IsIn(ADOPTION_STATUSES)
  status: AdoptionStatus;

  @ApiPropertyOptional({ description: 'Replaces the note; empty when left out' })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  note?: string;

  @ApiPropertyOptional({
    nullable: true,
    minimum: 1,
    description: 'The cell version you saw (optimistic locking); null or left out when the cell had none',
  })
  @ValidateIf((_, value) => value !== null && value !== undefined)
  @IsInt()
  @Min(1)
  version?: number | null;
}
