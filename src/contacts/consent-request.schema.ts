import { z } from 'zod';
import { DomainError, type ErrorDetail } from '../common/domain-error';
import { zodDetails } from '../common/zod-errors';
import { CONSENT_PURPOSES, type ConsentChange } from './consent.types';

const answer = z.enum(['granted', 'withdrawn'], { error: 'must be "granted" or "withdrawn"' });

/** `PUT /v1/contacts/{userId}/consent`; `import` records consent given elsewhere (no double opt-in). */
const ConsentRequestSchema = z.object({
  email_marketing: answer.optional(),
  ads: answer.optional(),
  source: z.enum(['api', 'import'], { error: 'must be "api" or "import"' }).default('api'),
  method: z.string().trim().min(1).max(200).optional(),
  /** When the contact gave the answer (for imports); defaults to now. */
  at: z.iso.datetime({ offset: true }).optional(),
});

const KNOWN = new Set<string>([...CONSENT_PURPOSES, 'source', 'method', 'at']);

/** The changes a request asks for, or a `validation_failed` error naming every field at fault. */
export function parseConsentRequest(body: unknown, now: Date): ConsentChange[] {
  if (!body || typeof body !== 'object' || Array.isArray(body))
    throw invalid([{ path: '$', message: 'expected an object' }]);
  const unknown = Object.keys(body)
    .filter((key) => !KNOWN.has(key))
    .map((key) => ({
      path: `$.${key}`,
      message: `unknown purpose; expected ${CONSENT_PURPOSES.join(' or ')}`,
    }));
  const parsed = ConsentRequestSchema.safeParse(body);
  const problems = [...unknown, ...(parsed.success ? [] : zodDetails(parsed.error))];
  if (!parsed.success || problems.length > 0) throw invalid(problems);
  const { source, method, at } = parsed.data;
  const when = at ? new Date(at) : now;
  if (when > now) throw invalid([{ path: '$.at', message: 'must not be in the future' }]);
  const changes = CONSENT_PURPOSES.flatMap((purpose) => {
    const status = parsed.data[purpose];
    return status ? [{ purpose, status, source, method: method ?? null, at: when }] : [];
  });
  if (changes.length === 0)
    throw invalid([{ path: '$', message: `set at least one of ${CONSENT_PURPOSES.join(', ')}` }]);
  return changes;
}

const invalid = (details: ErrorDetail[]) =>
  new DomainError('validation_failed', 'the consent request is invalid', 400, details);
