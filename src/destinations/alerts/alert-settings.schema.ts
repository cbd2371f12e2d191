import { z } from 'zod';
import { EMAIL_LOCALES } from '../../channels/email/email-template.types';
import { rows, type Queryable } from '../../database/sql';

/**
 * Settings key `alerts`: where alert steps without their own `email` go (null: such alerts are skipped with the
 * reason), and the language of the team-alert email.
 */
export const AlertSettingsSchema = z
  .strictObject({
    email: z.email('expected an email address').nullable().default(null),
    locale: z.enum(EMAIL_LOCALES).default('en'),
  })
  .prefault({});

export type AlertSettings = z.output<typeof AlertSettingsSchema>;

/** Reads the alert settings through `db`, so a transaction uses its own connection. */
export async function readAlertSettings(db: Queryable, workspaceId: string): Promise<AlertSettings> {
  const [row] = await rows<{ alerts: unknown }>(
    db,
    `SELECT settings->'alerts' AS alerts FROM workspaces WHERE id = $1`,
    [workspaceId],
  );
  return AlertSettingsSchema.parse(row?.alerts ?? undefined);
}
