import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { v7 as uuidv7 } from 'uuid';
import type { NormalizedMessage } from './normalize-message';

export interface StoredResult {
  messageId: string;
  /** The stored event's id; for a duplicate, the id of the event stored first. */
  eventId: string;
  duplicate: boolean;
  /** Whether it needs routing to journeys. */
  routable: boolean;
}

/** Runs inside the store's transaction with the messages it inserted (not the duplicates) and their contacts. */
export type OnStored = (
  manager: EntityManager,
  stored: { message: NormalizedMessage; contactId: string }[],
) => Promise<void>;

const normalizeEmail = (value: unknown) =>
  typeof value === 'string' && value.includes('@') ? value.trim().toLowerCase() : null;

/** Writes contacts and events for one request in one transaction; a repeated messageId changes nothing. */
@Injectable()
export class EventStore {
  constructor(private readonly dataSource: DataSource) {}

  async store(
    workspaceId: string,
    messages: NormalizedMessage[],
    receivedAt: Date,
    onStored?: OnStored,
  ): Promise<StoredResult[]> {
    return this.dataSource.transaction(async (manager) => {
      const ids = messages.map((m) => m.messageId);
      const existing = new Map<string, string>(
        (
          await manager.query(
            `SELECT message_id, id FROM events WHERE workspace_id = $1 AND message_id = ANY($2)`,
            [workspaceId, ids],
          )
        ).map((row: { message_id: string; id: string }) => [row.message_id, row.id]),
      );
      const fresh: NormalizedMessage[] = [];
      for (const message of messages) {
        if (existing.has(message.messageId)) continue;
        existing.set(message.messageId, message.id);
        fresh.push(message);
      }
      const contactIds = await this.upsertContacts(manager, workspaceId, fresh);
      const inserted = new Set<string>();
      if (fresh.length > 0) {
        const rows: { message_id: string }[] = await manager.query(
          // Only track events are routed to journeys; the rest are done with routing as they arrive, or the
          // reconciler would take them for lost route jobs.
          `INSERT INTO events (id, workspace_id, contact_id, message_id, type, name, properties, context, timestamp, received_at, routed_at)
           SELECT id, $1, contact_id, message_id, type, name, properties, context, ts, $2,
                  CASE WHEN type = 'track' THEN NULL ELSE $2::timestamptz END
           FROM unnest($3::uuid[], $4::uuid[], $5::text[], $6::text[], $7::text[], $8::jsonb[], $9::jsonb[], $10::timestamptz[])
             AS t(id, contact_id, message_id, type, name, properties, context, ts)
           ON CONFLICT (workspace_id, message_id) DO NOTHING
           RETURNING message_id`,
          [
            workspaceId,
            receivedAt,
            fresh.map((m) => m.id),
            fresh.map((m) => contactIds.get(m.externalId)),
            fresh.map((m) => m.messageId),
            fresh.map((m) => m.type),
            fresh.map((m) => m.name),
            fresh.map((m) => JSON.stringify(m.properties)),
            fresh.map((m) => JSON.stringify(m.context)),
            fresh.map((m) => m.timestamp),
          ],
        );
        rows.forEach((row) => inserted.add(row.message_id));
      }
      if (onStored) {
        const stored = fresh.filter((m) => inserted.has(m.messageId));
        await onStored(
          manager,
          stored.map((message) => ({ message, contactId: contactIds.get(message.externalId)! })),
        );
      }
      const freshIds = new Map(fresh.map((m) => [m.messageId, m]));
      return messages.map((message) => {
        const mine = freshIds.get(message.messageId);
        const isNew = mine === message && inserted.has(message.messageId);
        return {
          messageId: message.messageId,
          eventId: existing.get(message.messageId) ?? message.id,
          duplicate: !isNew,
          routable: isNew && message.type === 'track',
        };
      });
    });
  }

  /** Creates missing contacts and merges identify traits, in a stable order so concurrent requests cannot deadlock. */
  private async upsertContacts(
    manager: DataSource['manager'],
    workspaceId: string,
    messages: NormalizedMessage[],
  ): Promise<Map<string, string>> {
    const byContact = new Map<string, { traits: Record<string, unknown>; email: string | null }>();
    for (const message of messages) {
      const entry = byContact.get(message.externalId) ?? { traits: {}, email: null };
      if (message.type === 'identify') {
        Object.assign(entry.traits, message.traits);
        entry.email = normalizeEmail(message.traits.email) ?? entry.email;
      }
      byContact.set(message.externalId, entry);
    }
    const keys = [...byContact.keys()].sort();
    if (keys.length === 0) return new Map();
    await manager.query(
      `INSERT INTO contacts (id, workspace_id, external_id, email, traits, created_at, updated_at)
       SELECT id, $1, external_id, email, traits, now(), now()
       FROM unnest($2::uuid[], $3::text[], $4::text[], $5::jsonb[]) AS t(id, external_id, email, traits)
       ON CONFLICT (workspace_id, external_id) DO UPDATE
         SET traits = contacts.traits || EXCLUDED.traits, email = COALESCE(EXCLUDED.email, contacts.email), updated_at = now()
         WHERE EXCLUDED.traits <> '{}'::jsonb`,
      [
        workspaceId,
        keys.map(() => uuidv7()),
        keys,
        keys.map((key) => byContact.get(key)?.email ?? null),
        keys.map((key) => JSON.stringify(byContact.get(key)?.traits ?? {})),
      ],
    );
    const rows: { id: string; external_id: string }[] = await manager.query(
      `SELECT id, external_id FROM contacts WHERE workspace_id = $1 AND external_id = ANY($2)`,
      [workspaceId, keys],
    );
    return new Map(rows.map((row) => [row.external_id, row.id]));
  }
}
