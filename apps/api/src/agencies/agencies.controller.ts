import { Body, Controller, Delete, Get, Param, ParseUUIDPipe, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { AgenciesService } from '../../../../libs/core/src/agencies/agencies.service.js';
import { type AuthUser } from '../../../../libs/core/src/users/auth-user.js';
import { CurrentUser, Roles } from '../auth/auth.decorators.js';
import { AddAliasDto, AgencyQueryDto, CreateAgencyDto, UpdateAgencyDto } from './agency.dto.js';

/** The agency registry: everyone signed in reads it; administrators change it. */
@ApiTags('agencies')
@ApiBearerAuth()
@Controller('agencies')
export class AgenciesController {
  constructor(private readonly agencies: AgenciesService) {}

  @Get()
  list(@Query() query: AgencyQueryDto) {
    return this.agencies.list(query.q);
  }

  @Get(':id')
  get(@Param('id', ParseUUIDPipe) id: string) {
    return this.agencies.get(id);
  }

  @Roles('admin')
  @Post()
  create(@Body() body: CreateAgencyDto, @CurrentUser() actor: AuthUser) {
    return this.agencies.create(body, actor.id);
  }

  @Roles('admin')
  @Patch(':id')
  update(@Param('id', ParseUUIDPipe) id: string, @Body() body: UpdateAgencyDto, @CurrentUser() actor: AuthUser) {
    return this.agencies.update(id, body, actor.id);
  }

  @Roles('admin')
  @Post(':id/aliases')
  addAlias(@Param('id', ParseUUIDPipe) id: string, @Body() body: AddAliasDto, @CurrentUser() actor: AuthUser) {
    return this.agencies.addAlias(id, body.alias, actor.id);
  }

  @Roles('admin')
  @Delete(':id/aliases/:aliasId')
  removeAlias(
    @Param('id', ParseUUIDPipe) id: string,
    @Param('aliasId', ParseUUIDPipe) aliasId: string,
    @CurrentUser() actor: AuthUser,
  ) {
    return this.agencies.removeAlias(id, aliasId, actor.id);
  }
}
