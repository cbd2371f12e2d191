import { Column, Entity, PrimaryColumn } from 'typeorm';

/** Per journey, stage and UTC hour: how many entered the stage, moved on from it, and moved on of those who entered then. */
@Entity('stage_hourly')
export class StageHourlyEntity {
  @PrimaryColumn('uuid', { name: 'journey_id' })
  journeyId!: string;

  @PrimaryColumn('text')
  stage!: string;

  @PrimaryColumn('timestamptz')
  hour!: Date;

  @Column('uuid', { name: 'workspace_id' })
  workspaceId!: string;

  /** Entered the stage in this hour. */
  @Column('int', { default: 0 })
  entered!: number;

  /** Left the stage for a later one in this hour. */
  @Column('int', { name: 'moved_on', default: 0 })
  movedOn!: number;

  /** Left the stage for a later one (at any time), counted in the hour they had entered it: the cohort view. */
  @Column('int', { name: 'cohort_moved_on', default: 0 })
  cohortMovedOn!: number;
}

/** Histogram of time spent in a stage before moving on, per hour of the move (see duration-buckets.ts). */
@Entity('stage_time_hourly')
export class StageTimeHourlyEntity {
  @PrimaryColumn('uuid', { name: 'journey_id' })
  journeyId!: string;

  @PrimaryColumn('text')
  stage!: string;

  @PrimaryColumn('timestamptz')
  hour!: Date;

  @PrimaryColumn('smallint')
  bucket!: number;

  @Column('int')
  n!: number;
}
