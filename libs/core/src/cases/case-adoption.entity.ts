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
  UpdateDateColumn,
  VersionColumn,
} from 'typeorm';
import type { Agency } from '../agencies/agency.entity.js';
import type { BestPracticeCase } from './best-practice-case.entity.js';

/** 复制推广: not assessed → planned → adopted, or not applicable. */
export const ADOPTION_STATUSES = ['not_assessed', 'planned', 'adopted', 'not_applicable'] as const;
export type AdoptionStatus = (typeof ADOPTION_STATUSES)[number];

/** Where a region or agency stands on replicating one best-practice case. No row means not assessed. */
@Entity('case_adoptions')
@Unique('case_adoptions_case_agency_key', ['caseId', 'agencyId'])
@Check('case_adoptions_status_check', `status IN (${ADOPTION_STATUSES.map((s) => `'${s}'`).join(', ')})`)
@Index('case_adoptions_agency_idx', ['agencyId'])
export class CaseAdoption {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'case_id', type: 'uuid' })
  caseId: string;

  @ManyToOne('BestPracticeCase', { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'case_id' })
  case: Relation<BestPracticeCase>;

  @Column({ name: 'agency_id', type: 'uuid' })
  agencyId: string;

  @ManyToOne('Agency', { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'agency_id' })
  agency: Relation<Agency>;

  @Column({ type: 'text', default: 'not_assessed' })
  status: AdoptionStatus;

  @Column({ type: 'text', default: '' })
  note: string;

  @Column({ name: 'updated_by', type: 'uuid', nullable: true })
  updatedBy: string | null;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;

  @VersionColumn({ type: 'integer' })
  version: number;
}
