import { z } from 'zod';
import { rows, type Queryable } from '../database/sql';

/**
 * Settings key `consent`. `emailMarketingDefault` / `adsDefault` decide for a contact with no recorded answer:
 * `granted` (default: existing customers of a small shop were mailed before Touchpoint) or `required` (no
 * marketing until consent is recorded). `doubleOptIn` makes an API or identify grant of email marketing
 * `pending` until the contact clicks the link in a confirmation email.
 */
export const ConsentSettingsSchema = z
  .strictObject({
    emailMarketingDefault: z.enum(['granted', 'required']).default('granted'),
    adsDefault: z.enum(['granted', 'required']).default('granted'),
    doubleOptIn: z.boolean().default(false),
  })
  .prefault({});

export type ConsentSettings = z.output<typeof ConsentSettingsSchema>;

/** Reads the consent settings through `db`, so a transaction uses its own connection. */
export async function readConsentSettings(db: Queryable, workspaceId: string): Promise<ConsentSettings> {
  const [row] = await rows<{ consent: unknown }>(
    db,
    `SELECT settings->'consent' AS consent FROM workspaces WHERE id = $1`,
    [workspaceId],
  );
  return ConsentSettingsSchema.parse(row?.consent ?? undefined);
}
