import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** `consent-confirm`: a double opt-in confirmation email, which belongs to no run. */
export type EffectKind = 'wake' | 'email' | 'consent-confirm' | 'alert' | 'webhook' | 'audience';
/** pending: to do at due_at; held: its journey is paused; the rest are final. */
export type EffectStatus = 'pending' | 'held' | 'done' | 'skipped' | 'cancelled' | 'failed';

export interface EffectPayload {
  stepId: string;
  seq: number;
  template?: string;
  messageClass?: 'marketing' | 'transactional';
  data?: Record<string, unknown>;
  /** audience, webhook: the destination key; audience: add or remove. */
  destination?: string;
  action?: 'add' | 'remove';
  /** webhook: the envelope type; webhook and alert: the event being processed and the alert text. */
  type?: 'webhook.send' | 'alert';
  eventId?: string;
  message?: string;
  /** alert: the address, when the step names one. */
  to?: string;
}

/** Something a run asked for, written in the same transaction as the run's snapshot. */
@Entity('effects')
@Index('effects_due_idx', ['dueAt'], { where: `status = 'pending'` })
@Index('effects_run_idx', ['runId'])
@Index('effects_contact_idx', ['contactId', 'createdAt'])
@Index('effects_journey_idx', ['journeyId', 'createdAt'], { where: 'journey_id IS NOT NULL' })
export class EffectEntity {
  /** `${runId}.${seq}` (`confirm.${consentChangeId}` outside runs): deterministic, the idempotency key of the job and of the delivery. */
  @PrimaryColumn('text')
  id!: string;

  @Column('uuid', { name: 'workspace_id' })
  workspaceId!: string;

  /** Null for effects outside journeys (double opt-in confirmations). */
  @Column('uuid', { name: 'run_id', nullable: true })
  runId!: string | null;

  @Column('uuid', { name: 'contact_id' })
  contactId!: string;

  /** The run's journey and the step that asked for it (null outside journeys): the funnel's grouping. */
  @Column('uuid', { name: 'journey_id', nullable: true })
  journeyId!: string | null;

  @Column('text', { name: 'step_id', nullable: true })
  stepId!: string | null;

  /** The run's flow (step ids are unique per flow only); null outside journeys. */
  @Column('text', { nullable: true })
  flow!: string | null;

  @Column('text')
  kind!: EffectKind;

  @Column('text')
  status!: EffectStatus;

  @Column('timestamptz', { name: 'due_at' })
  dueAt!: Date;

  @Column('jsonb')
  payload!: EffectPayload;

  /** Why it was skipped, cancelled, held or failed, or (still pending) why it was deferred. */
  @Column('text', { nullable: true })
  reason!: string | null;

  @Column('timestamptz', { name: 'created_at' })
  createdAt!: Date;

  @Column('timestamptz', { name: 'done_at', nullable: true })
  doneAt!: Date | null;

  /** When a wake-up's handler started (due_at to started_at is its lateness); set with its final status. */
  @Column('timestamptz', { name: 'started_at', nullable: true })
  startedAt!: Date | null;
}
