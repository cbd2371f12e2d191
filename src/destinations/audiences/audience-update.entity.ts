import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import type { AudienceIdentifiers } from './audience-membership.entity';

/**
 * The buffer of audience changes: written at once, sent in batches per destination by a flush job per window.
 * Unflushed rows are the truth, so a lost flush job or a restart loses nothing.
 */
@Entity('audience_updates')
@Index('audience_updates_pending_idx', ['destinationId', 'id'], { where: 'flushed_at IS NULL' })
@Index('audience_updates_effect_uq', ['effectId'], { unique: true, where: 'effect_id IS NOT NULL' })
export class AudienceUpdateEntity {
  @PrimaryGeneratedColumn('identity', { type: 'bigint', generatedIdentity: 'ALWAYS' })
  id!: string;

  @Column('uuid', { name: 'workspace_id' })
  workspaceId!: string;

  @Column('uuid', { name: 'destination_id' })
  destinationId!: string;

  @Column('uuid', { name: 'contact_id' })
  contactId!: string;

  @Column('text')
  action!: 'add' | 'remove';

  @Column('jsonb')
  identifiers!: AudienceIdentifiers;

  /** The audience effect it carries out; null for removals asked by unsubscribe, consent or erasure. */
  @Column('text', { name: 'effect_id', nullable: true })
  effectId!: string | null;

  @Column('uuid', { name: 'run_id', nullable: true })
  runId!: string | null;

  @Column('text')
  reason!: string;

  @Column('timestamptz', { name: 'created_at' })
  createdAt!: Date;

  @Column('timestamptz', { name: 'flushed_at', nullable: true })
  flushedAt!: Date | null;

  /** The delivery it went out in; null when the flush found nothing to send (e.g. add then remove). */
  @Column('text', { name: 'delivery_id', nullable: true })
  deliveryId!: string | null;
}
