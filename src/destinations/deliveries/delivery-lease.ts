import type { Clock } from '../../common/clock';
import type { Queryable } from '../../database/sql';

/**
 * How long a claim holds a delivery without renewal: a crashed worker's claim lapses this soon after the crash. As
 * long as a job's default BullMQ lock, so a live attempt needs as long without one renewal to lose it.
 */
export const LEASE_MS = 30_000;
/** Six renewals per lease: a few that fail (a busy pool, a database blip) do not lose it. */
const RENEW_MS = LEASE_MS / 6;

/**
 * Renews the claim of one attempt every RENEW_MS while the attempt runs (the call, then its record), so
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
  }, RENEW_MS);
  return () => clearInterval(timer);
}
