import { createHash } from 'node:crypto';
import { DataSource } from 'typeorm';
import { HOLDOUT_REASON } from '../src/insight/holdout';
import { FakeGoogle } from './support/fake-google';
import { FakeMeta } from './support/fake-meta';
import { SmtpSink } from './support/smtp-sink';
import { startTestApp, type TestApp } from './support/test-app';
import { waitUntil } from './support/wait-until';

const sha = (value: string) => createHash('sha256').update(value).digest('hex');
const META_AUDIENCE = '23850000000001';
const GOOGLE = {
  customerId: '1234567890',
  userListId: '555',
  developerToken: 'dev-token-123456',
  accessToken: 'ya29.google-token-xyz',
  loginCustomerId: '9876543210',
};

/** The same cart recovery on Google: join on abandonment, leave on purchase (onExit) or at the end. */
const googleJourney = {
  name: 'Google cart audience',
  stages: ['decision'],
  flows: {
    cart: {
      name: 'Cart audience',
      trigger: { event: 'Checkout Started' },
      entry: { key: 'properties.cart_id', reentry: 'oncePerKey' },
      exit: [{ event: 'Order Completed', sameKey: true }],
      steps: [
        { id: 'abandoned', type: 'waitForEvent', event: 'Order Completed', sameKey: true, timeout: 'PT1S' },
        { id: 'google-join', type: 'audience.add', destination: 'google-cart' },
        { id: 'recovering', type: 'wait', duration: 'PT6S' },
        { id: 'google-leave', type: 'audience.remove', destination: 'google-cart' },
      ],
      onExit: [{ id: 'google-bought', type: 'audience.remove', destination: 'google-cart' }],
    },
  },
};

