import type { AudienceIdentifiers, MembershipStatus } from './audience-membership.entity';

/** A buffered change as the flush reads it (ids in buffer order). */
export interface BufferedUpdate {
  id: string;
  contact_id: string;
  action: 'add' | 'remove';
  identifiers: AudienceIdentifiers;
  run_id: string | null;
  reason: string;
}

export interface Member {
  status: MembershipStatus;
  identifiers: AudienceIdentifiers;
}

export interface PlannedItem {
  contactId: string;
  identifiers: AudienceIdentifiers;
  runId: string | null;
  reason: string;
}

/** One call to the platform; the id is deterministic in the buffered rows, so a retried flush makes the same one. */
export interface PlannedBatch {
  id: string;
  action: 'add' | 'remove';
  items: PlannedItem[];
}

const sameIdentifiers = (a: AudienceIdentifiers, b: AudienceIdentifiers) =>
  a.email === b.email && a.phone === b.phone;

/**
 * What to send for a window of buffered changes: the last change per contact counts; an add of a contact already
 * (being) added with the same hashes and a removal of a contact not in the audience send nothing. A removal uses the
 * hashes the membership was added with.
 */
export function planBatch(
  updates: BufferedUpdate[],
  members: Map<string, Member>,
  limit: number,
): PlannedBatch[] {
  const last = new Map<string, BufferedUpdate>();
  for (const update of updates) {
    last.delete(update.contact_id);
    last.set(update.contact_id, update);
  }
  const adds: PlannedItem[] = [];
  const removes: PlannedItem[] = [];
  for (const update of last.values()) {
    const member = members.get(update.contact_id);
    const item = { contactId: update.contact_id, runId: update.run_id, reason: update.reason };
    if (update.action === 'add') {
      const inAudience = member && (member.status === 'added' || member.status === 'adding');
      if (!inAudience || !sameIdentifiers(member.identifiers, update.identifiers))
        adds.push({ ...item, identifiers: update.identifiers });
    } else if (member && member.status !== 'removed' && member.status !== 'removing') {
      removes.push({ ...item, identifiers: member.identifiers });
    }
  }
  const first = updates[0]?.id ?? '0';
  return [...chunk(adds, limit, 'add', first), ...chunk(removes, limit, 'remove', first)];
}

function chunk(items: PlannedItem[], limit: number, action: 'add' | 'remove', first: string): PlannedBatch[] {
  const batches: PlannedBatch[] = [];
  for (let i = 0; i < items.length; i += limit)
    batches.push({ id: `aud.${first}.${action}.${i / limit + 1}`, action, items: items.slice(i, i + limit) });
  return batches;
}
