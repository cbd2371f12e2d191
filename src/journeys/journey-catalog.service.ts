import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { Queryable } from '../database/sql';
import { validateJourneyDefinition } from './definition/validate-journey';
import type { JourneyDefinition } from './definition/journey-definition.schema';

export interface LiveJourney {
  id: string;
  key: string;
  status: 'published' | 'paused';
  versionId: string;
  version: number;
}

/**
 * Published versions are immutable, so their parsed definitions are cached by version id. Inside a transaction pass
 * its manager as `db`: a second pool connection per transaction starves the pool when every connection is held by
 * a transaction waiting for one more.
 */
@Injectable()
export class JourneyCatalog {
  private readonly definitions = new Map<string, JourneyDefinition>();

  constructor(private readonly dataSource: DataSource) {}

  async definition(versionId: string, db: Queryable = this.dataSource): Promise<JourneyDefinition> {
    const cached = this.definitions.get(versionId);
    if (cached) return cached;
    const rows = (await db.query(`SELECT definition FROM journey_versions WHERE id = $1`, [versionId])) as {
      definition: unknown;
    }[];
    if (!rows[0]) throw new Error(`journey version ${versionId} not found`);
    // JSONB read back is a boundary too: parse it like any input.
    const definition = validateJourneyDefinition(rows[0].definition);
    this.definitions.set(versionId, definition);
    return definition;
  }

  /** Journeys that have a published version: published ones take new entrants, paused ones only finish runs. */
  async live(workspaceId: string, db: Queryable = this.dataSource): Promise<LiveJourney[]> {
    const rows = (await db.query(
      `SELECT j.id, j.key, j.status, v.id AS version_id, v.version
           FROM journeys j JOIN journey_versions v ON v.id = j.published_version_id
          WHERE j.workspace_id = $1 AND j.status IN ('published', 'paused')
          ORDER BY j.key`,
      [workspaceId],
    )) as {
      id: string;
      key: string;
      status: LiveJourney['status'];
      version_id: string;
      version: number;
    }[];
    return rows.map((row) => ({
      id: row.id,
      key: row.key,
      status: row.status,
      versionId: row.version_id,
      version: row.version,
    }));
  }
}
