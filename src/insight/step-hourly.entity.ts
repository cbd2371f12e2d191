import { Column, Entity, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';

/**
 * What happened at a journey step, appended by database triggers on effects, events and conversions (see the
 * FunnelRollup migration) in the writer's own transaction. Rows are folded into `step_hourly` and deleted by
 * `InsightRollupService`; `n` lets one multi-row statement append one row per step, metric and hour.
 */
@Entity('step_counts')
export class StepCountEntity {
  @PrimaryGeneratedColumn('identity', { type: 'bigint', generatedIdentity: 'ALWAYS' })
  id!: string;

  @Column('uuid', { name: 'workspace_id' })
  workspaceId!: string;

  @Column('uuid', { name: 'journey_id' })
  journeyId!: string;

  /** Null when unknown (an order attributed to a step without its effect): the funnel then goes by the step id. */
  @Column('text', { nullable: true })
  flow!: string | null;

  @Column('text', { name: 'step_id' })
  stepId!: string;

  /** entered, sent, skipped, failed, deferred, opened, clicked, bounced, converted, recipients; started (step ''). */
  @Column('text')
  metric!: string;

  @Column('timestamptz')
  at!: Date;

  /** skipped: the effect's reason, put in a category when folded. */
  @Column('text', { nullable: true })
  reason!: string | null;

  /** How many; recipients moves a customer from the hour of their previous send to this one (−1, +1). */
  @Column('int')
  n!: number;
}

/**
 * Per journey, UTC hour, flow, step and metric: how many (`skipped:<category>` per skip reason category). `hour`
 * comes second in the key, so a period's rows are one index range however long the history.
 */
@Entity('step_hourly')
export class StepHourlyEntity {
  @PrimaryColumn('uuid', { name: 'journey_id' })
  journeyId!: string;

  @PrimaryColumn('timestamptz')
  hour!: Date;

  /** '' when unknown; with step_id '' too: the journey as a whole (recipients). */
  @PrimaryColumn('text')
  flow!: string;

  @PrimaryColumn('text', { name: 'step_id' })
  stepId!: string;

  @PrimaryColumn('text')
  metric!: string;

  @Column('uuid', { name: 'workspace_id' })
  workspaceId!: string;

  @Column('int')
  n!: number;
}

/**
 * When each customer was last sent each email step of a journey (flow and step '': any of its emails). A customer
 * counts as a recipient in the hour of their last send, so recipients in a period that ends now are a sum of hours.
 */
@Entity('step_recipients')
export class StepRecipientEntity {
  @PrimaryColumn('uuid', { name: 'journey_id' })
  journeyId!: string;

  @PrimaryColumn('text')
  flow!: string;

  @PrimaryColumn('text', { name: 'step_id' })
  stepId!: string;

  @PrimaryColumn('uuid', { name: 'contact_id' })
  contactId!: string;

  @Column('uuid', { name: 'workspace_id' })
  workspaceId!: string;

  @Column('timestamptz', { name: 'last_at' })
  lastAt!: Date;
}
