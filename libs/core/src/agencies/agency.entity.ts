import {
  Check,
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  OneToMany,
  PrimaryGeneratedColumn,
  type Relation,
  UpdateDateColumn,
} from 'typeorm';
import type { AgencyAlias } from './agency-alias.entity.js';

export const AGENCY_KINDS = [
  'municipal_bureau',
  'district_government',
  'central_unit',
  'committee',
  'enterprise',
  'other',
] as const;
export type AgencyKind = (typeof AGENCY_KINDS)[number];

/** A responsible unit (责任单位), known by its canonical short name. */
@Entity('agencies')
@Check('agencies_kind_check', `kind IN (${AGENCY_KINDS.map((k) => `'${k}'`).join(', ')})`)
export class Agency {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Index('agencies_name_key', { unique: true })
  @Column({ type: 'text' })
  name: string;

  @Column({ name: 'full_name', type: 'text', nullable: true })
  fullName: string | null;

  @Column({ type: 'text', default: 'other' })
  kind: AgencyKind;

  @Index('agencies_parent_id_idx')
  @Column({ name: 'parent_id', type: 'uuid', nullable: true })
  parentId: string | null;

  @ManyToOne('Agency', { nullable: true, onDelete: 'SET NULL' })
  @JoinColumn({ name: 'parent_id' })
  parent: Relation<Agency> | null;

  @OneToMany('AgencyAlias', (alias: AgencyAlias) => alias.agency)
  aliases: Relation<AgencyAlias>[];

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
