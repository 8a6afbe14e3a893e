import { Body, Controller, Get, HttpCode, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { RouteConfig } from '@nestjs/platform-fastify';
import { type AuthUser } from '../../../../libs/core/src/users/auth-user.js';
import { UsersService, publicUser } from '../../../../libs/core/src/users/users.service.js';
import { CurrentUser, Public } from './auth.decorators.js';
import { LoginDto } from './auth.dto.js';
import { AuthService } from './auth.service.js';

@ApiTags('auth')
@Controller('auth')
export class AuthController {
  constructor(
    private readonly auth: AuthService,
    private readonly users: UsersService,
  ) {}

  /** Exchanges e-mail and password for a bearer token. */
  @Public()
  // Slows password guessing: 10 attempts a minute per client address.
  @RouteConfig({ rateLimit: { max: 10, timeWindow: 60_000 } })
  @Post('login')
  @HttpCode(200)
  login(@Body() body: LoginDto) {
    return this.auth.login(body.email, body.password);
  }

  @ApiBearerAuth()
  @Get('me')
  async me(@CurrentUser() user: AuthUser) {
    return publicUser(await this.users.get(user.id));
  }
}
