import { Column, CreateDateColumn, Entity, Index, PrimaryColumn } from 'typeorm';
import type { JourneySource } from './journey.entity';

/** An immutable published definition; runs are pinned to one. */
@Entity('journey_versions')
@Index('journey_versions_journey_version_uq', ['journeyId', 'version'], { unique: true })
export class JourneyVersionEntity {
  @PrimaryColumn('uuid')
  id!: string;

  @Column('uuid', { name: 'workspace_id' })
  workspaceId!: string;

  @Column('uuid', { name: 'journey_id' })
  journeyId!: string;

  @Column('int')
  version!: number;

  @Column('jsonb')
  source!: JourneySource;

  @Column('jsonb')
  definition!: unknown;

  @CreateDateColumn({ name: 'published_at', type: 'timestamptz' })
  publishedAt!: Date;
}
