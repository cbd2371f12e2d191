import type { EntityManager } from 'typeorm';
import type { DestinationDeliveryKind } from './destination-delivery.entity';

export interface FinishedDelivery {
  id: string;
  kind: DestinationDeliveryKind;
  effectId: string | null;
  destinationKey: string;
}

/** What a final outcome means beyond the delivery row: the effect, the run's log, the audience memberships. */
export async function recordFinal(
  manager: EntityManager,
  delivery: FinishedDelivery,
  outcome: { sent: true; httpStatus: number } | { sent: false; reason: string },
  now: Date,
): Promise<void> {
  if (delivery.kind === 'webhook') {
    if (!outcome.sent) {
      await manager.query(`UPDATE effects SET status = 'failed', reason = $2, done_at = $3 WHERE id = $1`, [
        delivery.effectId,
        outcome.reason,
        now,
      ]);
    }
    const what = outcome.sent
      ? `delivered to ${delivery.destinationKey} (HTTP ${outcome.httpStatus})`
      : `failed: ${outcome.reason}`;
    await logStep(manager, delivery.effectId, what, now);
    return;
  }
  const adding = delivery.kind === 'audience-add';
  const status = outcome.sent ? (adding ? 'added' : 'removed') : adding ? 'add-failed' : 'remove-failed';
  const stamp = outcome.sent ? `, ${adding ? 'added_at' : 'removed_at'} = $3` : '';
  await manager.query(
    `UPDATE audience_memberships SET status = $2, updated_at = $3${stamp} WHERE delivery_id = $1`,
    [delivery.id, status, now],
  );
}

/** A line in the run's log for a webhook effect, so "why did (not) ..." has its answer. */
async function logStep(
  manager: EntityManager,
  effectId: string | null,
  what: string,
  now: Date,
): Promise<void> {
  if (!effectId) return;
  await manager.query(
    `INSERT INTO run_steps (workspace_id, run_id, contact_id, at, cause, from_position, to_position, reason)
     SELECT e.workspace_id, e.run_id, e.contact_id, $2, 'send ' || (e.payload->>'stepId'), r.position, r.position,
            (e.payload->>'stepId') || ' ' || $3
       FROM effects e JOIN runs r ON r.id = e.run_id WHERE e.id = $1`,
    [effectId, now, what],
  );
}
