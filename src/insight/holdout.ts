import { createHash } from 'node:crypto';

/** Why a holdout contact's marketing email or retargeting-audience addition is skipped. */
export const HOLDOUT_REASON = 'holdout group: no marketing messages';

/**
 * Whether a contact is in a journey's holdout group. Deterministic per (journey, contact), so every run of the
 * contact in the journey lands in the same group, and the split can be recomputed from ids alone.
 */
export function inHoldout(journeyId: string, contactId: string, percent: number): boolean {
  if (percent <= 0) return false;
  const digest = createHash('sha256').update(`${journeyId}/${contactId}`).digest();
  // 0..9999: two decimals of a percent.
  return digest.readUInt32BE(0) % 10_000 < Math.round(percent * 100);
}
