import { type CanActivate, type ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { JwtService } from '@nestjs/jwt';
import { AppError } from '../../../../libs/common/src/app-error.js';
import { ErrorCodes } from '../../../../libs/common/src/error-codes.js';
import { type AuthUser } from '../../../../libs/core/src/users/auth-user.js';
import { USER_ROLES, type UserRole } from '../../../../libs/core/src/users/user.entity.js';
import { IS_PUBLIC, ROLES } from './auth.decorators.js';

interface TokenClaims {
  sub: string;
  email: string;
  role: UserRole;
  agencyId: string | null;
}

/** Global guard: a valid bearer token unless the route is @Public(), then the @Roles() check. */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly jwt: JwtService,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, targets)) return true;

    const request = context.switchToHttp().getRequest<{ headers: Record<string, unknown>; user?: AuthUser }>();
    const header = request.headers.authorization;
    const match = typeof header === 'string' ? /^Bearer\s+(\S+)$/i.exec(header) : null;
    if (!match) throw AppError.unauthorized(ErrorCodes.AUTH_REQUIRED, '请先登录 (sign-in required)');

    let claims: TokenClaims;
    try {
      claims = await this.jwt.verifyAsync<TokenClaims>(match[1]);
    } catch {
      throw AppError.unauthorized(
        ErrorCodes.AUTH_INVALID_TOKEN,
        '登录已过期或无效，请重新登录 (session expired or invalid)',
      );
    }
    if (!USER_ROLES.includes(claims.role)) {
      throw AppError.unauthorized(ErrorCodes.AUTH_INVALID_TOKEN, '登录凭证无效 (invalid token)');
    }
    request.user = { id: claims.sub, email: claims.email, role: claims.role, agencyId: claims.agencyId ?? null };

    const roles = this.reflector.getAllAndOverride<UserRole[] | undefined>(ROLES, targets);
    if (roles && !roles.includes(claims.role)) {
      throw AppError.forbidden(ErrorCodes.AUTH_FORBIDDEN, '没有权限执行此操作 (not allowed for your role)');
    }
    return true;
  }
}
