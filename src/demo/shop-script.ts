// The scripted shop: deterministic customers and the Segment messages they cause, as plain data (no clock, no I/O).

export type Persona = 'browser' | 'lead' | 'lead-buyer' | 'abandoner' | 'buyer' | 'late-buyer';

/** Intended share of each behaviour; each customer draws one, so a shop of a few hundred comes out close. */
export const PERSONA_WEIGHTS: Record<Persona, number> = {
  browser: 0.22, // only Product Viewed
  lead: 0.22, // Lead Created (some browsed first): the welcome series
  'lead-buyer': 0.06, // Lead Created and an order at once: the welcome series stops at its goal
  abandoner: 0.25, // Product Added, often Checkout Started, no order: cart reminders
  buyer: 0.2, // cart, checkout, Order Completed; some get Order Delivered later: review requests
  'late-buyer': 0.05, // abandons, then buys the cart once the first reminder has gone out
};

export interface IdentifyMessage {
  type: 'identify';
  userId: string;
  messageId: string;
  traits: Record<string, unknown>;
}
export interface TrackMessage {
  type: 'track';
  userId: string;
  messageId: string;
  event: string;
  properties: Record<string, unknown>;
}
export type DemoMessage = IdentifyMessage | TrackMessage;

export interface ShopCustomer {
  userId: string;
  persona: Persona;
  email: string;
  /** Sent at the start, in this order. */
  now: DemoMessage[];
  /** Sent once the cart's first reminder has gone out (late buyers). */
  afterFirstReminder: DemoMessage[];
  /** Sent a (shop) day later: Order Delivered. */
  later: DemoMessage[];
  /** What the customer does with the emails, through their real links (tracking pixel, click redirect, review page). */
  engagement: Engagement;
}

export interface Engagement {
  /** Opens the first cart reminder (late buyers always, before buying). */
  opensReminder: boolean;
  /** Clicks through the first cart reminder. */
  clicksReminder: boolean;
  /** The NPS score given on the review page once the review request arrives; null: does not answer. */
  npsScore: number | null;
}

export interface ShopOptions {
  seed: number;
  customers: number;
  /** Part of every id: a new one makes a new shop, the same one (with the same seed) replays it. */
  runId: string;
}

export const DEMO_DOMAIN = 'demo.touchpoint.local';
const SHOP = `https://shop.${DEMO_DOMAIN}`;
const CURRENCY = 'EUR';

const CATALOGUE = [
  ['linen-shirt', 'Linen Shirt', 49],
  ['ceramic-mug', 'Ceramic Mug', 12],
  ['cast-iron-teapot', 'Cast Iron Teapot', 30],
  ['wool-scarf', 'Wool Scarf', 35],
  ['canvas-tote', 'Canvas Tote', 18],
  ['desk-lamp', 'Desk Lamp', 64],
  ['notebook-set', 'Notebook Set', 15],
  ['espresso-cups', 'Espresso Cups (2)', 22],
  ['olive-oil-soap', 'Olive Oil Soap', 8],
  ['terracotta-pot', 'Terracotta Pot', 26],
] as const;
const NAMES = {
  en: ['Olivia', 'Liam', 'Emma', 'Noah', 'Ava', 'James', 'Sophia', 'Lucas', 'Mia', 'Ethan', 'Grace', 'Oscar'],
  nl: ['Daan', 'Sanne', 'Lotte', 'Bram', 'Fleur', 'Jesse', 'Noor', 'Sem', 'Julia', 'Thijs'],
};
const EN_ZONES = [
  'Europe/London',
  'Europe/Dublin',
  'America/New_York',
  'America/Chicago',
  'Australia/Sydney',
];
const LEAD_SOURCES = [
  ['footer-form', 'newsletter'],
  ['exit-popup', 'newsletter'],
  ['lead-magnet', 'care-guide'],
] as const;

