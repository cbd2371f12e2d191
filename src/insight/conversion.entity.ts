import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * One per order (`Order Completed`), with the journey message it is attributed to: the last open or click of a
 * journey email within the attribution window before the order (last touch), or none.
 */
@Entity('conversions')
@Index('conversions_journey_idx', ['journeyId', 'at'])
@Index('conversions_workspace_idx', ['workspaceId', 'at'])
export class ConversionEntity {
  @PrimaryColumn('uuid', { name: 'event_id' })
  eventId!: string;

  @Column('uuid', { name: 'workspace_id' })
  workspaceId!: string;

  @Column('uuid', { name: 'contact_id' })
  contactId!: string;

  /** The order's time (the event's timestamp). */
  @Column('timestamptz')
  at!: Date;

  @Column('numeric', { precision: 14, scale: 2, nullable: true })
  revenue!: string | null;

  @Column('text', { nullable: true })
  currency!: string | null;

  /** Null: no journey message was opened or clicked within the window. */
  @Column('uuid', { name: 'journey_id', nullable: true })
  journeyId!: string | null;

  @Column('text', { name: 'step_id', nullable: true })
  stepId!: string | null;

  @Column('text', { name: 'effect_id', nullable: true })
  effectId!: string | null;

  /** `open` or `click`. */
  @Column('text', { nullable: true })
  touch!: string | null;

  @Column('timestamptz', { name: 'touched_at', nullable: true })
  touchedAt!: Date | null;
}
