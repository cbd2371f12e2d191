// When to try an outgoing call again: pure, so the schedule is tested without clocks or servers.

export interface RetrySchedule {
  /** The first retry waits up to this long; each later one doubles the ceiling. */
  baseMs: number;
  capMs: number;
  /** Calls per round (creation or replay) before the delivery is dead-lettered. */
  maxAttempts: number;
}

/** What one call came to, as the adapters report it. */
export type CallResult =
  | { kind: 'sent'; httpStatus: number }
  | { kind: 'transient'; httpStatus: number | null; error: string; retryAfterMs?: number | null }
  | { kind: 'permanent'; httpStatus: number | null; error: string };

export type NextStep =
  { outcome: 'sent' } | { outcome: 'retry'; delayMs: number } | { outcome: 'failed'; reason: string };

const MAX_RETRY_AFTER_MS = 24 * 60 * 60 * 1000;

/** Full jitter: a random delay up to min(cap, base * 2^(attempt-1)), after call number `attempt` failed. */
export function retryDelayMs(attempt: number, schedule: RetrySchedule, random: () => number = Math.random) {
  const ceiling = Math.min(schedule.capMs, schedule.baseMs * 2 ** Math.max(0, attempt - 1));
  return Math.round(random() * ceiling);
}

/** The longest the retries of one round can take (every jitter at its ceiling). */
export function longestRoundMs(schedule: RetrySchedule): number {
  let total = 0;
  for (let attempt = 1; attempt < schedule.maxAttempts; attempt += 1)
    total += retryDelayMs(attempt, schedule, () => 1);
  return total;
}

/** `Retry-After` as delta-seconds or an HTTP date, in ms from `now` (0 if past); null when absent or unreadable. */
export function parseRetryAfter(header: string | null | undefined, now: Date): number | null {
  if (!header) return null;
  const value = header.trim();
  const ms = /^\d+$/.test(value) ? Number(value) * 1000 : Date.parse(value) - now.getTime();
  if (!Number.isFinite(ms)) return null;
  return Math.min(MAX_RETRY_AFTER_MS, Math.max(0, ms));
}

/** Retry only network errors, timeouts, 5xx and 429; any other 4xx will not get better by asking again. */
export function classifyStatus(status: number): CallResult['kind'] {
  if (status >= 200 && status < 300) return 'sent';
  return status === 429 || status >= 500 ? 'transient' : 'permanent';
}

/** Decides after call number `roundAttempts` of this round; Retry-After wins over the backoff when given. */
export function nextStep(
  result: CallResult,
  roundAttempts: number,
  schedule: RetrySchedule,
  random: () => number = Math.random,
): NextStep {
  if (result.kind === 'sent') return { outcome: 'sent' };
  if (result.kind === 'permanent') return { outcome: 'failed', reason: `rejected: ${result.error}` };
  if (roundAttempts >= schedule.maxAttempts)
    return { outcome: 'failed', reason: `gave up after ${roundAttempts} attempts: ${result.error}` };
  const delayMs = result.retryAfterMs ?? retryDelayMs(roundAttempts, schedule, random);
  return { outcome: 'retry', delayMs };
}
