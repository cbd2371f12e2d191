import { Webhook } from 'standardwebhooks';
import { type CallContext, type DestinationAdapter, resultOf } from '../deliveries/destination-adapter';
import type { CallResult } from '../deliveries/retry-schedule';

/** The stored request of a webhook delivery: the body rendered when the step ran. */
export interface WebhookRequest {
  body: string;
  contentType: string;
}

/**
 * Standard Webhooks: `webhook-id` is the delivery id (the same on every retry, so receivers can drop repeats),
 * `webhook-timestamp` is the time of this attempt and `webhook-signature` signs `id.timestamp.body`.
 */
export class WebhookAdapter implements DestinationAdapter {
  async call(context: CallContext): Promise<CallResult> {
    const { body, contentType } = context.request as unknown as WebhookRequest;
    const secret = context.destination.secrets.secret;
    if (!secret) return { kind: 'permanent', httpStatus: null, error: 'the destination has no secret' };
    const signature = new Webhook(secret).sign(context.deliveryId, context.now, body);
    const response = await context.http({
      method: 'POST',
      url: String(context.destination.config.url),
      headers: {
        'content-type': contentType,
        'user-agent': 'Touchpoint-Webhooks/1',
        'webhook-id': context.deliveryId,
        'webhook-timestamp': String(Math.floor(context.now.getTime() / 1000)),
        'webhook-signature': signature,
      },
      body,
    });
    return resultOf(response, context.now);
  }
}
