import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

export type DeliveryStatus = 'sending' | 'sent' | 'failed';

/** At most one per effect: the row is claimed before the provider is called. */
@Entity('deliveries')
@Index('deliveries_contact_idx', ['contactId', 'createdAt'])
@Index('deliveries_status_idx', ['workspaceId', 'status', 'createdAt'])
export class DeliveryEntity {
  @PrimaryColumn('text', { name: 'effect_id' })
  effectId!: string;

  @Column('uuid', { name: 'workspace_id' })
  workspaceId!: string;

  @Column('uuid', { name: 'contact_id' })
  contactId!: string;

  @Column('text')
  channel!: string;

  @Column('text')
  status!: DeliveryStatus;

  /** Message-ID (email); receivers drop a repeat carrying the same one. */
  @Column('text', { name: 'message_id' })
  messageId!: string;

  @Column('text', { nullable: true })
  recipient!: string | null;

  @Column('text', { nullable: true })
  subject!: string | null;

  /** Provider calls made; more than one means a crash or a transient failure between claim and outcome. */
  @Column('int', { default: 1 })
  attempts!: number;

  @Column('text', { nullable: true })
  error!: string | null;

  @Column('timestamptz', { name: 'created_at' })
  createdAt!: Date;

  @Column('timestamptz', { name: 'sent_at', nullable: true })
  sentAt!: Date | null;
}
