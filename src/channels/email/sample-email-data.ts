// Realistic template data for previews, validation and tests.
import type { EmailTemplateData } from './email-template.types';

/** A full data set: known name, a two-product cart, a discount code and every link. */
export function sampleEmailTemplateData(): EmailTemplateData {
  const cart = {
    cart_id: 'cart-1042',
    checkout_id: 'chk-1042',
    order_id: '1042',
    checkout_url: 'https://shop.example.com/checkout/chk-1042?step=payment&utm_source=touchpoint',
    value: 89.85,
    currency: 'EUR',
    products: [
      {
        product_id: 'p-1',
        name: 'Linen Apron',
        price: 39.95,
        quantity: 1,
        url: 'https://shop.example.com/p/linen-apron',
        image_url: 'https://shop.example.com/img/linen-apron.jpg',
      },
      {
        product_id: 'p-2',
        name: 'Olive Wood Spoon',
        price: 24.95,
        quantity: 2,
        url: 'https://shop.example.com/p/olive-wood-spoon',
        image_url: 'https://shop.example.com/img/olive-wood-spoon.jpg',
      },
    ],
  };
  return {
    contact: { email: 'jane@example.com', first_name: 'Jane', last_name: 'Doe', locale: 'en' },
    cart,
    event: cart,
    discount_code: 'COMEBACK10',
    workspace: { name: 'Acme Kitchen', url: 'https://shop.example.com' },
    links: {
      unsubscribe: 'https://touchpoint.example.com/u/SAMPLE-TOKEN',
      review: 'https://touchpoint.example.com/r/SAMPLE-TOKEN',
      public_review: 'https://reviews.example.com/acme-kitchen',
      confirm: 'https://touchpoint.example.com/c/SAMPLE-TOKEN',
    },
  };
}

/** The least a send can have: an email address, the workspace name and the links; no name, no products. */
export function minimalEmailTemplateData(): EmailTemplateData {
  const { workspace, links } = sampleEmailTemplateData();
  return { contact: { email: 'someone@example.com' }, workspace: { name: workspace.name }, links };
}
