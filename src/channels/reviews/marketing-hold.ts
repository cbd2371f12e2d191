import { rows, type Queryable } from '../../database/sql';

export interface MarketingHold {
  until: Date;
  reason: string;
}

/**
 * The contact's hold on marketing sends that lasts longest, if one is in force at `now`. A hold is the effect of a
 * journey's `hold` step: in force from the effect's creation, so from the commit of the step that asked for it,
 * for its duration divided by TIME_SCALE (like waits).
 */
export async function activeMarketingHold(
  db: Queryable,
  contactId: string,
  now: Date,
  timeScale: number,
): Promise<MarketingHold | null> {
  const [hold] = await rows<{ until: Date; reason: string }>(
    db,
    `SELECT until, payload->>'reason' AS reason
       FROM (SELECT payload, created_at + ((payload->>'durationMs')::float8 / $3) * interval '1 millisecond' AS until
               FROM effects WHERE contact_id = $1 AND kind = 'hold' AND status IN ('pending', 'done')) AS holds
      WHERE until > $2 ORDER BY until DESC LIMIT 1`,
    [contactId, now, timeScale],
  );
  return hold ? { until: hold.until, reason: hold.reason } : null;
}
