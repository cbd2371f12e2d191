import { z } from 'zod';

export const ROLES = ['api', 'worker', 'all'] as const;
export type Role = (typeof ROLES)[number];

const positiveNumber = (fallback: number) => z.coerce.number().positive().default(fallback);
const optionalText = z
  .string()
  .trim()
  .optional()
  .transform((value) => (value ? value : undefined));

/** Every environment variable Touchpoint reads, parsed once at boot. */
const schema = z.object({
  ROLE: z.enum(ROLES).default('all'),
  HOST: z.string().default('0.0.0.0'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  PUBLIC_URL: optionalText.pipe(z.url().optional()),
  DATABASE_URL: optionalText.pipe(z.url().optional()),
  DATA_DIR: z.string().default('.data'),
  DB_POOL_SIZE: z.coerce.number().int().min(1).default(10),
  REDIS_URL: z.url().default('redis://127.0.0.1:6379'),
  QUEUE_PREFIX: z
    .string()
    .regex(/^[a-zA-Z0-9:_-]+$/)
    .default('tp'),
  SMTP_URL: optionalText.pipe(z.url().optional()),
  MAIL_FROM: z.string().default('Touchpoint <hello@touchpoint.local>'),
  MESSAGE_ID_DOMAIN: z.string().default('touchpoint.local'),
  API_KEYS: optionalText.transform((value) =>
    value
      ? value
          .split(',')
          .map((key) => key.trim())
          .filter(Boolean)
      : [],
  ),
  SECRET_KEY: optionalText.pipe(z.string().min(32, 'must be at least 32 characters').optional()),
  TIME_SCALE: positiveNumber(1),
  WORKER_CONCURRENCY: z.coerce.number().int().min(1).default(16),
  RECONCILE_INTERVAL_MS: z.coerce.number().int().min(100).default(15_000),
  JOB_LOCK_MS: z.coerce.number().int().min(1000).default(30_000),
  /** Webhooks and audience uploads: calls per delivery before it is dead-lettered, and the backoff between them. */
  DELIVERY_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(100).default(25),
  DELIVERY_BACKOFF_BASE_MS: z.coerce.number().int().min(1).default(60_000),
  DELIVERY_BACKOFF_CAP_MS: z.coerce
    .number()
    .int()
    .min(1)
    .default(6 * 60 * 60 * 1000),
  DELIVERY_CONNECT_TIMEOUT_MS: z.coerce.number().int().min(100).default(5_000),
  DELIVERY_RESPONSE_TIMEOUT_MS: z.coerce.number().int().min(100).default(30_000),
  /** Audience changes are buffered this long and sent as one batch per destination. */
  AUDIENCE_BATCH_WINDOW_MS: z.coerce.number().int().min(10).default(5_000),
  MIGRATIONS_RUN: z.enum(['auto', 'skip']).default('auto'),
  LOG_LEVEL: z.enum(['error', 'warn', 'log', 'debug']).default('log'),
});

export type AppConfig = z.infer<typeof schema> & { databaseUrlIsEmbedded: boolean };

export class ConfigError extends Error {
  constructor(readonly issues: string[]) {
    super(`Invalid configuration:\n  ${issues.join('\n  ')}`);
  }
}

/** Parses the environment; throws ConfigError naming each bad variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`));
  }
  return { ...parsed.data, databaseUrlIsEmbedded: !parsed.data.DATABASE_URL };
}

export const APP_CONFIG = Symbol('APP_CONFIG');
