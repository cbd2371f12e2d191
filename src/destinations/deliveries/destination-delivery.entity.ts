import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

export type DestinationDeliveryKind = 'webhook' | 'audience-add' | 'audience-remove';
/** pending: an attempt is due at next_attempt_at; sending: an attempt holds the lease; the rest are final. */
export type DestinationDeliveryStatus = 'pending' | 'sending' | 'sent' | 'failed' | 'cancelled';

/**
 * One outgoing call (a webhook, or one batch of audience changes) with its retries. The id is the idempotency key
 * (a webhook's `webhook-id`, the effect id); the row is claimed before each call, so it succeeds at most once.
 */
@Entity('destination_deliveries')
@Index('destination_deliveries_status_idx', ['workspaceId', 'status', 'createdAt'])
@Index('destination_deliveries_due_idx', ['nextAttemptAt'], { where: `status IN ('pending', 'sending')` })
@Index('destination_deliveries_destination_idx', ['destinationId', 'createdAt'])
export class DestinationDeliveryEntity {
  @PrimaryColumn('text')
  id!: string;

  @Column('uuid', { name: 'workspace_id' })
  workspaceId!: string;

  @Column('uuid', { name: 'destination_id' })
  destinationId!: string;

  @Column('text')
  kind!: DestinationDeliveryKind;

  @Column('text')
  status!: DestinationDeliveryStatus;

  /** The effect it carries out (webhooks); audience batches serve many effects. */
  @Column('text', { name: 'effect_id', nullable: true })
  effectId!: string | null;

  @Column('uuid', { name: 'contact_id', nullable: true })
  contactId!: string | null;

  /** What to send: a webhook body, or the batch's hashed identifiers. */
  @Column('jsonb')
  request!: Record<string, unknown>;

  /** Progress kept between attempts (a Google job's resource name). */
  @Column('jsonb', { default: {} })
  state!: Record<string, unknown>;

  /** Calls made in all. */
  @Column('int', { default: 0 })
  attempts!: number;

  /** Calls made since creation or the last replay; dead-lettered at DELIVERY_MAX_ATTEMPTS. */
  @Column('int', { name: 'round_attempts', default: 0 })
  roundAttempts!: number;

  @Column('int', { default: 0 })
  replays!: number;

  @Column('timestamptz', { name: 'next_attempt_at', nullable: true })
  nextAttemptAt!: Date | null;

  /** While sending: when another worker may take the row over (the holder crashed). */
  @Column('timestamptz', { name: 'lease_until', nullable: true })
  leaseUntil!: Date | null;

  @Column('int', { name: 'last_http_status', nullable: true })
  lastHttpStatus!: number | null;

  @Column('text', { name: 'last_error', nullable: true })
  lastError!: string | null;

  @Column('timestamptz', { name: 'created_at' })
  createdAt!: Date;

  @Column('timestamptz', { name: 'updated_at' })
  updatedAt!: Date;

  @Column('timestamptz', { name: 'sent_at', nullable: true })
  sentAt!: Date | null;
}
