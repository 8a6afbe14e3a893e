import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * Where an agency's reminder digests are also posted (a WeCom or DingTalk robot
 * behind a relay, or another system), signed with HMAC-SHA256.
 */
@Entity('webhook_endpoints')
export class WebhookEndpoint {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Index('webhook_endpoints_agency_id_idx')
  @Column({ name: 'agency_id', type: 'uuid' })
  agencyId: string;

  @Column({ type: 'text' })
  url: string;

  /** Shared secret for the signature; never returned by the API. */
  @Column({ type: 'text', select: false })
  secret: string;

  @Column({ name: 'is_active', type: 'boolean', default: true })
  isActive: boolean;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
