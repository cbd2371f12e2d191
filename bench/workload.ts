/** The shop the benchmark plays: customers with profiles, and track events in the mix. */

export const EVENT_MIX = [
  ['Product Added', 0.4],
  ['Lead Created', 0.2],
  ['Checkout Started', 0.2],
  ['Order Completed', 0.15],
  ['Order Delivered', 0.05],
] as const;

export type EventName = (typeof EVENT_MIX)[number][0];

/** mulberry32: small, seeded, good enough to make runs repeatable. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function pickEvent(random: () => number): EventName {
  let roll = random();
  for (const [name, share] of EVENT_MIX) {
    if (roll < share) return name;
    roll -= share;
  }
  return EVENT_MIX[0][0];
}

export const customerId = (index: number) => `bench-c-${index}`;

export class Workload {
  private readonly random: () => number;
  /** Per customer: the number of its open cart and of orders placed (typed arrays: 100k customers stay small). */
  private readonly carts: Uint32Array;
  private readonly orders: Uint32Array;
  private sequence = 0;

  constructor(
    readonly customers: number,
    seed = 42,
  ) {
    this.random = seededRandom(seed);
    this.carts = new Uint32Array(customers);
    this.orders = new Uint32Array(customers);
  }

  identify(index: number): Record<string, unknown> {
    return {
      type: 'identify',
      userId: customerId(index),
      messageId: `bench-id-${index}`,
      traits: {
        email: `c${index}@bench.example`,
        first_name: `Customer${index}`,
        locale: index % 10 === 0 ? 'nl' : 'en',
        timezone: 'Europe/Amsterdam',
      },
    };
  }

  /** The next track event for a random customer, keeping each customer's carts and orders consistent. */
  track(): { name: EventName; message: Record<string, unknown> } {
    const index = Math.floor(this.random() * this.customers);
    const name = pickEvent(this.random);
    const cart = `cart-${index}-${this.carts[index]}`;
    const price = 5 + Math.floor(this.random() * 95);
    let properties: Record<string, unknown>;
    switch (name) {
      case 'Product Added':
        properties = {
          cart_id: cart,
          product_id: `p-${price}`,
          sku: `SKU-${price}`,
          name: `Product ${price}`,
          price,
          quantity: 1,
          url: `https://shop.example/p/${price}`,
          image_url: `https://shop.example/img/${price}.jpg`,
        };
        break;
      case 'Lead Created':
        properties = { source: 'newsletter', list: 'main' };
        break;
      case 'Checkout Started':
        properties = {
          cart_id: cart,
          value: price,
          currency: 'EUR',
          checkout_url: `https://shop.example/checkout/${cart}`,
        };
        break;
      case 'Order Completed':
        properties = {
          order_id: `order-${index}-${this.orders[index]}`,
          cart_id: cart,
          total: price,
          currency: 'EUR',
        };
        this.orders[index] += 1;
        this.carts[index] += 1;
        break;
      case 'Order Delivered':
        // The last order placed, or one from before the benchmark when there is none.
        properties = {
          order_id:
            this.orders[index] > 0 ? `order-${index}-${this.orders[index] - 1}` : `order-${index}-old`,
        };
        break;
    }
    this.sequence += 1;
    return {
      name,
      message: {
        userId: customerId(index),
        event: name,
        messageId: `bench-ev-${this.sequence}`,
        properties,
      },
    };
  }
}
