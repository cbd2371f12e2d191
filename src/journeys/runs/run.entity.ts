import { Column, Entity, Index, PrimaryColumn, VersionColumn } from 'typeorm';
import type { RunStatus } from '../engine/engine.types';

/** The flow key of the run that tracks the contact's stage in a journey. */
export const STAGE_FLOW = '$stage';

/** One contact in one flow of one journey version (per entry key for keyed flows). */
@Entity('runs')
@Index('runs_contact_status_idx', ['contactId', 'status'])
@Index('runs_entry_idx', ['journeyId', 'flow', 'contactId', 'entryKey', 'startedAt'])
@Index('runs_stage_uq', ['journeyId', 'contactId'], { unique: true, where: `flow = '$stage'` })
@Index('runs_stage_map_idx', ['journeyId', 'position', 'positionSince'], { where: `flow = '$stage'` })
@Index('runs_journey_started_idx', ['journeyId', 'startedAt'], { where: `flow <> '$stage'` })
// The funnel's `waiting`: active flow runs per position, without reading the journey's finished ones.
@Index('runs_journey_active_idx', ['journeyId', 'flow', 'position'], {
  where: `status = 'active' AND flow <> '$stage'`,
})
export class RunEntity {
  /** Deterministic: derived from the trigger event, the version and the flow, so a re-routed event finds it. */
  @PrimaryColumn('uuid')
  id!: string;

  @Column('uuid', { name: 'workspace_id' })
  workspaceId!: string;

  @Column('uuid', { name: 'journey_id' })
  journeyId!: string;

  @Column('uuid', { name: 'journey_version_id' })
  journeyVersionId!: string;

  @Column('int', { name: 'journey_version' })
  journeyVersion!: number;

  @Column('text')
  flow!: string;

  @Column('uuid', { name: 'contact_id' })
  contactId!: string;

  @Column('text', { name: 'entry_key', nullable: true })
  entryKey!: string | null;

  @Column('text')
  status!: RunStatus;

  /** Current step id, or the stage name for the stage run. */
  @Column('text')
  position!: string;

  @Column('jsonb')
  snapshot!: unknown;

  @Column('uuid', { name: 'trigger_event_id', nullable: true })
  triggerEventId!: string | null;

  @Column('int', { name: 'pending_wake_seq', nullable: true })
  pendingWakeSeq!: number | null;

  @VersionColumn({ name: 'lock_version' })
  lockVersion!: number;

  @Column('timestamptz', { name: 'started_at' })
  startedAt!: Date;

  @Column('timestamptz', { name: 'updated_at' })
  updatedAt!: Date;

  /** When the run reached its current position (for the stage run: when the contact entered the stage). */
  @Column('timestamptz', { name: 'position_since' })
  positionSince!: Date;

  /** In the journey's holdout group: its messages are skipped, so its conversions measure the lift. */
  @Column('boolean', { default: false })
  holdout!: boolean;

  /** When the contact first ordered within the attribution window after the run started. */
  @Column('timestamptz', { name: 'converted_at', nullable: true })
  convertedAt!: Date | null;

  @Column('timestamptz', { name: 'ended_at', nullable: true })
  endedAt!: Date | null;
}
