import { createHash } from 'node:crypto';
import { DateTime, IANAZone } from 'luxon';
import { clockMinutes, WEEKDAYS, type SendWindow } from './send-window.schema';

/** The recipient's zone: the contact's `timezone` trait when it is a valid IANA zone, else the workspace's. */
export function recipientZone(trait: unknown, workspaceZone: string): string {
  if (typeof trait === 'string' && IANAZone.isValidZone(trait)) return trait;
  return IANAZone.isValidZone(workspaceZone) ? workspaceZone : 'UTC';
}

/**
 * When a send at `now` may go out under `window` in `zone`: null when the window is open (or disabled), else the
 * instant the window next opens. Local times come from the zone's rules on each day, so DST is honoured: a time
 * skipped by the clock change opens at the same offset after it (02:30 -> 03:30), a repeated one at its first
 * occurrence. An invalid zone is read as UTC.
 */
export function nextSendTime(now: Date, zone: string, window: SendWindow): Date | null {
  if (!window.enabled) return null;
  const safeZone = IANAZone.isValidZone(zone) ? zone : 'UTC';
  const today = DateTime.fromJSDate(now, { zone: safeZone }).startOf('day');
  const start = clockMinutes(window.start);
  const end = clockMinutes(window.end);
  // Yesterday first: a window past midnight may still be open; eight days ahead always reaches an opening.
  for (let offset = -1; offset <= 8; offset += 1) {
    const day = today.plus({ days: offset });
    if (!window.days.includes(WEEKDAYS[day.weekday - 1])) continue;
    const opens = localInstant(day, start);
    const closes = localInstant(end > start ? day : day.plus({ days: 1 }), end);
    if (opens > now.getTime()) return new Date(opens);
    if (now.getTime() < closes) return null;
  }
  throw new Error('unreachable: a window opens at least once a week');
}

/** Epoch ms of `minutes` after midnight on the local calendar `day` (1440 = the next midnight). */
function localInstant(day: DateTime, minutes: number): number {
  const date = minutes >= 1440 ? day.plus({ days: 1 }) : day;
  const hour = Math.floor((minutes % 1440) / 60);
  const wanted = { year: date.year, month: date.month, day: date.day, hour, minute: minutes % 60 };
  const chosen = DateTime.fromObject(wanted, { zone: day.zone });
  // Luxon takes the later of two instants sharing a local time (the clock went back); prefer the earlier one.
  const wentBack = chosen.minus({ hours: 3 }).offset - chosen.offset;
  if (wentBack > 0) {
    const earlier = chosen.minus({ minutes: wentBack });
    if (earlier.hour === chosen.hour && earlier.minute === chosen.minute) return earlier.toMillis();
  }
  return chosen.toMillis();
}

/** A stable offset in [0, maxMs), whole seconds, from the seed (the effect id): a retry computes the same time. */
export function jitterMs(seed: string, maxMs: number): number {
  if (maxMs < 1000) return 0;
  const fraction = createHash('sha256').update(seed).digest().readUIntBE(0, 6) / 2 ** 48;
  return Math.floor((fraction * maxMs) / 1000) * 1000;
}

/** "2026-03-29T09:07:00+02:00": the instant as the recipient's clock shows it. */
export function localIso(instant: Date, zone: string): string {
  const safeZone = IANAZone.isValidZone(zone) ? zone : 'UTC';
  return DateTime.fromJSDate(instant, { zone: safeZone }).toISO({ suppressMilliseconds: true })!;
}
