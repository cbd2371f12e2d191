import { reasonCategorySql } from './skip-reasons';

const hour = (column: string) => `date_trunc('hour', ${column}, 'UTC')`;

/**
 * Folds up to $1 rows of `step_counts` (appended by the effects, events and conversions triggers) into
 * `step_hourly`, deleting them in the same statement, like the stage moves' fold: SKIP LOCKED gives concurrent
 * folds different rows, and the upsert goes in key order so they wait for each other rather than deadlock. Skip
 * reasons get their category here, so categories can change without touching what is stored.
 */
export const STEP_ROLLUP_SQL = `
WITH counted AS (
  DELETE FROM step_counts WHERE id IN (SELECT id FROM step_counts ORDER BY id LIMIT $1 FOR UPDATE SKIP LOCKED)
  RETURNING workspace_id, journey_id, flow, step_id, metric, at, reason, n
), hourly AS (
  INSERT INTO step_hourly (journey_id, hour, flow, step_id, metric, workspace_id, n)
  SELECT journey_id, ${hour('at')}, coalesce(flow, ''), step_id,
         CASE WHEN metric = 'skipped' THEN 'skipped:' || ${reasonCategorySql('reason')} ELSE metric END,
         min(workspace_id::text)::uuid, sum(n)::int
    FROM counted GROUP BY 1, 2, 3, 4, 5 ORDER BY 1, 2, 3, 4, 5
  ON CONFLICT (journey_id, hour, flow, step_id, metric) DO UPDATE SET n = step_hourly.n + excluded.n
)
SELECT count(*)::int AS folded FROM counted`;
