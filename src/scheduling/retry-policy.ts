/** Attempts per job name; sends retry for about a day of backoff, the rest until the database is back. */
export const MAX_ATTEMPTS = {
  'route-event': 25,
  wake: 25,
  'send-email': 18,
  'send-consent-confirmation': 18,
  'apply-hold': 25,
  'send-alert': 18,
  // These record their own retries in destination_deliveries; BullMQ retries only crashes and database errors.
  'send-webhook': 25,
  'audience-update': 25,
  'audience-flush': 25,
  deliver: 25,
} as const;

const BASE_MS = 1_000;
const CAP_MS = 2 * 60 * 60 * 1_000;

/** Exponential backoff with full jitter: a random delay up to base * 2^(attempt-1), capped at two hours. */
export function backoffDelay(attemptsMade: number, random: () => number = Math.random): number {
  const ceiling = Math.min(CAP_MS, BASE_MS * 2 ** Math.max(0, attemptsMade - 1));
  return Math.round(random() * ceiling);
}

/** An error that will not go away by retrying (bad address, rejected content): recorded, never retried. */
export class PermanentError extends Error {
  readonly permanent = true;
}

export function isPermanent(error: unknown): boolean {
  return error instanceof PermanentError || (error as { permanent?: boolean } | null)?.permanent === true;
}
