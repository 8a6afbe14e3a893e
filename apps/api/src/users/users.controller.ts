import { Body, Controller, Get, Param, ParseUUIDPipe, Patch, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { type AuthUser } from '../../../../libs/core/src/users/auth-user.js';
import { UsersService, publicUser } from '../../../../libs/core/src/users/users.service.js';
import { CurrentUser, RequestId, Roles } from '../auth/auth.decorators.js';
import { CreateUserDto, UpdateUserDto } from './user.dto.js';

/** User management: administrators only. */
@ApiTags('users')
@ApiBearerAuth()
@Roles('admin')
@Controller('users')
export class UsersController {
  constructor(private readonly users: UsersService) {}

  @Get()
  async list() {
    return (await this.users.list()).map(publicUser);
  }

  @Get(':id')
  async get(@Param('id', ParseUUIDPipe) id: string) {
    return publicUser(await this.users.get(id));
  }

  @Post()
  async create(@Body() body: CreateUserDto, @CurrentUser() actor: AuthUser, @RequestId() requestId?: string) {
    return publicUser(await this.users.create(body, actor.id, requestId));
  }

  @Patch(':id')
  async update(
    @Param('id', ParseUUIDPipe) id: string,
    @Body() body: UpdateUserDto,
    @CurrentUser() actor: AuthUser,
    @RequestId() requestId?: string,
  ) {
    return publicUser(await this.users.update(id, body, actor.id, requestId));
  }
}
