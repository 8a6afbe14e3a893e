import { Check, Column, Entity, Index, PrimaryGeneratedColumn, Unique } from 'typeorm';
import type { NotificationItem } from './notification.entity.js';

export const DELIVERY_CHANNELS = ['email', 'webhook'] as const;
export type DeliveryChannel = (typeof DELIVERY_CHANNELS)[number];

export const DELIVERY_STATES = ['pending', 'sending', 'sent', 'failed'] as const;
export type DeliveryState = (typeof DELIVERY_STATES)[number];

export interface DeliveryPayload {
  title: string;
  items: NotificationItem[];
  /** Set on the weekly report's delivery: the week whose snapshot goes out (as a .docx by e-mail). */
  weeklyReport?: { period: string };
}

/**
 * One digest on its way out by e-mail or webhook. (run, channel, target) is
 * unique, so a run makes one delivery per recipient and channel. A delivery is
 * claimed (`sending`) in its own commit before it goes out; a claim left by a
 * killed worker is taken again after a lease, and the send carries the
 * delivery's id (Message-ID, webhook-id) so the receiver can drop the rare
 * repeat: at least once on the wire, exactly once per id.
 */
@Entity('deliveries')
@Unique('deliveries_key', ['runKey', 'channel', 'target'])
@Check('deliveries_channel_check', `channel IN (${DELIVERY_CHANNELS.map((c) => `'${c}'`).join(', ')})`)
@Check('deliveries_state_check', `state IN (${DELIVERY_STATES.map((s) => `'${s}'`).join(', ')})`)
@Index('deliveries_state_idx', ['state', 'createdAt'])
export class Delivery {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'run_key', type: 'text' })
  runKey: string;

  @Column({ type: 'text' })
  channel: DeliveryChannel;

  /** An e-mail address, or a webhook endpoint's id. */
  @Column({ type: 'text' })
  target: string;

  /** The person an e-mail goes to (for quiet hours); null for webhooks. */
  @Column({ name: 'user_id', type: 'uuid', nullable: true })
  userId: string | null;

  @Column({ type: 'jsonb' })
  payload: DeliveryPayload;

  @Column({ type: 'text', default: 'pending' })
  state: DeliveryState;

  @Column({ type: 'integer', default: 0 })
  attempts: number;

  @Column({ name: 'last_error', type: 'text', nullable: true })
  lastError: string | null;

  @Column({ name: 'created_at', type: 'timestamptz', default: () => 'now()' })
  createdAt: Date;

  /** When the current claim was taken (by the worker's clock); a stale claim may be taken again. */
  @Column({ name: 'claimed_at', type: 'timestamptz', nullable: true })
  claimedAt: Date | null;

  @Column({ name: 'sent_at', type: 'timestamptz', nullable: true })
  sentAt: Date | null;
}
