// SQL for consent state and history; every function runs on the `db` it is given (a transaction's manager).
import { v7 as uuidv7 } from 'uuid';
import { rows, type Queryable } from '../database/sql';
import type { CurrentConsent } from './consent-decision';
import type { ConsentChange, ConsentPurpose, ConsentSource, ConsentStatus } from './consent.types';

export interface ConsentRow {
  purpose: ConsentPurpose;
  status: ConsentStatus;
  source: ConsentSource;
  method: string | null;
  changed_at: Date;
}

export interface ConsentHistoryRow {
  purpose: ConsentPurpose;
  status: ConsentStatus;
  source: ConsentSource;
  method: string | null;
  at: Date;
  recorded_at: Date;
}

export async function currentConsents(
  db: Queryable,
  contactId: string,
): Promise<Map<ConsentPurpose, ConsentRow>> {
  const found = await rows<ConsentRow>(
    db,
    `SELECT purpose, status, source, method, changed_at FROM contact_consents WHERE contact_id = $1`,
    [contactId],
  );
  return new Map(found.map((row) => [row.purpose, row]));
}

export const asCurrent = (row: ConsentRow | undefined): CurrentConsent | null =>
  row ? { status: row.status, source: row.source, changedAt: row.changed_at } : null;

/** Appends the change to the history and makes it the current answer; returns the history row's id. */
export async function recordConsent(
  db: Queryable,
  input: { workspaceId: string; contactId: string; change: ConsentChange; status: ConsentStatus; now: Date },
): Promise<string> {
  const id = uuidv7();
  const { change } = input;
  await db.query(
    `INSERT INTO consent_changes (id, workspace_id, contact_id, purpose, status, source, method, at, recorded_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
    [
      id,
      input.workspaceId,
      input.contactId,
      change.purpose,
      input.status,
      change.source,
      change.method,
      change.at,
      input.now,
    ],
  );
  await db.query(
    `INSERT INTO contact_consents (contact_id, purpose, workspace_id, status, source, method, changed_at, change_id)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
     ON CONFLICT (contact_id, purpose) DO UPDATE SET status = EXCLUDED.status, source = EXCLUDED.source,
       method = EXCLUDED.method, changed_at = EXCLUDED.changed_at, change_id = EXCLUDED.change_id`,
    [
      input.contactId,
      change.purpose,
      input.workspaceId,
      input.status,
      change.source,
      change.method,
      change.at,
      id,
    ],
  );
  return id;
}

export function consentHistory(db: Queryable, contactId: string): Promise<ConsentHistoryRow[]> {
  return rows<ConsentHistoryRow>(
    db,
    `SELECT purpose, status, source, method, at, recorded_at FROM consent_changes WHERE contact_id = $1
      ORDER BY recorded_at, id`,
    [contactId],
  );
}
