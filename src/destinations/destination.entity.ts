import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

export const DESTINATION_TYPES = ['webhook', 'meta-custom-audience', 'google-customer-match'] as const;
export type DestinationType = (typeof DESTINATION_TYPES)[number];

/** Where webhooks and audience updates go, per workspace; `key` is what journey steps name. */
@Entity('destinations')
@Index('destinations_workspace_key_uq', ['workspaceId', 'key'], { unique: true })
export class DestinationEntity {
  @PrimaryColumn('uuid')
  id!: string;

  @Column('uuid', { name: 'workspace_id' })
  workspaceId!: string;

  @Column('text')
  key!: string;

  @Column('text')
  type!: DestinationType;

  /** Non-secret settings of the type (URL, audience id, ...), validated on write and on read. */
  @Column('jsonb')
  config!: Record<string, unknown>;

  /** Write-only values (webhook secret, tokens): never returned by the API, never logged. */
  @Column('jsonb')
  secrets!: Record<string, string>;

  @Column('timestamptz', { name: 'created_at' })
  createdAt!: Date;

  @Column('timestamptz', { name: 'updated_at' })
  updatedAt!: Date;
}
