import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * A contact's stage changing in a journey (from null: entering the journey), written in the same transaction as
 * the stage run's step. Rows are folded into the hourly rollups and deleted by `InsightRollupService`.
 */
@Entity('stage_moves')
@Index('stage_moves_journey_idx', ['journeyId', 'id'])
export class StageMoveEntity {
  @PrimaryGeneratedColumn('identity', { type: 'bigint', generatedIdentity: 'ALWAYS' })
  id!: string;

  @Column('uuid', { name: 'workspace_id' })
  workspaceId!: string;

  @Column('uuid', { name: 'journey_id' })
  journeyId!: string;

  @Column('uuid', { name: 'contact_id' })
  contactId!: string;

  @Column('text', { name: 'from_stage', nullable: true })
  fromStage!: string | null;

  @Column('text', { name: 'to_stage' })
  toStage!: string;

  @Column('timestamptz')
  at!: Date;

  /** When the contact entered `from_stage`: the move's duration and the cohort it counts for. */
  @Column('timestamptz', { name: 'from_since', nullable: true })
  fromSince!: Date | null;
}
