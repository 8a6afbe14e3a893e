import { createParamDecorator, type ExecutionContext, SetMetadata } from '@nestjs/common';
import { type AuthUser } from '../../../../libs/core/src/users/auth-user.js';
import { type UserRole } from '../../../../libs/core/src/users/user.entity.js';

export const IS_PUBLIC = 'auth:isPublic';
export const ROLES = 'auth:roles';

/** Marks a route that needs no token. Everything else does. */
export const Public = () => SetMetadata(IS_PUBLIC, true);

/** Limits a route to these roles. */
export const Roles = (...roles: UserRole[]) => SetMetadata(ROLES, roles);

export const CurrentUser = createParamDecorator((_data: unknown, context: ExecutionContext): AuthUser => {
  return context.switchToHttp().getRequest<{ user: AuthUser }>().user;
});

export const RequestId = createParamDecorator((_data: unknown, context: ExecutionContext): string | undefined => {
  const request = context.switchToHttp().getRequest<{ raw?: { id?: unknown } }>();
  return typeof request.raw?.id === 'string' ? request.raw.id : undefined;
});
