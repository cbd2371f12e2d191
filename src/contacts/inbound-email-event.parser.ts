// Bounce and complaint notifications from the mail provider, in two shapes:
//  - simple: { "type": "bounce" | "complaint", "email": "...", "bounceType"?: "hard" | "soft" (default hard),
//              "messageId"?: "...", "occurredAt"?: ISO 8601 (default now) }
//  - Amazon SES through SNS: the SNS envelope { "Type": "Notification", "MessageId", "Message": "<SES JSON>" } whose
//    Message has notificationType (or eventType) Bounce / Complaint; other SES types are acknowledged and ignored.
import { createHash } from 'node:crypto';
import { z } from 'zod';
import type { ErrorDetail } from '../common/domain-error';
import { zodDetails } from '../common/zod-errors';
import { normalizeEmail } from './email-address.util';

export interface InboundEmailEvent {
  type: 'bounce' | 'complaint';
  email: string;
  bounceType: 'hard' | 'soft' | null;
  messageId: string | null;
  occurredAt: Date;
  /** Stable per notification and address, so a provider's retry stores nothing twice. */
  key: string;
  provider: 'api' | 'ses';
}

export type ParsedInbound =
  { events: InboundEmailEvent[] } | { subscribeUrl: string } | { errors: ErrorDetail[] };

const SimpleSchema = z.strictObject({
  type: z.enum(['bounce', 'complaint'], { error: 'must be "bounce" or "complaint"' }),
  email: z.email({ error: 'must be an email address' }),
  bounceType: z.enum(['hard', 'soft'], { error: 'must be "hard" or "soft"' }).optional(),
  messageId: z.string().min(1).max(998).optional(),
  occurredAt: z.iso.datetime({ offset: true }).optional(),
});

const recipients = z.array(z.object({ emailAddress: z.string() })).min(1);
const SesSchema = z.object({
  notificationType: z.string().optional(),
  eventType: z.string().optional(),
  mail: z.object({ messageId: z.string().optional() }).optional(),
  bounce: z
    .object({ bounceType: z.string(), bouncedRecipients: recipients, timestamp: z.string().optional() })
    .optional(),
  complaint: z.object({ complainedRecipients: recipients, timestamp: z.string().optional() }).optional(),
});

const hash = (text: string) => createHash('sha256').update(text).digest('hex').slice(0, 40);
const dateOr = (value: string | undefined, now: Date) =>
  value && !Number.isNaN(Date.parse(value)) ? new Date(value) : now;

export function parseInbound(body: unknown, now: Date): ParsedInbound {
  const envelope = body as Record<string, unknown> | null;
  if (envelope && typeof envelope === 'object' && typeof envelope.Type === 'string' && 'TopicArn' in envelope)
    return parseSns(envelope, now);
  const parsed = SimpleSchema.safeParse(body);
  if (!parsed.success) return { errors: zodDetails(parsed.error) };
  const { type, email, messageId, occurredAt } = parsed.data;
  const bounceType = type === 'bounce' ? (parsed.data.bounceType ?? 'hard') : null;
  const at = occurredAt ? new Date(occurredAt) : now;
  const key = `api:${hash([type, normalizeEmail(email), bounceType, messageId ?? '', at.toISOString()].join('|'))}`;
  return {
    events: [
      {
        type,
        email: normalizeEmail(email),
        bounceType,
        messageId: messageId ?? null,
        occurredAt: at,
        key,
        provider: 'api',
      },
    ],
  };
}

function parseSns(envelope: Record<string, unknown>, now: Date): ParsedInbound {
  if (envelope.Type === 'SubscriptionConfirmation' && typeof envelope.SubscribeURL === 'string')
    return { subscribeUrl: envelope.SubscribeURL };
  if (
    envelope.Type !== 'Notification' ||
    typeof envelope.Message !== 'string' ||
    typeof envelope.MessageId !== 'string'
  )
    return { errors: [{ path: '$.Type', message: 'expected an SNS Notification with a Message' }] };
  let message: unknown;
  try {
    message = JSON.parse(envelope.Message);
  } catch {
    return { errors: [{ path: '$.Message', message: 'must be the SES notification as JSON text' }] };
  }
  const parsed = SesSchema.safeParse(message);
  if (!parsed.success) return { errors: zodDetails(parsed.error, '$.Message') };
  const ses = parsed.data;
  const kind = ses.notificationType ?? ses.eventType;
  const messageId = ses.mail?.messageId ?? null;
  const base = { messageId, provider: 'ses' as const };
  const keyOf = (email: string) => `ses:${hash(`${String(envelope.MessageId)}|${email}`)}`;
  if (kind === 'Bounce' && ses.bounce) {
    const bounceType = ses.bounce.bounceType === 'Permanent' ? 'hard' : 'soft';
    return {
      events: ses.bounce.bouncedRecipients.map(({ emailAddress }) => ({
        ...base,
        type: 'bounce' as const,
        email: normalizeEmail(emailAddress),
        bounceType,
        occurredAt: dateOr(ses.bounce?.timestamp, now),
        key: keyOf(normalizeEmail(emailAddress)),
      })),
    };
  }
  if (kind === 'Complaint' && ses.complaint) {
    return {
      events: ses.complaint.complainedRecipients.map(({ emailAddress }) => ({
        ...base,
        type: 'complaint' as const,
        email: normalizeEmail(emailAddress),
        bounceType: null,
        occurredAt: dateOr(ses.complaint?.timestamp, now),
        key: keyOf(normalizeEmail(emailAddress)),
      })),
    };
  }
  return { events: [] };
}
