import { notFound } from '../common/domain-error';
import { rows, type Queryable } from '../database/sql';
import { validateJourneyDefinition } from '../journeys/definition/validate-journey';
import type { JourneyDefinition } from '../journeys/definition/journey-definition.schema';
import { STAGE_FLOW } from '../journeys/runs/run.entity';
import type { JourneySummary } from './insight.types';

export interface InsightJourney {
  id: string;
  summary: JourneySummary;
  /** The published version's definition, or the draft's while nothing is published. */
  definition: JourneyDefinition;
}

interface JourneyRow {
  id: string;
  key: string;
  name: string;
  status: string;
  version: number | null;
  definition: unknown;
  customers: number;
}

const select = (withCustomers: boolean) => `
  SELECT j.id, j.key, j.name, j.status, v.version, coalesce(v.definition, j.draft_definition) AS definition,
         ${withCustomers ? `(SELECT count(*)::int FROM runs r WHERE r.journey_id = j.id AND r.flow = '${STAGE_FLOW}')` : '0'} AS customers
    FROM journeys j LEFT JOIN journey_versions v ON v.id = j.published_version_id
   WHERE j.workspace_id = $1`;

function toJourney(row: JourneyRow): InsightJourney {
  return {
    id: row.id,
    summary: {
      key: row.key,
      name: row.name,
      status: row.status,
      version: row.version,
      customers: row.customers,
    },
    definition: validateJourneyDefinition(row.definition),
  };
}

export async function listInsightJourneys(db: Queryable, workspaceId: string): Promise<InsightJourney[]> {
  return (await rows<JourneyRow>(db, `${select(true)} ORDER BY j.key`, [workspaceId])).map(toJourney);
}

/**
 * The journey with this key in the workspace; a 404 `not_found` otherwise. `customers` is only counted when asked:
 * the map counts them per stage anyway.
 */
export async function findInsightJourney(
  db: Queryable,
  workspaceId: string,
  key: string,
  withCustomers = true,
): Promise<InsightJourney> {
  const [row] = await rows<JourneyRow>(db, `${select(withCustomers)} AND j.key = $2`, [workspaceId, key]);
  if (!row) throw notFound(`journey ${key}`);
  return toJourney(row);
}
