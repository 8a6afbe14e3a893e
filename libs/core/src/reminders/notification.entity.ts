import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, type Relation, Unique } from 'typeorm';
import type { User } from '../users/user.entity.js';

export interface NotificationItem {
  taskId: string;
  title: string;
  kind: string;
  level: string;
  deadline: string | null;
}

/**
 * One message in a user's in-app inbox: a digest of every reminder due for
 * them in one run. (user, run) is unique, so a run never writes twice.
 */
@Entity('notifications')
@Unique('notifications_user_run_key', ['userId', 'runKey'])
@Index('notifications_user_created_idx', ['userId', 'createdAt'])
export class Notification {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'user_id', type: 'uuid' })
  userId: string;

  @ManyToOne('User', { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'user_id' })
  user: Relation<User>;

  /** The reminder run (its minute) this digest belongs to. */
  @Column({ name: 'run_key', type: 'text' })
  runKey: string;

  @Column({ type: 'text' })
  title: string;

  @Column({ type: 'text' })
  body: string;

  @Column({ type: 'jsonb' })
  items: NotificationItem[];

  @Column({ name: 'created_at', type: 'timestamptz', default: () => 'now()' })
  createdAt: Date;

  @Column({ name: 'read_at', type: 'timestamptz', nullable: true })
  readAt: Date | null;
}
