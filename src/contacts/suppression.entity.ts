import { Column, CreateDateColumn, Entity, Index, PrimaryColumn } from 'typeorm';

export const SUPPRESSION_REASONS = ['unsubscribed', 'bounce', 'complaint', 'manual'] as const;
export type SuppressionReason = (typeof SUPPRESSION_REASONS)[number];

/**
 * An address that must not get marketing on a channel (a hard bounce blocks every email). Keyed by the address's
 * hash, so an erasure can drop the address and keep the promise not to write to it again.
 */
@Entity('suppressions')
@Index('suppressions_contact_idx', ['contactId'])
@Index('suppressions_workspace_created_idx', ['workspaceId', 'createdAt'])
export class SuppressionEntity {
  @PrimaryColumn('uuid', { name: 'workspace_id' })
  workspaceId!: string;

  @PrimaryColumn('text')
  channel!: string;

  /** SHA-256 (hex) of the normalised address (trimmed, lower-case). */
  @PrimaryColumn('text', { name: 'address_hash' })
  addressHash!: string;

  /** The address itself; null once its contact was erased. */
  @Column('text', { nullable: true })
  address!: string | null;

  /** The contact whose action caused it, when known. */
  @Column('uuid', { name: 'contact_id', nullable: true })
  contactId!: string | null;

  @Column('text')
  reason!: SuppressionReason;

  /** Where it came from: `link`, `one-click`, `api`, `inbound`, `ses`. */
  @Column('text', { nullable: true })
  source!: string | null;

  @Column('text', { nullable: true })
  note!: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
