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

// Responses (for the OpenAPI document).

export class SpanView {
  @ApiProperty({ description: 'Offset in the source file text' }) start: number;
  @ApiProperty() end: number;
}

export class CaseSectionTextView {
  @ApiProperty() text: string;
  @ApiProperty({ type: SpanView }) span: SpanView;
}

export class CaseSummaryView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) documentId: string;
  @ApiProperty() documentTitle: string;
  @ApiProperty({ type: String, nullable: true, example: '1' }) number: string | null;
  @ApiProperty() title: string;
  @ApiProperty({ type: String, nullable: true }) category: string | null;
  @ApiProperty({ type: String, nullable: true, example: '上海市' }) provider: string | null;
}

export class CasePageView {
  @ApiProperty({ type: [CaseSummaryView] }) items: CaseSummaryView[];
  @ApiProperty() page: number;
  @ApiProperty() pageSize: number;
  @ApiProperty() total: number;
}

export class CaseDetailView extends CaseSummaryView {
  @ApiProperty({ type: [CaseSectionTextView], description: '主要做法' }) practices: CaseSectionTextView[];
  @ApiProperty({ type: [CaseSectionTextView], description: '实践效果' }) effects: CaseSectionTextView[];
  @ApiProperty({ type: [CaseSectionTextView], description: '下一步工作' }) nextSteps: CaseSectionTextView[];
  @ApiProperty() spanStart: number;
  @ApiProperty() spanEnd: number;
}

export class MatrixAgencyView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() name: string;
  @ApiProperty({ enum: AGENCY_KINDS }) kind: AgencyKind;
}

export class MatrixCellView {
  @ApiProperty({ format: 'uuid' }) agencyId: string;
  @ApiProperty({ enum: ADOPTION_STATUSES }) status: AdoptionStatus;
  @ApiProperty() note: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) updatedAt: Date | null;
  @ApiProperty({ type: Number, nullable: true, description: 'Null until the cell is first set' })
  version: number | null;
}

export class AdoptionCellView extends MatrixCellView {
  @ApiProperty({ format: 'uuid' }) caseId: string;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) updatedBy: string | null;
}

export class MatrixRowView extends CaseSummaryView {
  @ApiProperty({ type: [MatrixCellView], description: 'One cell per agency, in the order of `agencies`' })
  cells: MatrixCellView[];
}

export class AdoptionMatrixView {
  @ApiProperty({ type: [MatrixAgencyView], description: 'The columns' }) agencies: MatrixAgencyView[];
  @ApiProperty({ type: [MatrixRowView], description: 'The rows: one per case' }) rows: MatrixRowView[];
}

export class AdoptionCountsView {
  @ApiProperty() adopted: number;
  @ApiProperty() planned: number;
  @ApiProperty() notApplicable: number;
  @ApiProperty() notAssessed: number;
  @ApiProperty({
    type: Number,
    nullable: true,
    description: 'adopted / (all − not applicable), 0..1; null when nothing is applicable',
  })
  adoptionRate: number | null;
}

export class CaseAdoptionRowView extends AdoptionCountsView {
  @ApiProperty({ format: 'uuid' }) caseId: string;
  @ApiProperty({ format: 'uuid' }) documentId: string;
  @ApiProperty({ type: String, nullable: true }) number: string | null;
  @ApiProperty() title: string;
  @ApiProperty({ type: String, nullable: true }) category: string | null;
  @ApiProperty({ type: String, nullable: true }) provider: string | null;
}

export class AgencyAdoptionRowView extends AdoptionCountsView {
  @ApiProperty({ format: 'uuid' }) agencyId: string;
  @ApiProperty() name: string;
  @ApiProperty({ enum: AGENCY_KINDS }) kind: AgencyKind;
}

export class AdoptionTotalsView extends AdoptionCountsView {
  @ApiProperty() cases: number;
  @ApiProperty() agencies: number;
}

export class AdoptionReportView {
  @ApiProperty({ type: [CaseAdoptionRowView], description: 'Each case over the agencies in scope' })
  byCase: CaseAdoptionRowView[];
  @ApiProperty({ type: [AgencyAdoptionRowView], description: 'Each agency over the cases in scope' })
  byAgency: AgencyAdoptionRowView[];
  @ApiProperty({ type: AdoptionTotalsView }) totals: AdoptionTotalsView;
}
