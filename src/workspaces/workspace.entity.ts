import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

@Entity('workspaces')
export class WorkspaceEntity {
  @PrimaryColumn('uuid')
  id!: string;

  @Column('text')
  name!: string;

  /** IANA zone used when a contact has none. */
  @Column('text', { default: 'UTC' })
  timezone!: string;

  /** The settings document (see workspace-settings.schema.ts). */
  @Column('jsonb', { default: {} })
  settings!: Record<string, unknown>;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
