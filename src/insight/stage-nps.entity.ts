import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** An NPS answer with the stage the contact was in when giving it, per journey: the map's satisfaction line. */
@Entity('stage_nps')
@Index('stage_nps_journey_idx', ['journeyId', 'at'])
export class StageNpsEntity {
  @PrimaryColumn('uuid', { name: 'event_id' })
  eventId!: string;

  @PrimaryColumn('uuid', { name: 'journey_id' })
  journeyId!: string;

  @Column('uuid', { name: 'workspace_id' })
  workspaceId!: string;

  @Column('uuid', { name: 'contact_id' })
  contactId!: string;

  @Column('text')
  stage!: string;

  @Column('smallint')
  score!: number;

  @Column('timestamptz')
  at!: Date;
}
