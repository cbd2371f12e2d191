import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

export type EventType = 'track' | 'identify' | 'page' | 'screen' | 'group' | 'alias';

@Entity('events')
@Index('events_workspace_message_uq', ['workspaceId', 'messageId'], { unique: true })
@Index('events_contact_name_time_idx', ['contactId', 'name', 'timestamp'])
@Index('events_unrouted_idx', ['receivedAt'], { where: 'routed_at IS NULL' })
export class EventEntity {
  @PrimaryColumn('uuid')
  id!: string;

  @Column('uuid', { name: 'workspace_id' })
  workspaceId!: string;

  @Column('uuid', { name: 'contact_id' })
  contactId!: string;

  @Column('text', { name: 'message_id' })
  messageId!: string;

  @Column('text')
  type!: EventType;

  /** Event name for track (e.g. "Order Completed"); null for identify. */
  @Column('text', { nullable: true })
  name!: string | null;

  @Column('jsonb')
  properties!: Record<string, unknown>;

  @Column('jsonb')
  context!: Record<string, unknown>;

  /** When it happened, as the shop says. */
  @Column('timestamptz')
  timestamp!: Date;

  @Column('timestamptz', { name: 'received_at' })
  receivedAt!: Date;

  /** Set once every journey has seen the event; null rows are found again by the reconciler. */
  @Column('timestamptz', { name: 'routed_at', nullable: true })
  routedAt!: Date | null;
}
