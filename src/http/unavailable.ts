// Errors that mean "a backing service is down or restarting", not "this request is wrong" or "a bug": the API
// answers them with 503 and Retry-After, which Segment-style clients retry, instead of a 500.

/** Seconds a client is asked to wait after a 503 (a restarting database is usually back within this). */
export const RETRY_AFTER_SECONDS = 5;

/** Node socket errors; PostgreSQL's connection exceptions (08xxx), shutdowns (57P0x) and statement timeout. */
const CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  // A statement cut off by statement_timeout: the database is overloaded, not the request wrong.
  '57014',
  '57P01',
  '57P02',
  '57P03',
  '08000',
  '08001',
  '08003',
  '08004',
  '08006',
]);

/** Messages of pg and ioredis for a lost or refused connection, which carry no code. */
const MESSAGES = [
  /^Connection terminated/,
  /timeout exceeded when trying to connect/,
  /^Connection is closed/,
  /Reached the max retries per request limit/,
  /Stream isn't writeable/,
];

export function isUnavailable(error: unknown): boolean {
  for (let current = error, depth = 0; current && depth < 5; depth += 1) {
    const { code, message, cause } = current as { code?: unknown; message?: unknown; cause?: unknown };
    if (typeof code === 'string' && CODES.has(code)) return true;
    if (typeof message === 'string' && MESSAGES.some((pattern) => pattern.test(message))) return true;
    // TypeORM wraps driver errors (QueryFailedError.driverError); Nest may wrap in cause.
    current = (current as { driverError?: unknown }).driverError ?? cause;
  }
  return false;
}
