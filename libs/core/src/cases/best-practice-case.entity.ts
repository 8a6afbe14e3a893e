import { Check, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, type Relation } from 'typeorm';
import type { PolicyDocument } from '../documents/policy-document.entity.js';

export interface CaseSectionText {
  text: string;
  span: { start: number; end: number };
}

/** A replicable practice (经验案例) from a best-practice case document. */
@Entity('best_practice_cases')
@Check('best_practice_cases_span_check', 'span_start >= 0 AND span_end >= span_start')
export class BestPracticeCase {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Index('best_practice_cases_document_id_idx')
  @Column({ name: 'document_id', type: 'uuid' })
  documentId: string;

  @ManyToOne('PolicyDocument', { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'document_id' })
  document: Relation<PolicyDocument>;

  @Column({ type: 'text', nullable: true })
  number: string | null;

  @Column({ type: 'text' })
  title: string;

  @Column({ type: 'text', nullable: true })
  category: string | null;

  /** Who reported it: `上海市` from `(上海市提供)`. */
  @Column({ type: 'text', nullable: true })
  provider: string | null;

  @Column({ type: 'jsonb' })
  practices: CaseSectionText[];

  @Column({ type: 'jsonb' })
  effects: CaseSectionText[];

  @Column({ name: 'next_steps', type: 'jsonb' })
  nextSteps: CaseSectionText[];

  @Column({ name: 'span_start', type: 'integer' })
  spanStart: number;

  @Column({ name: 'span_end', type: 'integer' })
  spanEnd: number;
}
