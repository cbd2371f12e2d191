import { z } from 'zod';
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
