import type { ConsentChange, ConsentSource, ConsentStatus } from './consent.types';

export interface CurrentConsent {
  status: ConsentStatus;
  source: ConsentSource;
  changedAt: Date;
}

export type ConsentDecision = { status: ConsentStatus } | { ignored: string };

/** Sources whose email-marketing grants wait for the double opt-in link; imports assert consent given elsewhere. */
const NEEDS_CONFIRMATION: readonly ConsentSource[] = ['api', 'identify'];

/**
 * What a requested change does to the current answer. Only real changes are recorded; identify traits (which
 * shops resend with every call, often stale) never re-grant what the contact withdrew on the preference page,
 * and never override a newer answer.
 */
export function decideConsent(
  current: CurrentConsent | null,
  change: ConsentChange,
  doubleOptIn: boolean,
): ConsentDecision {
  if (current && change.source === 'identify' && change.at < current.changedAt)
    return { ignored: 'older than the current answer' };
  if (change.status === 'withdrawn')
    return current?.status === 'withdrawn' ? { ignored: 'already withdrawn' } : { status: 'withdrawn' };
  if (current?.status === 'granted') return { ignored: 'already granted' };
  if (change.source === 'identify' && current?.status === 'withdrawn' && current.source === 'preference-page')
    return { ignored: 'withdrawn by the contact on the preference page' };
  const confirm =
    doubleOptIn && change.purpose === 'email_marketing' && NEEDS_CONFIRMATION.includes(change.source);
  if (!confirm) return { status: 'granted' };
  return current?.status === 'pending'
    ? { ignored: 'already waiting for confirmation' }
    : { status: 'pending' };
}