describe('retargeting audiences on Meta and Google', () => {
  let meta: FakeMeta;
  let google: FakeGoogle;
  let smtp: SmtpSink;
  let sut: TestApp;
  let n = 0;
  const send = (path: string, body: object) =>
    sut.request('POST', path, { messageId: `a-${(n += 1)}`, ...body });
  const identify = (userId: string, phone?: string) =>
    send('/v1/identify', { userId, traits: { email: `${userId}@Shop.test `, ...(phone ? { phone } : {}) } });
  const checkout = (userId: string, cart: string) =>
    send('/v1/track', { userId, event: 'Checkout Started', properties: { cart_id: cart, value: 20 } });
  const emailHash = (userId: string) => sha(`${userId}@shop.test`);
  const inMeta = (userId: string) => meta.has(META_AUDIENCE, 'EMAIL_SHA256', emailHash(userId));
  const inGoogle = (userId: string) => google.has('email', emailHash(userId));
  const inBoth = (userId: string) =>
    waitUntil(async () => inMeta(userId) && inGoogle(userId), 20_000, `${userId} added`);
  const inNeither = (userId: string, timeoutMs = 20_000) =>
    waitUntil(async () => !inMeta(userId) && !inGoogle(userId), timeoutMs, `${userId} removed`);
  const membership = async (userId: string) =>
    (await sut.running.app.get(DataSource).query(
      `SELECT d.key, m.status, m.reason FROM audience_memberships m JOIN destinations d ON d.id = m.destination_id
         JOIN contacts c ON c.id = m.contact_id WHERE c.external_id = $1 ORDER BY d.key`,
      [userId],
    )) as { key: string; status: string; reason: string }[];

  /** Memberships once every delivery for them came back (the platform answers before the row is updated). */
  const settledMembership = (userId: string) =>
    waitUntil(
      async () => {
        const rows = await membership(userId);
        return rows.length > 0 && rows.every((m) => m.status === 'added' || m.status === 'removed') && rows;
      },
      10_000,
      `${userId} memberships settled`,
    );

  beforeAll(async () => {
    meta = await new FakeMeta('EAAB-meta-token-123456', [META_AUDIENCE]).start();
    google = await new FakeGoogle(GOOGLE).start();
    smtp = await new SmtpSink().start();
    sut = await startTestApp({
      SMTP_URL: smtp.url,
      PUBLIC_URL: 'http://touchpoint.test',
      AUDIENCE_BATCH_WINDOW_MS: '1000',
      DELIVERY_BACKOFF_BASE_MS: '200',
      DELIVERY_BACKOFF_CAP_MS: '400',
    });
    const metaPut = await sut.request('PUT', '/v1/destinations/meta-cart', {
      type: 'meta-custom-audience',
      audienceId: META_AUDIENCE,
      accessToken: meta.accessToken,
      baseUrl: meta.baseUrl,
    });
    const googlePut = await sut.request('PUT', '/v1/destinations/google-cart', {
      type: 'google-customer-match',
      ...GOOGLE,
      baseUrl: google.baseUrl,
    });
    expect([metaPut.status, googlePut.status]).toEqual([200, 200]);
    const lifecycle = await sut.request('PUT', '/v1/journeys/customer-lifecycle?publish=true', {
      template: 'customer-lifecycle',
      params: {
        cart: {
          firstReminderAfter: 'PT1S',
          secondReminderAfter: 'PT3S',
          lastReminderAfter: 'PT3S',
          audienceDestination: 'meta-cart',
        },
      },
    });
    expect(lifecycle.status).toBe(200);
    expect((await sut.request('PUT', '/v1/journeys/google-cart?publish=true', googleJourney)).status).toBe(
      200,
    );
  });
  afterAll(async () => {
    await sut?.close();
    await meta?.stop();
    await google?.stop();
    await smtp?.stop();
  });

  it('adds an abandoned cart to both audiences with normalised hashes, and removes the buyer on purchase', async () => {
    await identify('buyer', '+31 6 1234 5678');
    await checkout('buyer', 'c-buy');

    await inBoth('buyer');
    expect(meta.has(META_AUDIENCE, 'PHONE_SHA256', sha('31612345678'))).toBe(true);
    expect(google.has('phone', sha('+31612345678'))).toBe(true);
    await send('/v1/track', {
      userId: 'buyer',
      event: 'Order Completed',
      properties: { cart_id: 'c-buy', order_id: 'o-1' },
    });

    await inNeither('buyer');
    expect(meta.has(META_AUDIENCE, 'PHONE_SHA256', sha('31612345678'))).toBe(false);
    expect(await settledMembership('buyer')).toEqual([
      { key: 'google-cart', status: 'removed', reason: 'google-bought' },
      { key: 'meta-cart', status: 'removed', reason: 'audience-bought' },
    ]);
    const calls = meta.calls.filter((c) => c.rows.some((row) => row.includes(emailHash('buyer'))));
    expect(calls.map((c) => [c.method, c.schema])).toEqual([
      ['POST', ['EMAIL_SHA256', 'PHONE_SHA256']],
      ['DELETE', ['EMAIL_SHA256', 'PHONE_SHA256']],
    ]);
    const runs = (await sut.request('GET', '/v1/contacts/buyer')).body.runs as any[];
    expect(runs.filter((r) => r.flow === 'cart').map((r) => r.status)).toEqual(['exited', 'exited']);
  });

  it('sends Google consent with additions only, in a job it creates, fills and runs', async () => {
    const jobs = [...google.jobs.values()];

    expect(jobs.length).toBeGreaterThanOrEqual(2);
    for (const job of jobs) {
      const adds = job.operations.some((op) => op.action === 'create');
      expect(job.status).toBe('RUNNING');
      expect(job.consent).toEqual(adds ? { adUserData: 'GRANTED', adPersonalization: 'GRANTED' } : undefined);
      expect(new Set(job.operations.map((op) => op.action)).size).toBe(1);
    }
    expect(google.requests.every((r) => r.status === 200)).toBe(true);
  });

  it('removes the customer from both audiences when recovery ends without a purchase', async () => {
    await identify('browser');
    await checkout('browser', 'c-left');

    await inBoth('browser');
    await inNeither('browser');

    expect(await settledMembership('browser')).toEqual([
      { key: 'google-cart', status: 'removed', reason: 'google-leave' },
      { key: 'meta-cart', status: 'removed', reason: 'audience-leave' },
    ]);
    await waitUntil(
      async () =>
        ((await sut.request('GET', '/v1/contacts/browser')).body.runs as any[]).filter(
          (r) => r.flow === 'cart' && r.status === 'completed',
        ).length === 2,
      20_000,
      'both cart runs completed',
    );
  });

  it('batches contacts that abandon together into one call per platform and action', async () => {
    const users = ['batch-1', 'batch-2', 'batch-3', 'batch-4', 'batch-5'];
    for (const user of users) await identify(user);
    await send('/v1/batch', {
      batch: users.map((userId, i) => ({
        type: 'track',
        userId,
        event: 'Checkout Started',
        properties: { cart_id: `c-batch-${i}` },
        messageId: `batch-${i}-${Date.now()}`,
      })),
    });

    await waitUntil(async () => users.every((u) => inMeta(u) && inGoogle(u)), 30_000, 'all added');

    const adds = meta.calls.filter(
      (c) => c.method === 'POST' && c.rows.some((row) => users.some((u) => row.includes(emailHash(u)))),
    );
    // Five contacts in fewer calls than contacts: changes of one window share a call.
    expect(adds.reduce((sum, c) => sum + c.rows.length, 0)).toBe(users.length);
    expect(adds.length).toBeLessThan(users.length);
    const deliveries = (await sut.request('GET', '/v1/deliveries?destination=meta-cart&status=sent')).body
      .deliveries as any[];
    expect(deliveries.every((d) => d.kind.startsWith('audience-') && d.attemptLog.length >= 1)).toBe(true);
  });

  it('retries platform throttling and outages, then gets the change through', async () => {
    meta.failNext({
      status: 400,
      body: {
        error: {
          message: 'User request limit reached',
          type: 'OAuthException',
          code: 17,
          is_transient: true,
        },
      },
    });
    google.failNext({
      status: 503,
      body: { error: { code: 503, message: 'unavailable', status: 'UNAVAILABLE' } },
    });
    await identify('throttled');
    await checkout('throttled', 'c-throttled');

    await inBoth('throttled');

    const [metaAdd] = (
      await sut.request('GET', '/v1/deliveries?destination=meta-cart')
    ).body.deliveries.filter((d: any) => d.attemptLog[0]?.httpStatus === 400);
    expect(metaAdd.attemptLog.map((a: any) => [a.outcome, a.httpStatus])).toEqual([
      ['retry', 400],
      ['sent', 200],
    ]);
  });

  it('removes a contact who unsubscribes (one-click) from every audience at once, and adds them no more', async () => {
    await identify('leaver', '+44 7700 900123');
    await checkout('leaver', 'c-leaver');
    await inBoth('leaver');
    const [reminder] = await smtp.waitFor((m) => m.to.includes('leaver@'));
    const url = /<([^>]+)>/.exec(reminder.header('list-unsubscribe') ?? '')?.[1];

    const oneClick = await fetch(`${sut.url}${new URL(url!).pathname}`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'List-Unsubscribe=One-Click',
    });
    expect(oneClick.status).toBe(200);

    await inNeither('leaver', 10_000);
    expect(google.has('phone', sha('+447700900123'))).toBe(false);
    const recorded = await settledMembership('leaver');
    expect(recorded.map((m) => [m.key, m.reason])).toEqual([
      ['google-cart', 'unsubscribed'],
      ['meta-cart', 'unsubscribed'],
    ]);
    await checkout('leaver', 'c-leaver-2');
    const skipped = await waitUntil(
      async () =>
        ((await sut.request('GET', '/v1/contacts/leaver/timeline')).body.entries as any[]).find((e) =>
          /^(audience-join|google-join) skipped: the contact opted out: unsubscribed/.test(e.reason ?? ''),
        ),
      20_000,
      'add skipped after unsubscribe',
    );
    expect(skipped).toBeTruthy();
    expect(inMeta('leaver') || inGoogle('leaver')).toBe(false);
  });

  it('removes an erased contact from the hashes kept at add time', async () => {
    await identify('erased', '+31 20 123 4567');
    await checkout('erased', 'c-erased');
    await inBoth('erased');

    const erased = await sut.request('DELETE', '/v1/contacts/erased');
    expect(erased.status).toBeLessThan(300);

    await inNeither('erased');
    expect(meta.has(META_AUDIENCE, 'PHONE_SHA256', sha('31201234567'))).toBe(false);
    const left = await sut.running.app
      .get(DataSource)
      .query(`SELECT count(*) FROM contacts WHERE email ILIKE 'erased@%' OR external_id = 'erased'`);
    expect(Number(left[0].count)).toBe(0);
  });

  it('keeps the holdout group of a journey out of its retargeting audience, and says why', async () => {
    const holdoutJourney = {
      name: 'Holdout audience',
      stages: ['decision'],
      settings: { holdout: { percent: 50 } },
      flows: {
        main: {
          name: 'Main',
          trigger: { event: 'Holdout Go' },
          steps: [{ id: 'join', type: 'audience.add', destination: 'meta-cart' }],
        },
      },
    };
    expect(
      (await sut.request('PUT', '/v1/journeys/holdout-audience?publish=true', holdoutJourney)).status,
    ).toBe(200);
    const users = Array.from({ length: 12 }, (_, i) => `held-${i}`);
    for (const userId of users) {
      await identify(userId);
      await send('/v1/track', { userId, event: 'Holdout Go' });
    }
    const outcomes = await waitUntil(
      async () => {
        const rows: { external_id: string; holdout: boolean; status: string; reason: string | null }[] =
          await sut.running.app.get(DataSource).query(
            `SELECT c.external_id, r.holdout, f.status, f.reason FROM effects f JOIN runs r ON r.id = f.run_id
               JOIN contacts c ON c.id = f.contact_id JOIN journeys j ON j.id = r.journey_id
              WHERE j.key = 'holdout-audience' AND f.kind = 'audience'`,
          );
        return rows.length === users.length && rows.every((row) => row.status !== 'pending') && rows;
      },
      20_000,
      'every audience step carried out',
    );
    const held = outcomes.filter((row) => row.holdout);
    const messaged = outcomes.filter((row) => !row.holdout);
    expect(held.length).toBeGreaterThan(0);
    expect(messaged.length).toBeGreaterThan(0);
    expect(held.map((row) => [row.status, row.reason])).toEqual(held.map(() => ['skipped', HOLDOUT_REASON]));
    expect(messaged.map((row) => row.status)).toEqual(messaged.map(() => 'done'));
    await waitUntil(async () => messaged.every((row) => inMeta(row.external_id)), 20_000, 'treatment added');
    expect(held.filter((row) => inMeta(row.external_id))).toEqual([]);
  });
});
