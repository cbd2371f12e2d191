import type { EntityManager } from 'typeorm';
import { rows } from '../../database/sql';
import {
  eventNames,
  flowKeyPaths,
  type JourneyDefinition,
} from '../../journeys/definition/journey-definition.schema';
import type { ContactView } from '../../journeys/engine/engine.types';
import { reachedGoal } from '../../journeys/engine/event-matching';
import { toJourneyEvent, type EventRow } from '../../journeys/runs/contact-view';
import type { RunRow } from '../../journeys/runs/run-store';
import { emailBlockReason } from '../../contacts/email-permission';
import { activeMarketingHold } from '../reviews/marketing-hold';
import { HOLDOUT_REASON } from '../../insight/holdout';

/** defer: quiet hours or a frequency cap (src/channels/policy); the effect stays pending with a new due time. */
export type SendDecision =
  | { action: 'send' }
  | { action: 'skip' | 'hold'; reason: string }
  | { action: 'defer'; until: Date; reason: string };

export interface SendCheckInput {
  definition: JourneyDefinition;
  run: RunRow;
  contact: ContactView & { email: string | null };
  journeyStatus: string;
  messageClass: 'marketing' | 'transactional';
  trigger: EventRow | null;
  now: Date;
  /** Holds, like waits, last their duration divided by TIME_SCALE. */
  timeScale: number;
}

/**
 * Re-checked right before every send, whatever the run's snapshot says: the journey's exit goals (an order placed
 * while the customer sat in a delay), the run's state, the journey being paused, an address, suppression and consent.
 */
export async function decideSend(manager: EntityManager, input: SendCheckInput): Promise<SendDecision> {
  const { run, contact } = input;
  if (run.status === 'exited') return { action: 'skip', reason: `the run exited (${run.position})` };
  const goal = await goalReached(manager, input);
  if (goal) return { action: 'skip', reason: goal };
  if (run.holdout && input.messageClass === 'marketing') return { action: 'skip', reason: HOLDOUT_REASON };
  if (input.journeyStatus === 'paused') return { action: 'hold', reason: 'the journey is paused' };
  if (!contact.email) return { action: 'skip', reason: 'the contact has no email address' };
  const blocked = await emailBlockReason(manager, {
    workspaceId: run.workspace_id,
    contactId: contact.id,
    email: contact.email,
    messageClass: input.messageClass,
  });
  if (blocked) return { action: 'skip', reason: blocked };
  if (input.messageClass === 'marketing') {
    // Skipped, not deferred: a cart reminder or welcome email sent after a two-week pause would be stale.
    const hold = await activeMarketingHold(manager, contact.id, input.now, input.timeScale);
    if (hold)
      return { action: 'skip', reason: `marketing hold: ${hold.reason} until ${hold.until.toISOString()}` };
  }
  return { action: 'send' };
}

async function goalReached(manager: EntityManager, input: SendCheckInput): Promise<string | null> {
  const flow = input.definition.flows[input.run.flow];
  const goals = flow?.exit ?? [];
  if (goals.length === 0) return null;
  const names = [...new Set(goals.flatMap((goal) => eventNames(goal.event)))];
  const candidates = await rows<EventRow>(
    manager,
    `SELECT * FROM events WHERE contact_id = $1 AND type = 'track' AND name = ANY($2) ORDER BY timestamp DESC LIMIT 200`,
    [input.run.contact_id, names],
  );
  const since = input.trigger?.timestamp ?? input.run.started_at;
  const keyPaths = flowKeyPaths(flow);
  for (const row of candidates) {
    if (row.id === input.trigger?.id) continue;
    const event = toJourneyEvent(row);
    const goal = reachedGoal(input.definition, input.run.flow, event, {
      key: input.run.entry_key,
      contact: input.contact,
      trigger: input.trigger ? { properties: input.trigger.properties } : null,
    });
    // Keyed goals (this cart's order) count whenever they happened; others only after the run's start.
    if (!goal || (!goal.sameKey && row.timestamp < since)) continue;
    const keyText = goal.sameKey && keyPaths.length > 0 ? ` for ${input.run.entry_key}` : '';
    return `goal reached: ${row.name}${keyText} at ${row.timestamp.toISOString()}`;
  }
  return null;
}
