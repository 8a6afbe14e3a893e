import { Inject, Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { AppError } from '../../../../libs/common/src/app-error.js';
import { ErrorCodes } from '../../../../libs/common/src/error-codes.js';
import { type AppConfig } from '../../../../libs/config/src/config.js';
import { APP_CONFIG } from '../../../../libs/config/src/config.module.js';
import { DUMMY_PASSWORD_HASH, verifyPassword } from '../../../../libs/core/src/users/password.js';
import { UsersService, publicUser } from '../../../../libs/core/src/users/users.service.js';

@Injectable()
export class AuthService {
  constructor(
    private readonly users: UsersService,
    private readonly jwt: JwtService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async login(email: string, password: string) {
    const user = await this.users.findForLogin(email);
    // Verify against a dummy hash for unknown e-mails so timing does not tell which exist.
    const ok = await verifyPassword(user?.passwordHash ?? DUMMY_PASSWORD_HASH, password);
    if (!user || !ok || !user.isActive) {
      throw AppError.unauthorized(ErrorCodes.AUTH_INVALID_CREDENTIALS, '邮箱或密码不正确 (wrong e-mail or password)');
    }
    await this.users.recordLogin(user.id, new Date());
    const accessToken = await this.jwt.signAsync({
      sub: user.id,
      email: user.email,
      role: user.role,
      agencyId: user.agencyId,
    });
    return { accessToken, tokenType: 'Bearer', expiresIn: this.config.auth.jwtExpiresIn, user: publicUser(user) };
  }
}
