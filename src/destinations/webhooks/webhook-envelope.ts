import type { EntityManager } from 'typeorm';
import { rows } from '../../database/sql';
import { STAGE_FLOW } from '../../journeys/runs/run.entity';
import type { EffectPayload } from '../../scheduling/effect.entity';
import type { WebhookEnvelope } from './webhook-body';

/** The effect fields the envelope needs (webhook and alert effects). */
export interface ActionEffectRow {
  id: string;
  workspace_id: string;
  run_id: string;
  contact_id: string;
  status: string;
  created_at: Date;
  payload: EffectPayload;
}

export interface RunView {
  journey_id: string;
  journey_key: string;
  journey_status: string;
  journey_version: number;
  flow: string;
  position: string;
  trigger_event_id: string | null;
}

export async function loadRunView(manager: EntityManager, runId: string): Promise<RunView> {
  const [run] = await rows<RunView>(
    manager,
    `SELECT r.journey_id, j.key AS journey_key, j.status AS journey_status, r.journey_version, r.flow, r.position,
            r.trigger_event_id
       FROM runs r JOIN journeys j ON j.id = r.journey_id WHERE r.id = $1`,
    [runId],
  );
  return run;
}

/** The contact, the event that moved the run (else its trigger), its journey position and stage, as data. */
export async function loadEnvelope(
  manager: EntityManager,
  effect: ActionEffectRow,
  run: RunView,
  type: WebhookEnvelope['type'],
): Promise<Omit<WebhookEnvelope, 'message'>> {
  const [contact] = await rows<{
    external_id: string;
    email: string | null;
    traits: Record<string, unknown>;
  }>(manager, `SELECT external_id, email, traits FROM contacts WHERE id = $1`, [effect.contact_id]);
  const eventId = effect.payload.eventId ?? run.trigger_event_id;
  const [event] = eventId
    ? await rows<{ id: string; name: string | null; timestamp: Date; properties: Record<string, unknown> }>(
        manager,
        `SELECT id, name, timestamp, properties FROM events WHERE id = $1`,
        [eventId],
      )
    : [];
  const [stage] = await rows<{ position: string }>(
    manager,
    `SELECT position FROM runs WHERE journey_id = $1 AND contact_id = $2 AND flow = $3`,
    [run.journey_id, effect.contact_id, STAGE_FLOW],
  );
  return {
    type,
    event: event ? { ...event, timestamp: event.timestamp.toISOString() } : null,
    contact: {
      id: effect.contact_id,
      userId: contact.external_id,
      email: contact.email,
      traits: contact.traits,
    },
    journey: {
      key: run.journey_key,
      version: run.journey_version,
      flow: run.flow,
      runId: effect.run_id,
      step: effect.payload.stepId,
    },
    stage: stage?.position ?? null,
    occurredAt: effect.created_at.toISOString(),
    ...(effect.payload.data ? { data: effect.payload.data } : {}),
  };
}

/** One line in the run's log about an action effect. */
export async function logEffectStep(
  manager: EntityManager,
  effect: Pick<ActionEffectRow, 'run_id' | 'payload'>,
  reason: string,
  now: Date,
): Promise<void> {
  await manager.query(
    `INSERT INTO run_steps (workspace_id, run_id, contact_id, at, cause, from_position, to_position, reason)
     SELECT workspace_id, id, contact_id, $2, $3, position, position, $4 FROM runs WHERE id = $1`,
    [effect.run_id, now, `send ${effect.payload.stepId}`, reason],
  );
}
