import type { Destination } from '../destinations.service';
import type { DestinationDeliveryKind } from './destination-delivery.entity';
import type { OutboundRequest, OutboundResponse } from './outbound-http';
import { type CallResult, classifyStatus, parseRetryAfter } from './retry-schedule';

/** What an adapter gets for one attempt of a delivery. */
export interface CallContext {
  deliveryId: string;
  kind: DestinationDeliveryKind;
  destination: Destination;
  request: Record<string, unknown>;
  /** Progress saved by an earlier attempt (multi-call flows). */
  state: Record<string, unknown>;
  saveState(state: Record<string, unknown>): Promise<void>;
  now: Date;
  /** HTTP with the configured timeouts; throws OutboundNetworkError when no answer came. */
  http(request: Omit<OutboundRequest, 'connectTimeoutMs' | 'responseTimeoutMs'>): Promise<OutboundResponse>;
}

/** Sends one delivery to one kind of destination; never throws for an HTTP answer, only reports it. */
export interface DestinationAdapter {
  call(context: CallContext): Promise<CallResult>;
}

/** The generic reading of an HTTP answer: 2xx sent, 429/5xx transient (with Retry-After), other 4xx permanent. */
export function resultOf(response: OutboundResponse, now: Date): CallResult {
  const kind = classifyStatus(response.status);
  if (kind === 'sent') return { kind, httpStatus: response.status };
  const error = `HTTP ${response.status}${response.body ? `: ${response.body.slice(0, 300)}` : ''}`;
  if (kind === 'permanent') return { kind, httpStatus: response.status, error };
  const retryAfter = response.headers['retry-after'];
  const retryAfterMs = parseRetryAfter(Array.isArray(retryAfter) ? retryAfter[0] : retryAfter, now);
  return { kind, httpStatus: response.status, error, retryAfterMs };
}
