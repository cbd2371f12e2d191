// Whether an email may go to a contact now, as far as suppression and consent go; used by the send checks.
import type { Queryable } from '../database/sql';
import { readConsentSettings } from './consent-settings.schema';
import { currentConsents } from './consent.store';
import { findSuppression } from './suppression.store';

export interface EmailPermissionInput {
  workspaceId: string;
  contactId: string;
  email: string;
  messageClass: 'marketing' | 'transactional';
}

/**
 * Null when allowed, else the reason to record. A hard bounce blocks every email (the mailbox does not exist);
 * other suppressions, and missing email_marketing consent, block marketing only.
 */
export async function emailBlockReason(db: Queryable, input: EmailPermissionInput): Promise<string | null> {
  const suppressed = await findSuppression(db, input.workspaceId, input.email);
  if (suppressed && (input.messageClass === 'marketing' || suppressed.reason === 'bounce'))
    return `email suppressed: ${suppressed.reason} at ${suppressed.created_at.toISOString()}`;
  if (input.messageClass === 'transactional') return null;
  const consent = (await currentConsents(db, input.contactId)).get('email_marketing');
  if (consent?.status === 'granted') return null;
  if (consent?.status === 'pending')
    return `no email_marketing consent: pending double opt-in since ${consent.changed_at.toISOString()}`;
  if (consent?.status === 'withdrawn')
    return `no email_marketing consent: withdrawn (${consent.source}) at ${consent.changed_at.toISOString()}`;
  const { emailMarketingDefault } = await readConsentSettings(db, input.workspaceId);
  return emailMarketingDefault === 'granted'
    ? null
    : 'no email_marketing consent on record (consent.emailMarketingDefault is required)';
}
