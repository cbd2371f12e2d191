/** One pending send of the same contact that may compete for the cap. */
export interface CapCompetitor {
  effectId: string;
  /** `journey/step`, for the log. */
  label: string;
  priority: number;
  dueAt: Date;
}

export interface CapUse {
  /** Marketing sends counted in the period ending now. */
  used: number;
  /** Null while under the cap; else when enough of those sends age out of the period to allow one more. */
  freeAt: Date | null;
}

/** How much of a cap of `max` per `perMs` the sends at `sentAt` use at `now` (a send counts for `perMs` after it). */
export function capUse(sentAt: Date[], max: number, perMs: number, now: Date): CapUse {
  const inPeriod = sentAt
    .map((date) => date.getTime())
    .filter((time) => time > now.getTime() - perMs)
    .sort((a, b) => a - b);
  if (inPeriod.length < max) return { used: inPeriod.length, freeAt: null };
  // The cap frees when all but max - 1 of them have aged out: the (n - max + 1)-th oldest decides.
  return { used: inPeriod.length, freeAt: new Date(inPeriod[inPeriod.length - max] + perMs) };
}

/**
 * The higher-priority sends this one must leave the remaining room to: pending sends of a strictly higher priority
 * due before this send would age out of the period. Returns them when they fill the room (this send should wait),
 * else an empty list. Equal priorities never yield, so two sends cannot wait for each other.
 */
export function yieldTo(
  competitors: CapCompetitor[],
  priority: number,
  room: number,
  perMs: number,
  now: Date,
): CapCompetitor[] {
  const ahead = competitors
    .filter((other) => other.priority > priority && other.dueAt.getTime() < now.getTime() + perMs)
    .sort((a, b) => b.priority - a.priority || a.dueAt.getTime() - b.dueAt.getTime())
    .slice(0, room);
  return room > 0 && ahead.length === room ? ahead : [];
}
