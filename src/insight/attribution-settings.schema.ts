import { z } from 'zod';
import { rows, type Queryable } from '../database/sql';
import { IsoDurationSchema } from '../journeys/definition/step.schema';

/**
 * Settings key `attribution`: an order counts for a journey message when the customer opened or clicked it within
 * `window` (ISO 8601) before ordering; the last such touch wins. Also the window in which an order converts a run.
 */
export const AttributionSettingsSchema = z
  .strictObject({
    window: IsoDurationSchema.default('P5D'),
  })
  .prefault({});

export type AttributionSettings = z.output<typeof AttributionSettingsSchema>;

export async function readAttributionSettings(
  db: Queryable,
  workspaceId: string,
): Promise<AttributionSettings> {
  const [row] = await rows<{ attribution: unknown }>(
    db,
    `SELECT settings->'attribution' AS attribution FROM workspaces WHERE id = $1`,
    [workspaceId],
  );
  return AttributionSettingsSchema.parse(row?.attribution ?? undefined);
}
