import {
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
  type Relation,
} from 'typeorm';
import type { Agency } from './agency.entity.js';

/**
 * A contact person of an agency (联络人) who is told by e-mail when the
 * agency misses a weekly report, whether or not they have an account.
 */
@Entity('agency_contacts')
export class AgencyContact {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Index('agency_contacts_agency_id_idx')
  @Column({ name: 'agency_id', type: 'uuid' })
  agencyId: string;

  @ManyToOne('Agency', { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'agency_id' })
  agency: Relation<Agency>;

  @Column({ type: 'text' })
  name: string;

  @Column({ type: 'text', nullable: true })
  email: string | null;

  @Column({ type: 'text', nullable: true })
  phone: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
