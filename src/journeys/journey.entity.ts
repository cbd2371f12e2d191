import { Column, CreateDateColumn, Entity, Index, PrimaryColumn, UpdateDateColumn } from 'typeorm';

export type JourneyStatus = 'draft' | 'published' | 'paused';

/** What the user saved: a full definition, or a built-in template with params. */
export type JourneySource =
  | { kind: 'definition'; definition: unknown }
  | { kind: 'template'; template: string; params: Record<string, unknown> };

@Entity('journeys')
@Index('journeys_workspace_key_uq', ['workspaceId', 'key'], { unique: true })
export class JourneyEntity {
  @PrimaryColumn('uuid')
  id!: string;

  @Column('uuid', { name: 'workspace_id' })
  workspaceId!: string;

  @Column('text')
  key!: string;

  @Column('text')
  name!: string;

  @Column('text')
  status!: JourneyStatus;

  /** The saved draft's source; publishing turns it into an immutable version. */
  @Column('jsonb', { name: 'draft_source' })
  draftSource!: JourneySource;

  /** The validated definition built from the draft. */
  @Column('jsonb', { name: 'draft_definition' })
  draftDefinition!: unknown;

  @Column('uuid', { name: 'published_version_id', nullable: true })
  publishedVersionId!: string | null;

  @Column('int', { name: 'latest_version', default: 0 })
  latestVersion!: number;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
