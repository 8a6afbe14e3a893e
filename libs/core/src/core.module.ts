import { Module } from '@nestjs/common';
import { AuditService } from './audit/audit.service.js';
import { UsersService } from './users/users.service.js';

/** Domain services shared by the API and the worker (never controllers). */
@Module({
  providers: [AuditService, UsersService],
  exports: [AuditService, UsersService],
})
export class CoreModule {}
