import { SmtpSink } from './support/smtp-sink';
import { startTestApp, type TestApp } from './support/test-app';
import { waitUntil } from './support/wait-until';

/** The three jobs of the default journey, end to end over HTTP with real PostgreSQL, Redis and SMTP. */
describe('customer-lifecycle recipes', () => {
  let smtp: SmtpSink;
  let sut: TestApp;
  let seq = 0;
  const id = () => `msg-${Date.now()}-${(seq += 1)}`;

  const identify = (userId: string, traits: Record<string, unknown> = {}) =>
    sut.request('POST', '/v1/identify', {
      userId,
      messageId: id(),
      traits: { email: `${userId}@shop.test`, first_name: userId, ...traits },
    });
  const track = (
    userId: string,
    event: string,
    properties: Record<string, unknown> = {},
    timestamp?: string,
  ) =>
    sut.request('POST', '/v1/track', {
      userId,
      event,
      properties,
      messageId: id(),
      ...(timestamp ? { timestamp } : {}),
    });
  /** Steps whose send was recorded; the record follows the SMTP server's acceptance, so wait for `count`. */
  const sentSteps = (userId: string, count: number) =>
    waitUntil(
      async () => {
        const timeline = (await sut.request('GET', `/v1/contacts/${userId}/timeline`)).body.entries as any[];
        const steps = timeline
          .filter((e) => e.kind === 'step' && / sent to /.test(e.reason))
          .map((e) => e.reason.split(' ')[0]);
        return steps.length >= count && steps;
      },
      10_000,
      `${count} sends recorded for ${userId}`,
    );
  const runs = async (userId: string) =>
    (await sut.request('GET', `/v1/contacts/${userId}`)).body.runs as Array<Record<string, any>>;
  const settled = (userId: string, flow: string, status: string) =>
    waitUntil(
      async () => (await runs(userId)).find((r) => r.flow === flow && r.status === status),
      20_000,
      `${userId} ${flow} ${status}`,
    );

  beforeAll(async () => {
    smtp = await new SmtpSink().start();
    sut = await startTestApp({ SMTP_URL: smtp.url, PUBLIC_URL: 'http://touchpoint.test' });
    const saved = await sut.request('PUT', '/v1/journeys/customer-lifecycle?publish=true', {
      template: 'customer-lifecycle',
      params: {
        nurture: { delays: ['PT1S', 'PT1S'] },
        cart: {
          firstReminderAfter: 'PT1S',
          secondReminderAfter: 'PT1S',
          lastReminderAfter: 'PT1S',
          discountCode: 'SAVE15',
        },
        review: {
          requestAfterDelivery: 'PT1S',
          requestAfterOrderIfNoDelivery: 'PT1M',
          reminderAfter: 'PT1S',
        },
      },
    });
    expect(saved.status).toBe(200);
    expect(saved.body.publishedVersion).toBe(2);
  });
  afterAll(async () => {
    await sut?.close();
    await smtp?.stop();
  });

  it('sends a new lead the three welcome emails in order, each once', async () => {
    await identify('lead-a');
    await track('lead-a', 'Lead Created', { source: 'footer-form' });
    const mails = await smtp.waitFor((m) => m.to.includes('lead-a@'), 3);
    expect(mails.map((m) => m.subject)).toEqual([
      expect.stringContaining(''),
      expect.stringContaining(''),
      expect.stringContaining(''),
    ]);
    const effectSteps = await Promise.all(
      mails.map(
        async (m) =>
          (await sut.request('GET', '/v1/contacts/lead-a/timeline')).body.entries.find(
            (e: any) => e.ids.effectId === m.headers.get('x-touchpoint-effect-id'),
          )?.summary,
      ),
    );
    expect(effectSteps.every(Boolean)).toBe(true);
    await settled('lead-a', 'nurture', 'completed');
    expect(await sentSteps('lead-a', 3)).toEqual(['nurture-1', 'nurture-2', 'nurture-3']);
    expect(new Set(mails.map((m) => m.messageId)).size).toBe(3);
    for (const mail of mails) {
      expect(mail.header('list-unsubscribe')).toMatch(/^<http:\/\/touchpoint\.test\/u\/[A-Za-z0-9_-]+>/);
      expect(mail.header('list-unsubscribe-post')).toBe('List-Unsubscribe=One-Click');
      expect(mail.html).toContain('lead-a');
    }
    expect((await runs('lead-a')).find((r) => r.flow === '$stage')?.position).toBe('consideration');
  });

  it('sends no welcome email to a lead who orders, and says why', async () => {
    await identify('lead-b');
    const now = Date.now();
    await sut.request('POST', '/v1/batch', {
      batch: [
        {
          type: 'track',
          userId: 'lead-b',
          event: 'Lead Created',
          messageId: id(),
          timestamp: new Date(now).toISOString(),
        },
        {
          type: 'track',
          userId: 'lead-b',
          event: 'Order Completed',
          messageId: id(),
          timestamp: new Date(now + 1000).toISOString(),
          properties: { order_id: 'o-b' },
        },
      ],
    });
    await settled('lead-b', 'nurture', 'exited');
    const timeline = (await sut.request('GET', '/v1/contacts/lead-b/timeline')).body.entries as any[];
    await waitUntil(
      async () => {
        const entries = (await sut.request('GET', '/v1/contacts/lead-b/timeline')).body.entries as any[];
        return !entries.some(
          (e) => e.kind === 'scheduled' && e.flow === 'nurture' && /\(pending\)/.test(e.summary),
        );
      },
      20_000,
      'no pending nurture effects',
    );
    expect(
      smtp.to('lead-b@').filter((m) => /nurture/.test(String(m.headers.get('x-touchpoint-effect-id')))),
    ).toEqual([]);
    expect(smtp.to('lead-b@').length).toBe(0);
    expect(
      timeline.some((e) => e.flow === 'nurture' && /Order Completed/.test(`${e.reason ?? ''} ${e.summary}`)),
    ).toBe(true);
  });

  it('reminds an abandoned cart three times, the discount only in the last, each once', async () => {
    await identify('cart-a');
    await track('cart-a', 'Product Added', {
      cart_id: 'c-a',
      product_id: 'p1',
      name: 'Linen Shirt',
      price: 49,
      quantity: 1,
    });
    await track('cart-a', 'Checkout Started', {
      cart_id: 'c-a',
      checkout_url: 'https://shop.test/checkout/c-a',
      value: 49,
      currency: 'EUR',
      products: [{ name: 'Linen Shirt', price: 49, quantity: 1 }],
    });
    const mails = await smtp.waitFor((m) => m.to.includes('cart-a@'), 3);
    await settled('cart-a', 'cart', 'completed');
    expect(smtp.to('cart-a@')).toHaveLength(3);
    expect(mails.map((m) => m.html.includes('SAVE15'))).toEqual([false, false, true]);
    for (const mail of mails) {
      expect(mail.html).toContain('Linen Shirt');
      // The HTML link goes through click tracking; the text part keeps the address itself.
      expect(mail.text).toContain('https://shop.test/checkout/c-a');
    }
    expect((await runs('cart-a')).filter((r) => r.flow === 'cart')).toHaveLength(1);
  });

  it('stops recovery for the cart that was bought and keeps recovering the other one', async () => {
    await identify('cart-b');
    await track('cart-b', 'Product Added', { cart_id: 'c-bought', name: 'Mug', price: 12 });
    await track('cart-b', 'Product Added', { cart_id: 'c-left', name: 'Teapot', price: 30 });
    await track('cart-b', 'Order Completed', {
      order_id: 'o-1',
      cart_id: 'c-bought',
      total: 12,
      currency: 'EUR',
    });
    const mails = await smtp.waitFor(
      (m) => m.to.includes('cart-b@') && m.subject.length > 0 && m.html.includes('Teapot'),
      3,
    );
    await waitUntil(
      async () =>
        (await runs('cart-b')).filter((r) => r.flow === 'cart' && r.status !== 'active').length === 2,
      20_000,
      'both cart runs ended',
    );
    const cartRuns = (await runs('cart-b')).filter((r) => r.flow === 'cart');
    expect(cartRuns.map((r) => [r.key, r.status]).sort()).toEqual([
      ['c-bought', 'exited'],
      ['c-left', 'completed'],
    ]);
    expect(smtp.to('cart-b@').filter((m) => m.html.includes('Mug'))).toEqual([]);
    expect(mails.map((m) => m.html.includes('SAVE15'))).toEqual([false, false, true]);
  });

  it('asks for a review after delivery, then reminds once', async () => {
    await identify('buyer-a');
    await track('buyer-a', 'Order Completed', {
      order_id: 'o-a',
      total: 80,
      currency: 'EUR',
      products: [{ name: 'Lamp' }],
    });
    await waitUntil(
      async () => (await runs('buyer-a')).find((r) => r.flow === 'review' && r.key === 'o-a'),
      20_000,
      'review run',
    );
    expect(smtp.to('buyer-a@')).toEqual([]);
    await track('buyer-a', 'Order Delivered', { order_id: 'o-a' });
    const mails = await smtp.waitFor((m) => m.to.includes('buyer-a@'), 2);
    await settled('buyer-a', 'review', 'completed');
    const steps = mails.map((m) => String(m.headers.get('x-touchpoint-effect-id')));
    expect(new Set(steps).size).toBe(2);
    expect(await sentSteps('buyer-a', 2)).toEqual(['request-after-delivery', 'review-reminder']);
    expect(mails[0].html).toMatch(/http:\/\/touchpoint\.test\/r\/[A-Za-z0-9_-]+/);
    expect((await runs('buyer-a')).find((r) => r.flow === '$stage')?.position).toBe('retention');
  });
});
