// SQL for the suppression list, usable inside any transaction (pass its manager) or on the pool.
import { rows, type Queryable } from '../database/sql';
import { emailHash, normalizeEmail } from './email-address.util';
import type { SuppressionReason } from './suppression.entity';

/** Weaker first: an automatic suppression never replaces a stronger one (an unsubscribe does not undo a bounce). */
const STRENGTH: SuppressionReason[] = ['unsubscribed', 'manual', 'complaint', 'bounce'];

export interface SuppressionRow {
  address: string | null;
  contact_id: string | null;
  reason: SuppressionReason;
  source: string | null;
  note: string | null;
  created_at: Date;
}

export interface SuppressInput {
  workspaceId: string;
  address: string;
  contactId: string | null;
  reason: SuppressionReason;
  source: string;
  note?: string | null;
  at: Date;
  /** Replace whatever is there (an explicit API call); otherwise only a stronger reason replaces a weaker one. */
  overwrite?: boolean;
}

/** Adds or strengthens the address's email suppression; returns the reason now in force. */
export async function suppress(db: Queryable, input: SuppressInput): Promise<SuppressionReason> {
  const address = normalizeEmail(input.address);
  await db.query(
    `INSERT INTO suppressions (workspace_id, channel, address_hash, address, contact_id, reason, source, note, created_at)
     VALUES ($1, 'email', $2, $3, $4, $5, $6, $7, $8)
     ON CONFLICT (workspace_id, channel, address_hash) DO UPDATE
        SET reason = EXCLUDED.reason, source = EXCLUDED.source, note = EXCLUDED.note, created_at = EXCLUDED.created_at,
            address = EXCLUDED.address, contact_id = coalesce(EXCLUDED.contact_id, suppressions.contact_id)
      WHERE $9 OR array_position($10::text[], suppressions.reason) < array_position($10::text[], EXCLUDED.reason)`,
    [
      input.workspaceId,
      emailHash(address),
      address,
      input.contactId,
      input.reason,
      input.source,
      input.note ?? null,
      input.at,
      input.overwrite === true,
      STRENGTH,
    ],
  );
  const found = await findSuppression(db, input.workspaceId, address);
  return found!.reason;
}

export async function findSuppression(
  db: Queryable,
  workspaceId: string,
  address: string,
): Promise<SuppressionRow | null> {
  const [row] = await rows<SuppressionRow>(
    db,
    `SELECT address, contact_id, reason, source, note, created_at FROM suppressions
      WHERE workspace_id = $1 AND channel = 'email' AND address_hash = $2`,
    [workspaceId, emailHash(address)],
  );
  return row ?? null;
}

/** Removes the address's suppression when its reason is one of `reasons`; returns whether one was removed. */
export async function liftSuppression(
  db: Queryable,
  workspaceId: string,
  address: string,
  reasons: readonly SuppressionReason[],
): Promise<boolean> {
  const removed = await rows<{ reason: string }>(
    db,
    `DELETE FROM suppressions WHERE workspace_id = $1 AND channel = 'email' AND address_hash = $2 AND reason = ANY($3)
     RETURNING reason`,
    [workspaceId, emailHash(address), reasons],
  );
  return removed.length > 0;
}
