// Consent from identify traits. Accepted shapes (either, per purpose; the `consent` object wins when both are set):
//   { "consent": { "email_marketing": true, "ads": false } }           (Segment-style consent object)
//   { "email_marketing_consent": "granted", "ads_consent": "withdrawn" } (flat traits)
// Values: true / "granted" grant, false / "withdrawn" withdraw; anything else (and unknown purposes) is ignored,
// so a message is never rejected for its consent traits.
import { CONSENT_PURPOSES, type ConsentChange } from './consent.types';

function statusOf(value: unknown): 'granted' | 'withdrawn' | null {
  if (value === true || value === 'granted') return 'granted';
  if (value === false || value === 'withdrawn') return 'withdrawn';
  return null;
}

/** The consent changes an identify's traits ask for, stamped with the identify's time. */
export function consentFromTraits(traits: Record<string, unknown>, at: Date): ConsentChange[] {
  const object =
    traits.consent && typeof traits.consent === 'object' && !Array.isArray(traits.consent)
      ? (traits.consent as Record<string, unknown>)
      : {};
  const changes: ConsentChange[] = [];
  for (const purpose of CONSENT_PURPOSES) {
    const nested = statusOf(object[purpose]);
    const flat = statusOf(traits[`${purpose}_consent`]);
    const status = nested ?? flat;
    if (!status) continue;
    const method = nested ? `traits.consent.${purpose}` : `traits.${purpose}_consent`;
    changes.push({ purpose, status, source: 'identify', method, at });
  }
  return changes;
}
