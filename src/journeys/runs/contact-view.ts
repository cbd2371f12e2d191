import type { EntityManager } from 'typeorm';
import type { ContactView, JourneyEvent } from '../engine/engine.types';

export interface EventRow {
  id: string;
  workspace_id: string;
  contact_id: string;
  name: string | null;
  type: string;
  properties: Record<string, unknown>;
  timestamp: Date;
  routed_at: Date | null;
}

export async function loadContactView(manager: EntityManager, contactId: string): Promise<ContactView> {
  const [row] = (await manager.query(`SELECT id, email, traits FROM contacts WHERE id = $1`, [
    contactId,
  ])) as {
    id: string;
    email: string | null;
    traits: Record<string, unknown>;
  }[];
  if (!row) throw new Error(`contact ${contactId} not found`);
  return { id: row.id, traits: { ...row.traits, ...(row.email ? { email: row.email } : {}) } };
}

export function toJourneyEvent(row: EventRow): JourneyEvent {
  return {
    id: row.id,
    name: row.name ?? '',
    timestamp: row.timestamp.toISOString(),
    properties: row.properties,
  };
}
