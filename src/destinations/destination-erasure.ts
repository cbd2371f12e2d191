import { rows, type Queryable } from '../database/sql';

/**
 * Erasure of a contact, inside the erasure's transaction: webhook bodies kept for retries hold its data, so they are
 * emptied and the ones not sent yet cancelled. Audience memberships keep their hashes: removals need them.
 */
export async function eraseDestinationData(db: Queryable, contactId: string): Promise<number> {
  const scrubbed = await rows<{ id: string }>(
    db,
    `UPDATE destination_deliveries SET request = '{}'::jsonb, lease_until = NULL,
            last_error = CASE WHEN status IN ('pending', 'sending') THEN 'contact erased' ELSE last_error END,
            next_attempt_at = CASE WHEN status IN ('pending', 'sending') THEN NULL ELSE next_attempt_at END,
            status = CASE WHEN status IN ('pending', 'sending') THEN 'cancelled' ELSE status END
      WHERE contact_id = $1 AND kind = 'webhook' RETURNING id`,
    [contactId],
  );
  return scrubbed.length;
}
