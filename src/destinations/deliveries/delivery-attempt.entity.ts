import { Column, Entity, PrimaryColumn } from 'typeorm';

/** sent; retry (transient, another attempt is scheduled); failed (permanent, or the last attempt). */
export type DeliveryAttemptOutcome = 'sent' | 'retry' | 'failed';

/** Every call made for a destination delivery, with what came back. */
@Entity('destination_delivery_attempts')
export class DeliveryAttemptEntity {
  @PrimaryColumn('text', { name: 'delivery_id' })
  deliveryId!: string;

  /** 1 for the first call; counts on across replays. */
  @PrimaryColumn('int')
  attempt!: number;

  @Column('uuid', { name: 'workspace_id' })
  workspaceId!: string;

  @Column('timestamptz', { name: 'started_at' })
  startedAt!: Date;

  @Column('int', { name: 'duration_ms' })
  durationMs!: number;

  @Column('text')
  outcome!: DeliveryAttemptOutcome;

  @Column('int', { name: 'http_status', nullable: true })
  httpStatus!: number | null;

  @Column('text', { nullable: true })
  error!: string | null;

  @Column('timestamptz', { name: 'next_attempt_at', nullable: true })
  nextAttemptAt!: Date | null;
}
