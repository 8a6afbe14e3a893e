import { type UserRole } from './user.entity.js';

/** Who is making a request: the claims carried in the access token. */
export interface AuthUser {
  id: string;
  email: string;
  role: UserRole;
  agencyId: string | null;
}
