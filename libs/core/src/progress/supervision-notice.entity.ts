import {
  Check,
  Column,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
  type Relation,
  Unique,
} from 'typeorm';
import type { Task } from '../tasks/task.entity.js';

export const NOTICE_KINDS = ['chase', 'supervision'] as const; // 催办 / 督办
export type NoticeKind = (typeof NOTICE_KINDS)[number];

/** A numbered chase (催办) or formal supervision notice (督办) sent to the owning agency. */
@Entity('supervision_notices')
@Check('supervision_notices_kind_check', `kind IN (${NOTICE_KINDS.map((k) => `'${k}'`).join(', ')})`)
@Unique('supervision_notices_number_key', ['kind', 'year', 'sequence'])
export class SupervisionNotice {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'text' })
  kind: NoticeKind;

  @Column({ type: 'smallint' })
  year: number;

  /** Numbered per kind and year: 催办〔2026〕12号. */
  @Column({ type: 'integer' })
  sequence: number;

  @Index('supervision_notices_task_id_idx')
  @Column({ name: 'task_id', type: 'uuid' })
  taskId: string;

  @ManyToOne('Task', { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'task_id' })
  task: Relation<Task>;

  @Column({ name: 'agency_id', type: 'uuid' })
  agencyId: string;

  @Column({ type: 'text' })
  body: string;

  @Column({ name: 'sent_by', type: 'uuid' })
  sentBy: string;

  @Column({ name: 'sent_at', type: 'timestamptz', default: () => 'now()' })
  sentAt: Date;
}

const NOTICE_WORDS = { chase: '催办', supervision: '督办' } as const;

/** The notice's number as printed: 催办〔2026〕3号. */
export function noticeNumber(notice: Pick<SupervisionNotice, 'kind' | 'year' | 'sequence'>): string {
  return `${NOTICE_WORDS[notice.kind]}〔${notice.year}〕${notice.sequence}号`;
}
