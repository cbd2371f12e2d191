// The consent vocabulary: what a contact can agree to, where the answer came from, and what it is now.

export const CONSENT_PURPOSES = ['email_marketing', 'ads'] as const;
export type ConsentPurpose = (typeof CONSENT_PURPOSES)[number];

/** `pending`: granted but not yet confirmed by the double opt-in link. */
export const CONSENT_STATUSES = ['granted', 'withdrawn', 'pending'] as const;
export type ConsentStatus = (typeof CONSENT_STATUSES)[number];

export const CONSENT_SOURCES = ['api', 'identify', 'preference-page', 'double-opt-in', 'import'] as const;
export type ConsentSource = (typeof CONSENT_SOURCES)[number];

/** One change asked for: a purpose set to granted or withdrawn, by a source, at a time. */
export interface ConsentChange {
  purpose: ConsentPurpose;
  status: 'granted' | 'withdrawn';
  source: ConsentSource;
  method: string | null;
  at: Date;
}

export const isConsentPurpose = (value: string): value is ConsentPurpose =>
  (CONSENT_PURPOSES as readonly string[]).includes(value);
