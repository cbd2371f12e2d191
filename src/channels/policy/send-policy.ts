import { Duration } from 'luxon';
import { capUse, yieldTo, type CapCompetitor } from './frequency-cap.util';
import type { ChannelCap } from './frequency-cap.schema';
import { WEEKDAYS, type SendWindow } from './send-window.schema';
import { jitterMs, localIso, nextSendTime } from './send-window.util';

/** A yielding send looks again this long after the send it yields to is due. */
export const YIELD_MS = 5_000;

export interface SendPolicyFacts {
  now: Date;
  /** Seeds the jitter, so a retry computes the same time. */
  effectId: string;
  messageClass: 'marketing' | 'transactional';
  /** The recipient's IANA zone (contact trait, else the workspace's). */
  zone: string;
  window: SendWindow;
  windowSource: 'journey' | 'workspace';
  /** The channel's cap; applies to marketing messages only. */
  cap: ChannelCap | null;
  priority: number;
  /** When the contact's other marketing emails were claimed, within the cap period. */
  recentSends: Date[];
  /** The contact's other pending marketing emails. */
  competitors: CapCompetitor[];
}

export type SendPolicyDecision =
  { action: 'send' } | { action: 'skip'; reason: string } | { action: 'defer'; until: Date; reason: string };

/**
 * Quiet hours, then the frequency cap, then priority: closed window -> defer to the next opening plus jitter;
 * cap used up -> skip or defer until it frees (and the window is open); room left but a higher-priority send due
 * within the period needs it -> defer until just after that send is due, to be weighed again then.
 */
export function decideSendPolicy(facts: SendPolicyFacts): SendPolicyDecision {
  const { now, cap } = facts;
  const windowApplies = facts.messageClass === 'marketing' || facts.window.transactional;
  const opening = windowApplies ? nextSendTime(now, facts.zone, facts.window) : null;
  if (opening) return defer(facts, now, `quiet hours (${describeWindow(facts)})`);
  if (facts.messageClass !== 'marketing' || !cap) return { action: 'send' };
  const perMs = Duration.fromISO(cap.per).toMillis();
  const use = capUse(facts.recentSends, cap.max, perMs, now);
  const capText = `frequency cap of ${cap.max} marketing email${cap.max === 1 ? '' : 's'} per ${cap.per}`;
  if (use.freeAt) {
    const last = new Date(Math.max(...facts.recentSends.map((date) => date.getTime())));
    const why = `${capText} reached (${use.used} sent, the last at ${localIso(last, facts.zone)})`;
    if (cap.mode === 'skip') return { action: 'skip', reason: why };
    return defer(facts, use.freeAt, why);
  }
  const ahead = yieldTo(facts.competitors, facts.priority, cap.max - use.used, perMs, now);
  if (ahead.length === 0) return { action: 'send' };
  const first = ahead[0];
  const lastDue = Math.max(now.getTime(), ...ahead.map((other) => other.dueAt.getTime()));
  const why =
    `${capText}: yields to ${first.label} (priority ${first.priority} over ${facts.priority}), ` +
    `due ${localIso(first.dueAt, facts.zone)}`;
  return defer(facts, new Date(lastDue + YIELD_MS), why);
}

/** Defers to `earliest`, or to the window's next opening plus jitter when the window is closed then. */
function defer(facts: SendPolicyFacts, earliest: Date, why: string): SendPolicyDecision {
  const windowApplies = facts.messageClass === 'marketing' || facts.window.transactional;
  const opening = windowApplies ? nextSendTime(earliest, facts.zone, facts.window) : null;
  const jitter = jitterMs(facts.effectId, Duration.fromISO(facts.window.jitter).toMillis());
  const until = opening ? new Date(opening.getTime() + jitter) : earliest;
  const also = opening && earliest !== facts.now ? ', then quiet hours until the window opens' : '';
  return {
    action: 'defer',
    until,
    reason: `deferred to ${localIso(until, facts.zone)} (${facts.zone}): ${why}${also}`,
  };
}

function describeWindow({ window, windowSource }: SendPolicyFacts): string {
  const days =
    window.days.length === 7 ? 'every day' : WEEKDAYS.filter((d) => window.days.includes(d)).join(',');
  return `${windowSource} window ${window.start}-${window.end} ${days}`;
}
