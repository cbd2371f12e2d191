import { batchItemSchema, MAX_ITEM_BYTES } from '../ingest/segment-message.schema';
import {
  buildShopScript,
  PERSONA_WEIGHTS,
  type DemoMessage,
  type Persona,
  type ShopCustomer,
} from './shop-script';

const all = (c: ShopCustomer): DemoMessage[] => [...c.now, ...c.afterFirstReminder, ...c.later];
const events = (messages: DemoMessage[]) => messages.map((m) => (m.type === 'track' ? m.event : m.type));

describe('buildShopScript', () => {
  const shop = buildShopScript({ seed: 42, customers: 1000, runId: 't1' });

  it('is deterministic for a seed and run id, and differs for another seed', () => {
    expect(buildShopScript({ seed: 42, customers: 1000, runId: 't1' })).toEqual(shop);
    const other = buildShopScript({ seed: 7, customers: 1000, runId: 't1' });
    expect(other.map((c) => c.persona)).not.toEqual(shop.map((c) => c.persona));
  });

  it('keeps customer n the same whatever the shop size', () => {
    expect(buildShopScript({ seed: 42, customers: 10, runId: 't1' })).toEqual(shop.slice(0, 10));
  });

  it('mixes the behaviours roughly as intended', () => {
    for (const [persona, weight] of Object.entries(PERSONA_WEIGHTS) as [Persona, number][]) {
      const share = shop.filter((c) => c.persona === persona).length / shop.length;
      expect(Math.abs(share - weight)).toBeLessThan(0.04);
    }
    const nl = shop.filter((c) => c.now[0].type === 'identify' && c.now[0].traits.locale === 'nl');
    expect(nl.length / shop.length).toBeGreaterThan(0.15);
    expect(nl.length / shop.length).toBeLessThan(0.25);
  });

  it('scripts each behaviour with the Segment spec events', () => {
    const of = (persona: Persona) => shop.filter((c) => c.persona === persona);
    for (const c of shop) expect(c.now[0].type).toBe('identify');
    for (const c of of('browser'))
      expect(new Set(events(all(c).slice(1)))).toEqual(new Set(['Product Viewed']));
    for (const c of of('lead')) expect(events(c.now)).toContain('Lead Created');
    for (const c of of('abandoner')) {
      expect(events(c.now)).toContain('Product Added');
      expect(events(all(c))).not.toContain('Order Completed');
    }
    for (const c of [...of('buyer'), ...of('lead-buyer')])
      expect(events(c.now).at(-1)).toBe('Order Completed');
    for (const c of of('late-buyer')) {
      expect(events(c.now)).toContain('Checkout Started');
      expect(events(c.afterFirstReminder)).toEqual(['Order Completed']);
    }
    const delivered = of('buyer').filter((c) => c.later.length > 0).length / of('buyer').length;
    expect(delivered).toBeGreaterThan(0.4);
    expect(delivered).toBeLessThan(0.8);
  });

  it('produces valid Segment messages with unique message ids and snake_case properties', () => {
    const messages = shop.flatMap(all);
    for (const message of messages) {
      expect(batchItemSchema.safeParse(message).success).toBe(true);
      expect(Buffer.byteLength(JSON.stringify(message))).toBeLessThan(MAX_ITEM_BYTES);
      const fields = message.type === 'track' ? message.properties : message.traits;
      for (const key of Object.keys(fields)) expect(key).toMatch(/^[a-z]+(_[a-z]+)*$/);
    }
    expect(new Set(messages.map((m) => m.messageId)).size).toBe(messages.length);
    expect(new Set(shop.map((c) => c.userId)).size).toBe(shop.length);
  });

  it('ties a cart to its order and carries what the reminder emails show', () => {
    const buyer = shop.find((c) => c.persona === 'buyer')!;
    const tracks = buyer.now.filter((m) => m.type === 'track');
    const added = tracks.find((m) => m.event === 'Product Added')!.properties;
    const checkout = tracks.find((m) => m.event === 'Checkout Started')!.properties;
    const order = tracks.find((m) => m.event === 'Order Completed')!.properties;
    expect(added).toEqual(
      expect.objectContaining({
        cart_id: expect.any(String),
        product_id: expect.any(String),
        name: expect.any(String),
      }),
    );
    expect(Object.keys(added)).toEqual(expect.arrayContaining(['price', 'quantity', 'image_url', 'url']));
    expect(checkout).toEqual(expect.objectContaining({ cart_id: added.cart_id, currency: 'EUR' }));
    expect(checkout.checkout_url).toMatch(/^https:\/\//);
    expect(order).toEqual(expect.objectContaining({ cart_id: added.cart_id, total: checkout.value }));
    expect(buyer.email).toMatch(/@demo\.touchpoint\.local$/);
  });

  it('keeps runs apart by run id', () => {
    const again = buildShopScript({ seed: 42, customers: 3, runId: 't2' });
    expect(again.map((c) => c.persona)).toEqual(shop.slice(0, 3).map((c) => c.persona));
    expect(again[0].userId).not.toBe(shop[0].userId);
    expect(again[0].now[0].messageId).not.toBe(shop[0].now[0].messageId);
  });
});
