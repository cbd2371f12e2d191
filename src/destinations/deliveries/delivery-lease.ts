import type { Clock } from '../../common/clock';
import type { Queryable } from '../../database/sql';

/** How long a claim holds a delivery without renewal: a crashed worker's claim lapses this soon after the crash. */
export const LEASE_MS = 20_000;

/**
 * Renews the claim of one attempt every quarter of the lease while the attempt runs (the call, then its record), so
 * the lease can be short whatever the call's timeouts; a failed renewal is left to the next. Returns the release.
 */
export function holdLease(
  db: Queryable,
  clock: Clock,
  delivery: { id: string; attempts: number },
): () => void {
  const timer = setInterval(() => {
    db.query(
      `UPDATE destination_deliveries SET lease_until = $3 WHERE id = $1 AND attempts = $2 AND status = 'sending'`,
      [delivery.id, delivery.attempts, new Date(clock.now().getTime() + LEASE_MS)],
    ).catch(() => undefined);
  }, LEASE_MS / 4);
  return () => clearInterval(timer);
}