/** mulberry32: a small, fast PRNG; one stream per customer so customer n is the same whatever the shop size. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function buildShopScript({ seed, customers, runId }: ShopOptions): ShopCustomer[] {
  return Array.from({ length: customers }, (_, index) => buildCustomer(seed, runId, index));
}

function buildCustomer(seed: number, runId: string, index: number): ShopCustomer {
  const rnd = random(Math.imul(seed, 0x9e3779b1) ^ (index + 1));
  const pick = <T>(items: readonly T[]): T => items[Math.floor(rnd() * items.length)];
  const n = String(index + 1).padStart(4, '0');
  const userId = `demo-${runId}-${n}`;
  const persona = drawPersona(rnd());
  const locale = rnd() < 0.2 ? 'nl' : 'en';
  const firstName = pick(NAMES[locale]);
  const email = `${firstName.toLowerCase()}.${runId}.${n}@${DEMO_DOMAIN}`;
  let seq = 0;
  const id = () => `demo-${runId}-${n}-${(seq += 1)}`;
  const track = (event: string, properties: Record<string, unknown>): TrackMessage => ({
    type: 'track',
    userId,
    messageId: id(),
    event,
    properties,
  });
  const customer: ShopCustomer = {
    userId,
    persona,
    email,
    now: [],
    afterFirstReminder: [],
    later: [],
    engagement: { opensReminder: false, clicksReminder: false, npsScore: null },
  };
  customer.now.push({
    type: 'identify',
    userId,
    messageId: id(),
    traits: {
      email,
      first_name: firstName,
      locale,
      timezone: locale === 'nl' ? 'Europe/Amsterdam' : pick(EN_ZONES),
    },
  });

  const products = Array.from({ length: 1 + Math.floor(rnd() * 2) }, () => {
    const [slug, name, price] = pick(CATALOGUE);
    const quantity = rnd() < 0.8 ? 1 : 2;
    return { product_id: `p-${slug}`, sku: slug.toUpperCase(), name, price, quantity, ...links(slug) };
  });
  const viewed = () => {
    const { quantity: _q, ...product } = products[0];
    customer.now.push(track('Product Viewed', product));
  };
  const cartId = `${runId}-c${n}`;
  const value = products.reduce((sum, p) => sum + p.price * p.quantity, 0);
  const shop = (checkout: boolean) => {
    for (const product of products)
      customer.now.push(track('Product Added', { cart_id: cartId, ...product }));
    if (checkout) {
      const checkout_url = `${SHOP}/checkout/${cartId}`;
      customer.now.push(
        track('Checkout Started', { cart_id: cartId, value, currency: CURRENCY, products, checkout_url }),
      );
    }
  };
  const order = (orderId = `${runId}-o${n}`) =>
    track('Order Completed', {
      order_id: orderId,
      cart_id: cartId,
      total: value,
      currency: CURRENCY,
      products,
    });
  const lead = () => {
    const [source, list] = pick(LEAD_SOURCES);
    customer.now.push(track('Lead Created', { source, list }));
  };

  switch (persona) {
    case 'browser':
      for (let views = 1 + Math.floor(rnd() * 3); views > 0; views -= 1) viewed();
      break;
    case 'lead':
      if (rnd() < 0.3) viewed();
      lead();
      break;
    case 'lead-buyer':
      lead();
      shop(true);
      customer.now.push(order());
      break;
    case 'abandoner':
      viewed();
      shop(rnd() < 0.6);
      break;
    case 'buyer':
      if (rnd() < 0.5) viewed();
      shop(true);
      customer.now.push(order());
      if (rnd() < 0.6) customer.later.push(track('Order Delivered', { order_id: `${runId}-o${n}` }));
      break;
    case 'late-buyer':
      shop(true);
      customer.afterFirstReminder.push(order());
      break;
  }
  // Drawn last, so the messages above stay what they were for a seed.
  customer.engagement = drawEngagement(persona, customer.later.length > 0, rnd);
  return customer;
}

/** Late buyers open and click the reminder that brought them back; some abandoners look; most who got their order answer. */
function drawEngagement(persona: Persona, delivered: boolean, rnd: () => number): Engagement {
  const opens = persona === 'late-buyer' || (persona === 'abandoner' && rnd() < 0.4);
  const clicks = persona === 'late-buyer' || (opens && rnd() < 0.35);
  let npsScore: number | null = null;
  if (delivered && rnd() < 0.8) {
    const roll = rnd();
    // Roughly a healthy shop: about half promoters, a fifth detractors.
    npsScore =
      roll < 0.5 ? 9 + Math.floor(rnd() * 2) : roll < 0.8 ? 7 + Math.floor(rnd() * 2) : Math.floor(rnd() * 7);
  }
  return { opensReminder: opens, clicksReminder: clicks, npsScore };
}

function drawPersona(roll: number): Persona {
  let sum = 0;
  for (const [persona, weight] of Object.entries(PERSONA_WEIGHTS) as [Persona, number][]) {
    sum += weight;
    if (roll < sum) return persona;
  }
  return 'browser';
}

const links = (slug: string) => ({
  url: `${SHOP}/products/${slug}`,
  image_url: `${SHOP}/images/${slug}.jpg`,
});
