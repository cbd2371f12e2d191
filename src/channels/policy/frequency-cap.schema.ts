import { Duration } from 'luxon';
import { z } from 'zod';

const PeriodSchema = z.string().superRefine((iso, ctx) => {
  const duration = Duration.fromISO(iso);
  if (!duration.isValid)
    return ctx.addIssue({
      code: 'custom',
      message: `"${iso}" is not an ISO 8601 duration (e.g. PT16H, P7D)`,
    });
  const parts = duration.toObject();
  if (parts.months || parts.years)
    return ctx.addIssue({ code: 'custom', message: `"${iso}" uses months or years; use days or weeks` });
  if (!(duration.toMillis() > 0))
    ctx.addIssue({ code: 'custom', message: `"${iso}" must be longer than zero` });
});

/** At most `max` marketing sends per `per`; over it a send waits for the cap to free up (defer) or is dropped (skip). */
export const ChannelCapSchema = z.strictObject({
  max: z.number().int().min(1).max(1000),
  per: PeriodSchema,
  mode: z.enum(['defer', 'skip']).default('defer'),
});

/** Settings key `frequencyCap`: one cap per channel across all journeys, marketing messages only; null = none. */
export const FrequencyCapSettingsSchema = z
  .strictObject({
    email: ChannelCapSchema.nullable().default(null),
  })
  .prefault({});

export type ChannelCap = z.output<typeof ChannelCapSchema>;
export type FrequencyCapSettings = z.output<typeof FrequencyCapSettingsSchema>;
