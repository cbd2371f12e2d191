import type { EntityManager } from 'typeorm';
import { isoDurationToMs } from '../definition/iso-duration.util';
import { reentryOf, type FlowDefinition } from '../definition/journey-definition.schema';

export interface EntryCandidate {
  journeyId: string;
  flowKey: string;
  contactId: string;
  key: string | null;
}

/**
 * Whether a contact may enter a flow now, by its re-entry rule. Callers hold the contact lock, so the check and the
 * insert that follows cannot interleave with another event of the same contact.
 */
export async function entryAllowed(
  manager: EntityManager,
  flow: FlowDefinition,
  candidate: EntryCandidate,
  now: Date,
  timeScale: number,
): Promise<{ allowed: boolean; reason: string }> {
  const rule = reentryOf(flow);
  const params = [candidate.journeyId, candidate.flowKey, candidate.contactId];
  const sameKey = `entry_key IS NOT DISTINCT FROM $4`;
  const exists = async (where: string, extra: unknown[] = []) =>
    (
      (await manager.query(
        `SELECT 1 FROM runs WHERE journey_id = $1 AND flow = $2 AND contact_id = $3 AND ${where} LIMIT 1`,
        [...params, ...extra],
      )) as unknown[]
    ).length > 0;

  if (rule === 'once') {
    return (await exists('true'))
      ? { allowed: false, reason: 'entered this flow before (once)' }
      : { allowed: true, reason: '' };
  }
  if (rule === 'oncePerKey') {
    return (await exists(sameKey, [candidate.key]))
      ? { allowed: false, reason: `entered this flow for ${candidate.key ?? 'no key'} before (once per key)` }
      : { allowed: true, reason: '' };
  }
  if (rule === 'everyTime') return { allowed: true, reason: '' };
  if (await exists(`${sameKey} AND status = 'active'`, [candidate.key])) {
    return { allowed: false, reason: 'already in this flow for the same key' };
  }
  const since = new Date(now.getTime() - isoDurationToMs(rule.cooldown) / timeScale);
  return (await exists(`${sameKey} AND started_at > $5`, [candidate.key, since]))
    ? { allowed: false, reason: `entered within the cooldown of ${rule.cooldown}` }
    : { allowed: true, reason: '' };
}
