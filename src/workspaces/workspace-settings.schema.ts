import { z } from 'zod';
import { FrequencyCapSettingsSchema } from '../channels/policy/frequency-cap.schema';
import { WorkspaceSendWindowSchema } from '../channels/policy/send-window.schema';
import { DkimSettingsSchema } from '../channels/tracking/dkim-settings.schema';
import { TrackingSettingsSchema } from '../channels/tracking/tracking-settings.schema';
import { ConsentSettingsSchema } from '../contacts/consent-settings.schema';
import { AlertSettingsSchema } from '../destinations/alerts/alert-settings.schema';
import { AttributionSettingsSchema } from '../insight/attribution-settings.schema';

/**
 * A workspace's settings, stored as one JSONB document and validated on every write and read. Each area owns one
 * key; every field has a default, so `{}` is a complete, valid document.
 */
export const WorkspaceSettingsSchema = z.strictObject({
  /** Shown in emails and pages. */
  name: z.string().trim().min(1).max(200).default('Default'),
  /** IANA zone used for a contact without a `timezone` trait. */
  timezone: z
    .string()
    .refine(
      (zone) => Intl.supportedValuesOf('timeZone').includes(zone) || zone === 'UTC',
      'must be an IANA time zone',
    )
    .default('UTC'),
  /** Consent defaults and double opt-in (see consent-settings.schema.ts). */
  consent: ConsentSettingsSchema,
  /** Where alert steps without their own address email the team, and in which language. */
  alerts: AlertSettingsSchema,
  /** Open pixel and click tracking in marketing email. */
  tracking: TrackingSettingsSchema,
  /** DKIM signing key (write-only: GET shows `privateKeySet`); null signs nothing. */
  dkim: DkimSettingsSchema,
  /** Quiet hours in the recipient's zone (journeys may set their own); off by default. */
  sendWindow: WorkspaceSendWindowSchema,
  /** Marketing sends per channel across journeys; none by default. */
  frequencyCap: FrequencyCapSettingsSchema,
  /** How long after opening or clicking a journey email an order still counts for it (last touch); P5D. */
  attribution: AttributionSettingsSchema,
});

export type WorkspaceSettings = z.output<typeof WorkspaceSettingsSchema>;
export type WorkspaceSettingsInput = z.input<typeof WorkspaceSettingsSchema>;
