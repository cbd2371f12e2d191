import { Duration } from 'luxon';

/** Why an ISO 8601 duration is not usable as a wait, or null when it is. */
export function isoDurationProblem(iso: string): string | null {
  const duration = Duration.fromISO(iso);
  if (!duration.isValid) return `"${iso}" is not an ISO 8601 duration (e.g. PT4H, P2D)`;
  const parts = duration.toObject();
  // Months and years have no fixed length, and waits are scheduled as a number of milliseconds.
  if (parts.months || parts.years) return `"${iso}" uses months or years; use days or weeks (e.g. P30D)`;
  if (!(duration.toMillis() > 0)) return `"${iso}" must be longer than zero`;
  return null;
}

/** Milliseconds of an ISO 8601 duration (PT4H -> 14400000); throws when it is not a positive fixed length. */
export function isoDurationToMs(iso: string): number {
  const problem = isoDurationProblem(iso);
  if (problem) throw new RangeError(problem);
  return Duration.fromISO(iso).toMillis();
}
