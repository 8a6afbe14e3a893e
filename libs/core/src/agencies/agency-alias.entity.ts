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

/** A printed name of an agency (`市人力社保局`) that resolves to one canonical agency. */
@Entity('agency_aliases')
export class AgencyAlias {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Index('agency_aliases_alias_key', { unique: true })
  @Column({ type: 'text' })
  alias: string;

  @Index('agency_aliases_agency_id_idx')
  @Column({ name: 'agency_id', type: 'uuid' })
  agencyId: string;

  @ManyToOne('Agency', (agency: Agency) => agency.aliases, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'agency_id' })
  agency: Relation<Agency>;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
