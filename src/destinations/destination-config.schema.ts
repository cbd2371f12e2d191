import { LiquidError } from 'liquidjs';
import { z } from 'zod';
import { liquidMessage, subjectLiquid } from '../channels/email/email-liquid';

export const META_DEFAULT_BASE_URL = 'https://graph.facebook.com/v21.0';
export const GOOGLE_DEFAULT_BASE_URL = 'https://googleads.googleapis.com/v21';

/** Standard Webhooks secrets: `whsec_` and base64 of 24 to 64 random bytes. */
const WHSEC = /^whsec_((?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?)$/;

export function webhookSecretProblem(secret: string): string | null {
  const match = WHSEC.exec(secret);
  if (!match || match[1].length === 0) return 'expected "whsec_" followed by base64';
  const bytes = Buffer.from(match[1], 'base64').length;
  return bytes < 24 || bytes > 64 ? `the secret decodes to ${bytes} bytes; use 24 to 64` : null;
}

const httpUrl = z.url({
  protocol: /^https?$/,
  hostname: z.regexes.hostname,
  error: 'expected an http(s) URL',
});
const token = z.string().trim().min(8, 'expected a token').max(4_096);
const digits = (what: string) =>
  z
    .string()
    .trim()
    .transform((value) => value.replace(/-/g, ''))
    .pipe(z.string().regex(/^\d{1,20}$/, `expected the ${what} (digits)`));
const ratePerMinute = z.number().int().min(1).max(100_000).optional();

const bodyTemplate = z
  .string()
  .max(50_000)
  .superRefine((source, ctx) => {
    try {
      subjectLiquid.parse(source);
    } catch (error) {
      if (!(error instanceof LiquidError)) throw error;
      const line = error.token?.getPosition()[0];
      ctx.addIssue({ code: 'custom', message: `${liquidMessage(error)}${line ? ` (line ${line})` : ''}` });
    }
  });

const consent = z.enum(['GRANTED', 'DENIED', 'UNSPECIFIED']);

/** The body of PUT /v1/destinations/{key}; secrets may be left out on update to keep the stored ones. */
export const DestinationInputSchema = z.discriminatedUnion(
  'type',
  [
    z.strictObject({
      type: z.literal('webhook'),
      url: httpUrl,
      bodyTemplate: bodyTemplate.nullable().optional(),
      secret: z
        .string()
        .superRefine((secret, ctx) => {
          const problem = webhookSecretProblem(secret);
          if (problem) ctx.addIssue({ code: 'custom', message: problem });
        })
        .optional(),
      ratePerMinute,
    }),
    z.strictObject({
      type: z.literal('meta-custom-audience'),
      audienceId: digits('custom audience id'),
      accessToken: token.optional(),
      baseUrl: httpUrl.default(META_DEFAULT_BASE_URL),
      ratePerMinute,
    }),
    z.strictObject({
      type: z.literal('google-customer-match'),
      customerId: digits('Google Ads customer id'),
      userListId: digits('user list id'),
      loginCustomerId: digits('manager customer id').nullable().optional(),
      developerToken: token.optional(),
      accessToken: token.optional(),
      baseUrl: httpUrl.default(GOOGLE_DEFAULT_BASE_URL),
      /** Sent with additions (required for EEA users); the business vouches for it by setting it. */
      consent: z
        .strictObject({ adUserData: consent, adPersonalization: consent })
        .default({ adUserData: 'GRANTED', adPersonalization: 'GRANTED' }),
      ratePerMinute,
    }),
  ],
  {
    error: (issue) =>
      issue.code === 'invalid_union'
        ? 'unknown destination type; expected webhook, meta-custom-audience or google-customer-match'
        : undefined,
  },
);
export type DestinationInput = z.output<typeof DestinationInputSchema>;

/** Which fields of each type are secrets, kept apart and never shown. */
export const SECRET_FIELDS = {
  webhook: ['secret'],
  'meta-custom-audience': ['accessToken'],
  'google-customer-match': ['developerToken', 'accessToken'],
} as const satisfies Record<DestinationInput['type'], readonly string[]>;

/** Requests per minute when a destination sets none: Meta and Google throttle per ad account. */
export const DEFAULT_RATE_PER_MINUTE: Record<DestinationInput['type'], number> = {
  webhook: 600,
  'meta-custom-audience': 60,
  'google-customer-match': 60,
};

export const isAudienceType = (type: string) =>
  type === 'meta-custom-audience' || type === 'google-customer-match';
