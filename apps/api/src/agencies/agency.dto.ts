import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  IsArray,
  IsIn,
  IsOptional,
  IsString,
  IsUUID,
  MaxLength,
  MinLength,
  ValidateIf,
} from 'class-validator';
import { AGENCY_KINDS, type AgencyKind } from '../../../../libs/core/src/agencies/agency.entity.js';

export class CreateAgencyDto {
  @ApiProperty({ example: '市财政局' })
  @IsString()
  @MinLength(2)
  @MaxLength(60)
  name: string;

  @ApiPropertyOptional({ example: '北京市财政局', nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(120)
  fullName?: string | null;

  @ApiProperty({ enum: AGENCY_KINDS })
  @IsIn(AGENCY_KINDS)
  kind: AgencyKind;

  @ApiPropertyOptional({ format: 'uuid', nullable: true })
  @IsOptional()
  @IsUUID()
  parentId?: string | null;

  @ApiPropertyOptional({ type: [String], example: ['北京市财政局'] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(50)
  @IsString({ each: true })
  @MinLength(2, { each: true })
  @MaxLength(120, { each: true })
  aliases?: string[];
}

export class UpdateAgencyDto {
  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MinLength(2)
  @MaxLength(60)
  name?: string;

  @ApiPropertyOptional({ nullable: true })
  @ValidateIf((_, value) => value !== null && value !== undefined)
  @IsString()
  @MaxLength(120)
  fullName?: string | null;

  @ApiPropertyOptional({ enum: AGENCY_KINDS })
  @IsOptional()
  @IsIn(AGENCY_KINDS)
  kind?: AgencyKind;

  @ApiPropertyOptional({ format: 'uuid', nullable: true })
  @ValidateIf((_, value) => value !== null && value !== undefined)
  @IsUUID()
  parentId?: string | null;
}

export class AddAliasDto {
  @ApiProperty({ example: '市人力社保局' })
  @IsString()
  @MinLength(2)
  @MaxLength(120)
  alias: string;
}

export class AgencyQueryDto {
  @ApiPropertyOptional({ description: 'Part of the name or full name' })
  @IsOptional()
  @IsString()
  @MaxLength(60)
  q?: string;
}
