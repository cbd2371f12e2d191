import { readConsentSettings } from '../../contacts/consent-settings.schema';
import { currentConsents } from '../../contacts/consent.store';
import { findSuppression } from '../../contacts/suppression.store';
import type { Queryable } from '../../database/sql';

/**
 * Null when the contact may be added to an ad audience, else the reason to record: an unsubscribe or complaint
 * (opting out of marketing covers ads too), or no `ads` consent when the workspace requires it.
 */
export async function adBlockReason(
  db: Queryable,
  workspaceId: string,
  contact: { id: string; email: string | null },
): Promise<string | null> {
  const suppressed = contact.email ? await findSuppression(db, workspaceId, contact.email) : null;
  if (suppressed && suppressed.reason !== 'bounce')
    return `the contact opted out: ${suppressed.reason} at ${suppressed.created_at.toISOString()}`;
  const consent = (await currentConsents(db, contact.id)).get('ads');
  if (consent?.status === 'granted') return null;
  if (consent) return `no ads consent: ${consent.status} at ${consent.changed_at.toISOString()}`;
  const { adsDefault } = await readConsentSettings(db, workspaceId);
  return adsDefault === 'granted' ? null : 'no ads consent on record (consent.adsDefault is required)';
}
