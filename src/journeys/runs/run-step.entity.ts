import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** Append-only log of every step a run took and why. */
@Entity('run_steps')
@Index('run_steps_run_idx', ['runId', 'id'])
@Index('run_steps_contact_idx', ['contactId', 'at'])
export class RunStepEntity {
  @PrimaryGeneratedColumn('identity', { type: 'bigint', generatedIdentity: 'ALWAYS' })
  id!: string;

  @Column('uuid', { name: 'workspace_id' })
  workspaceId!: string;

  @Column('uuid', { name: 'run_id' })
  runId!: string;

  @Column('uuid', { name: 'contact_id' })
  contactId!: string;

  @Column('timestamptz')
  at!: Date;

  /** What caused it: the event, the wake-up, or the start. */
  @Column('text')
  cause!: string;

  @Column('uuid', { name: 'event_id', nullable: true })
  eventId!: string | null;

  @Column('text', { name: 'from_position', nullable: true })
  fromPosition!: string | null;

  @Column('text', { name: 'to_position', nullable: true })
  toPosition!: string | null;

  @Column('text')
  reason!: string;
}
