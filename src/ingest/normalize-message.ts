import { v7 as uuidv7 } from 'uuid';
import type { ErrorDetail } from '../common/domain-error';
import type { EventType } from './event.entity';

export interface NormalizedMessage {
  id: string;
  messageId: string;
  type: EventType;
  name: string | null;
  /** The contact's key: userId, or `anon:<anonymousId>`. */
  externalId: string;
  properties: Record<string, unknown>;
  traits: Record<string, unknown>;
  context: Record<string, unknown>;
  timestamp: Date;
}

interface ParsedMessage {
  type?: string;
  messageId?: string;
  userId?: string;
  anonymousId?: string;
  timestamp?: string;
  sentAt?: string;
  context?: Record<string, unknown>;
  event?: string;
  name?: string;
  properties?: Record<string, unknown>;
  traits?: Record<string, unknown>;
}

const MAX_FUTURE_MS = 24 * 60 * 60 * 1000;

/**
 * Turns a validated Segment message into what is stored. Like Segment, corrects the client's clock skew when
 * `sentAt` is given: timestamp + (receivedAt - sentAt).
 */
export function normalizeMessage(
  message: ParsedMessage,
  type: EventType,
  receivedAt: Date,
  root: string,
): NormalizedMessage | ErrorDetail {
  const externalId = message.userId ?? (message.anonymousId ? `anon:${message.anonymousId}` : undefined);
  if (!externalId) return { path: `${root}.userId`, message: 'userId or anonymousId is required' };
  let timestamp = message.timestamp ? new Date(message.timestamp) : receivedAt;
  if (message.timestamp && message.sentAt) {
    timestamp = new Date(timestamp.getTime() + (receivedAt.getTime() - new Date(message.sentAt).getTime()));
  }
  if (timestamp.getTime() - receivedAt.getTime() > MAX_FUTURE_MS) {
    return { path: `${root}.timestamp`, message: 'must not be more than a day in the future' };
  }
  const name =
    type === 'track'
      ? (message.event ?? null)
      : type === 'page' || type === 'screen'
        ? (message.name ?? null)
        : null;
  return {
    id: uuidv7(),
    messageId: message.messageId ?? uuidv7(),
    type,
    name,
    externalId,
    properties: message.properties ?? {},
    traits: message.traits ?? {},
    context: message.context ?? {},
    timestamp,
  };
}
