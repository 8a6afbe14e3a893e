import {
  Check,
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
  type Relation,
  UpdateDateColumn,
} from 'typeorm';
import type { Agency } from '../agencies/agency.entity.js';

export const USER_ROLES = ['admin', 'coordinator', 'supervisor', 'agency'] as const;
export type UserRole = (typeof USER_ROLES)[number];

@Entity('users')
@Check('users_role_check', `role IN (${USER_ROLES.map((r) => `'${r}'`).join(', ')})`)
// An agency officer always belongs to an agency; other roles never do.
@Check('users_agency_check', `(role = 'agency') = (agency_id IS NOT NULL)`)
@Check('users_email_lowercase_check', 'email = lower(email)')
export class User {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Index('users_email_key', { unique: true })
  @Column({ type: 'text' })
  email: string;

  @Column({ name: 'display_name', type: 'text' })
  displayName: string;

  @Column({ name: 'password_hash', type: 'text', select: false })
  passwordHash: string;

  @Column({ type: 'text' })
  role: UserRole;

  @Index('users_agency_id_idx')
  @Column({ name: 'agency_id', type: 'uuid', nullable: true })
  agencyId: string | null;

  @ManyToOne('Agency', { nullable: true, onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'agency_id' })
  agency: Relation<Agency> | null;

  @Column({ name: 'is_active', type: 'boolean', default: true })
  isActive: boolean;

  /** Reminder digests also by e-mail (the in-app inbox always gets them). */
  @Column({ name: 'email_notifications', type: 'boolean', default: false })
  emailNotifications: boolean;

  /** No e-mail between these hours (Asia/Shanghai, 0–23); it waits until the quiet hours end. */
  @Column({ name: 'quiet_hours_start', type: 'smallint', nullable: true })
  quietHoursStart: number | null;

  @Column({ name: 'quiet_hours_end', type: 'smallint', nullable: true })
  quietHoursEnd: number | null;

  @Column({ name: 'last_login_at', type: 'timestamptz', nullable: true })
  lastLoginAt: Date | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
