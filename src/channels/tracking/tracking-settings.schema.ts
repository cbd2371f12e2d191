import { z } from 'zod';

/** Settings key `tracking`: the open pixel and click redirects in marketing email, each on unless switched off. */
export const TrackingSettingsSchema = z
  .strictObject({
    opens: z.boolean().default(true),
    clicks: z.boolean().default(true),
  })
  .prefault({});

export type TrackingSettings = z.output<typeof TrackingSettingsSchema>;
