import { GoogleCustomerMatchAdapter } from '../audiences/google-customer-match.adapter';
import { MetaAudienceAdapter } from '../audiences/meta-audience.adapter';
import type { DestinationType } from '../destination.entity';
import { WebhookAdapter } from '../webhooks/webhook.adapter';
import type { DestinationAdapter } from './destination-adapter';

const webhook = new WebhookAdapter();
const meta = new MetaAudienceAdapter();
const google = new GoogleCustomerMatchAdapter();

/** The adapter for a destination type; an unknown type fails loudly instead of being skipped. */
export function adapterFor(type: DestinationType): DestinationAdapter {
  switch (type) {
    case 'webhook':
      return webhook;
    case 'meta-custom-audience':
      return meta;
    case 'google-customer-match':
      return google;
    default: {
      const unknown: never = type;
      throw new Error(`no adapter for destination type ${String(unknown)}`);
    }
  }
}
