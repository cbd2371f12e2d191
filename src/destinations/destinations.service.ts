import { randomBytes } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { z } from 'zod';
import { v7 as uuidv7 } from 'uuid';
import { Clock } from '../common/clock';
import { DomainError, notFound } from '../common/domain-error';
import { jsonPath } from '../common/zod-errors';
import { rows, type Queryable } from '../database/sql';
import { DESTINATION_KEY } from '../journeys/definition/step.schema';
import { type DestinationInput, DestinationInputSchema, SECRET_FIELDS } from './destination-config.schema';
import type { DestinationType } from './destination.entity';

/** A destination as the senders need it: config and secrets together. Never serialised to a client. */
export interface Destination {
  id: string;
  workspaceId: string;
  key: string;
  type: DestinationType;
  config: Record<string, unknown>;
  secrets: Record<string, string>;
}

interface DestinationRow {
  id: string;
  workspace_id: string;
  key: string;
  type: DestinationType;
  config: Record<string, unknown>;
  secrets: Record<string, string>;
  created_at: Date;
  updated_at: Date;
}

/** The API view: config plus, per secret, whether it is set and its last 4 characters. */
export type DestinationView = Record<string, unknown> & { key: string; type: DestinationType };

const invalid = (message: string, details: { path: string; message: string }[]) =>
  new DomainError('destination_invalid', message, 400, details);

@Injectable()
export class DestinationsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly clock: Clock,
  ) {}

  /** Creates or replaces a destination; a secret left out keeps the stored one (a new webhook gets one made). */
  async put(workspaceId: string, key: string, body: unknown): Promise<DestinationView> {
    if (!DESTINATION_KEY.test(key))
      throw invalid('bad destination key', [
        { path: '$.key', message: 'must match ^[a-z0-9][a-z0-9-]*$ (lower-case, digits, dashes)' },
      ]);
    const parsed = DestinationInputSchema.safeParse(body ?? {});
    if (!parsed.success) throw invalid('the destination is invalid', details(parsed.error.issues));
    const input = parsed.data;
    return this.dataSource.transaction(async (manager) => {
      const [existing] = await rows<DestinationRow>(
        manager,
        `SELECT * FROM destinations WHERE workspace_id = $1 AND key = $2 FOR UPDATE`,
        [workspaceId, key],
      );
      const kept = existing?.type === input.type ? existing.secrets : {};
      const { config, secrets, generated } = splitSecrets(input, kept);
      const missing = SECRET_FIELDS[input.type].filter((field) => !secrets[field]);
      if (missing.length > 0)
        throw invalid(
          'the destination is missing a secret',
          missing.map((field) => ({
            path: `$.${field}`,
            message: 'required when creating this destination',
          })),
        );
      const now = this.clock.now();
      const [row] = await rows<DestinationRow>(
        manager,
        `INSERT INTO destinations (id, workspace_id, key, type, config, secrets, created_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $7)
         ON CONFLICT (workspace_id, key) DO UPDATE
           SET type = EXCLUDED.type, config = EXCLUDED.config, secrets = EXCLUDED.secrets, updated_at = EXCLUDED.updated_at
         RETURNING *`,
        [
          existing?.id ?? uuidv7(),
          workspaceId,
          key,
          input.type,
          JSON.stringify(config),
          JSON.stringify(secrets),
          now,
        ],
      );
      // A generated secret is shown once, here; GET never shows it.
      return { ...view(row), ...(generated ? { secret: generated } : {}) };
    });
  }

  async list(workspaceId: string): Promise<DestinationView[]> {
    const all = await rows<DestinationRow>(
      this.dataSource,
      `SELECT * FROM destinations WHERE workspace_id = $1 ORDER BY key`,
      [workspaceId],
    );
    return all.map(view);
  }

  async get(workspaceId: string, key: string): Promise<DestinationView> {
    const [row] = await rows<DestinationRow>(
      this.dataSource,
      `SELECT * FROM destinations WHERE workspace_id = $1 AND key = $2`,
      [workspaceId, key],
    );
    if (!row) throw notFound(`destination ${key}`);
    return view(row);
  }

  /** For senders; null when the workspace has no destination with that key. */
  static async find(db: Queryable, workspaceId: string, key: string): Promise<Destination | null> {
    const [row] = await rows<DestinationRow>(
      db,
      `SELECT * FROM destinations WHERE workspace_id = $1 AND key = $2`,
      [workspaceId, key],
    );
    return row ? toDestination(row) : null;
  }

  static async byId(db: Queryable, id: string): Promise<Destination | null> {
    const [row] = await rows<DestinationRow>(db, `SELECT * FROM destinations WHERE id = $1`, [id]);
    return row ? toDestination(row) : null;
  }
}

/** Zod issues with JSON paths; an unknown field is reported at its own path. */
function details(issues: z.core.$ZodIssue[]) {
  return issues.flatMap((issue) =>
    issue.code === 'unrecognized_keys'
      ? issue.keys.map((key) => ({ path: jsonPath([...issue.path, key]), message: 'unknown field' }))
      : [{ path: jsonPath(issue.path), message: issue.message }],
  );
}

function toDestination(row: DestinationRow): Destination {
  return {
    id: row.id,
    workspaceId: row.workspace_id,
    key: row.key,
    type: row.type,
    config: row.config,
    secrets: row.secrets,
  };
}

function splitSecrets(input: DestinationInput, kept: Record<string, string>) {
  const fields: readonly string[] = SECRET_FIELDS[input.type];
  const config: Record<string, unknown> = {};
  const secrets: Record<string, string> = {};
  for (const [field, value] of Object.entries(input)) {
    if (field === 'type' || value === undefined) continue;
    if (fields.includes(field)) secrets[field] = String(value);
    else config[field] = value;
  }
  for (const field of fields) secrets[field] ??= kept[field];
  let generated: string | null = null;
  if (input.type === 'webhook' && !secrets.secret) {
    generated = `whsec_${randomBytes(32).toString('base64')}`;
    secrets.secret = generated;
  }
  for (const field of fields) if (secrets[field] === undefined) delete secrets[field];
  return { config, secrets, generated };
}

function view(row: DestinationRow): DestinationView {
  const shown: Record<string, unknown> = {};
  for (const field of SECRET_FIELDS[row.type] as readonly string[]) {
    const value = row.secrets[field];
    shown[`${field}Set`] = Boolean(value);
    shown[`${field}Last4`] = value ? value.slice(-4) : null;
  }
  return {
    key: row.key,
    type: row.type,
    ...row.config,
    ...shown,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}
