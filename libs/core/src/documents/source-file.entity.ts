import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * One imported file, stored once by content hash: a compilation file holds
 * many policy documents, and re-importing the same bytes is detected here.
 */
@Entity('source_files')
export class SourceFile {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'file_name', type: 'text' })
  fileName: string;

  @Index('source_files_sha256_key', { unique: true })
  @Column({ type: 'char', length: 64 })
  sha256: string;

  @Column({ type: 'text' })
  encoding: string;

  @Column({ name: 'byte_size', type: 'integer' })
  byteSize: number;

  /** The decoded text that every span of its documents and tasks points into. */
  @Column({ type: 'text' })
  text: string;

  @CreateDateColumn({ name: 'imported_at', type: 'timestamptz' })
  importedAt: Date;
}
