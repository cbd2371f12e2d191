import { createHash } from 'node:crypto';
import type { AudienceIdentifiers } from './audience-membership.entity';

// Meta and Google match on SHA-256 (hex) of normalised identifiers; a different normalisation never matches.

export const sha256Hex = (value: string) => createHash('sha256').update(value, 'utf8').digest('hex');

/** Trimmed and lower-cased; null when it is not an address. */
export function normaliseEmail(email: unknown): string | null {
  if (typeof email !== 'string') return null;
  const value = email.trim().toLowerCase();
  return /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(value) ? value : null;
}

/**
 * E.164 digits without the plus: `+31 6-1234 5678` and `0031612345678` become `31612345678`. A national number
 * (one leading 0) has no country code to add, so it is not used rather than matched wrongly.
 */
export function normalisePhone(phone: unknown): string | null {
  if (typeof phone !== 'string' && typeof phone !== 'number') return null;
  const raw = String(phone).trim();
  let digits = raw.replace(/\D/g, '');
  if (raw.startsWith('00')) digits = digits.slice(2);
  else if (!raw.startsWith('+') && digits.startsWith('0')) return null;
  return /^[1-9]\d{6,14}$/.test(digits) ? digits : null;
}

/** The contact fields identifiers come from. */
export interface ContactIdentity {
  email: string | null;
  phone: unknown;
}

/** Hashes as one platform wants them: Meta hashes bare digits, Google the E.164 form with its plus. */
export function hashIdentifiers(
  contact: ContactIdentity,
  phoneStyle: 'digits' | 'plus',
): AudienceIdentifiers {
  const email = normaliseEmail(contact.email);
  const phone = normalisePhone(contact.phone);
  return {
    ...(email ? { email: sha256Hex(email) } : {}),
    ...(phone ? { phone: sha256Hex(phoneStyle === 'plus' ? `+${phone}` : phone) } : {}),
  };
}
