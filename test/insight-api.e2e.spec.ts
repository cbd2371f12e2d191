import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { HOLDOUT_REASON } from '../src/insight/holdout';
import { liftOf } from '../src/insight/attribution';
import { WorkspaceService } from '../src/workspaces/workspace.service';
import { SmtpSink, type ReceivedMail } from './support/smtp-sink';
import { startTestApp, type TestApp } from './support/test-app';
import { waitUntil } from './support/wait-until';

const LINKED_MJML = `<mjml><mj-body><mj-section><mj-column>
<mj-text>Hello {{ contact.first_name | default: "there" }}, <a href="https://shop.test/new">see what is new</a>.</mj-text>
<mj-text><a href="{{ links.unsubscribe }}">unsubscribe</a></mj-text>
</mj-column></mj-section></mj-body></mjml>`;

/** Two emails an hour apart (a second with TIME_SCALE 3600), then a month's wait after an order that stays pending. */
const promoJourney = {
  name: 'Promo',
  stages: ['lead', 'customer'],
  stageRules: [
    { event: 'Signed Up', to: 'lead' },
    { event: 'Order Completed', to: 'customer' },
  ],
  flows: {
    welcome: {
      name: 'Welcome',
      stage: 'lead',
      trigger: { event: 'Signed Up' },
      entry: { reentry: 'once' },
      steps: [
        { id: 'w1', type: 'email', template: 'nurture-1' },
        { id: 'pause', type: 'wait', duration: 'PT1H' },
        { id: 'w2', type: 'email', template: 'nurture-2' },
      ],
    },
    followup: {
      name: 'Follow-up',
      stage: 'customer',
      trigger: { event: 'Order Completed' },
      entry: { reentry: 'once' },
      steps: [
        { id: 'settle', type: 'wait', duration: 'P30D' },
        { id: 'ask', type: 'email', template: 'review-request' },
      ],
    },
  },
};

const heldJourney = {
  name: 'Held',
  stages: ['in'],
  settings: { holdout: { percent: 50 } },
  flows: {
    main: {
      name: 'Main',
      trigger: { event: 'Held Start' },
      entry: { reentry: 'once' },
      steps: [{ id: 'offer', type: 'email', template: 'nurture-3' }],
    },
  },
};

const ids = (prefix: string, n: number) =>
  Array.from({ length: n }, (_, i) => `${prefix}-${String(i).padStart(2, '0')}`);
const pixelOf = (mail: ReceivedMail) => /<img src="([^"]*\/t\/o\/[^"]+)"/.exec(mail.html)![1]!;
const clickOf = (mail: ReceivedMail) => /href="([^"]*\/t\/c\/[^"]+)"/.exec(mail.html)![1]!;

/** Replays a shop's events through the public API and checks the insight API against what was sent. */
describe('insight API', () => {
  let smtp: SmtpSink;
  let sut: TestApp;
  let n = 0;
  const db = () => sut.running.app.get(DataSource);
  const post = async (path: string, body: object) => {
    const response = await sut.request('POST', path, { messageId: `ins-${(n += 1)}`, ...body });
    expect(response.status).toBe(200);
  };
  const track = (userId: string, event: string, properties: object = {}) =>
    post('/v1/track', { userId, event, properties });
  const get = async (path: string) => {
    const response = await sut.request('GET', path);
    expect(response.status).toBe(200);
    return response.body;
  };
  /** Fetches a tracking link as a mail client would (the links point at PUBLIC_URL). */
  const follow = async (url: string) => {
    const response = await fetch(`${sut.url}${new URL(url).pathname}`, { redirect: 'manual' });
    expect([200, 302]).toContain(response.status);
  };

  beforeAll(async () => {
    smtp = await new SmtpSink().start();
    sut = await startTestApp({ SMTP_URL: smtp.url, PUBLIC_URL: 'https://tp.shop.test', TIME_SCALE: '3600' });
    for (const template of ['nurture-1', 'nurture-2', 'nurture-3']) {
      const saved = await sut.request('PUT', `/v1/templates/${template}`, {
        subject: template,
        mjml: LINKED_MJML,
      });
      expect(saved.status).toBe(200);
    }
    for (const [key, definition] of [
      ['promo', promoJourney],
      ['held', heldJourney],
    ] as const) {
      expect((await sut.request('PUT', `/v1/journeys/${key}?publish=true`, definition)).status).toBe(200);
    }
  });
  afterAll(async () => {
    await sut?.close();
    await smtp?.stop();
  });

  describe('a journey replayed for 33 customers', () => {
    const withEmail = ids('c', 30);
    const noEmail = ids('x', 3);
    // c-00..c-05 open the first email, c-06..c-09 click the second, then each orders; c-10 and c-11 order untouched.
    const openers = withEmail.slice(0, 6);
    const clickers = withEmail.slice(6, 10);
    const untouched = withEmail.slice(10, 12);
    const orders = new Map<string, { total: number; currency: string }>([
      ...openers.map((id, i) => [id, { total: 10 + i, currency: 'EUR' }] as const),
      ...clickers.map((id, i) => [id, { total: 20.5 + i, currency: 'EUR' }] as const),
      [untouched[0]!, { total: 99, currency: 'EUR' }],
      [untouched[1]!, { total: 40, currency: 'USD' }],
    ]);
    const sum = (list: string[]) => list.reduce((total, id) => total + orders.get(id)!.total, 0);
    let mails: Map<string, ReceivedMail[]>;

    beforeAll(async () => {
      await post('/v1/batch', {
        batch: [
          ...withEmail.map((userId) => ({
            type: 'identify',
            userId,
            messageId: `ins-id-${userId}`,
            traits: { email: `${userId}@shop.test`, first_name: userId },
          })),
          ...noEmail.map((userId) => ({
            type: 'identify',
            userId,
            messageId: `ins-id-${userId}`,
            traits: {},
          })),
        ],
      });
      for (const userId of [...withEmail, ...noEmail]) await track(userId, 'Signed Up', { source: 'footer' });
      await smtp.waitFor((m) => /^c-\d+@/.test(m.to), 60, 30_000);
      await waitUntil(
        async () => {
          const [row] = await db().query(
            `SELECT count(*) FILTER (WHERE r.status = 'completed')::int AS done FROM runs r
               JOIN journeys j ON j.id = r.journey_id WHERE j.key = 'promo' AND r.flow = 'welcome'`,
          );
          return row.done === 33;
        },
        30_000,
        'every welcome run completed',
      );
      mails = new Map(withEmail.map((id) => [id, smtp.messages.filter((m) => m.to.startsWith(`${id}@`))]));
      const mail = (id: string, subject: string) => mails.get(id)!.find((m) => m.subject === subject)!;
      for (const id of openers) await follow(pixelOf(mail(id, 'nurture-1')));
      for (const id of clickers) await follow(clickOf(mail(id, 'nurture-2')));
      for (const [userId, order] of orders) {
        await track(userId, 'Order Completed', { order_id: `o-${userId}`, ...order });
      }
      await waitUntil(
        async () => (await get('/v1/insight/results')).orders === orders.size,
        20_000,
        'orders',
      );
    });

    it('sent each customer with an address both emails, and nobody else', () => {
      expect([...mails.values()].map((list) => list.map((m) => m.subject).sort())).toEqual(
        withEmail.map(() => ['nurture-1', 'nurture-2']),
      );
    });

    it('maps stages now, entered and moved on', async () => {
      const map = await get('/v1/insight/journeys/promo/map?days=7');
      const [lead, customer] = map.stages;

      expect(map.journey).toMatchObject({ key: 'promo', customers: 33 });
      expect(lead).toMatchObject({ stage: 'lead', now: 33 - orders.size, entered: 33, movedOn: orders.size });
      expect(lead.conversion).toBeCloseTo(orders.size / 33, 10);
      expect(customer).toMatchObject({
        stage: 'customer',
        now: orders.size,
        entered: orders.size,
        movedOn: 0,
      });
      expect(map.biggestLeak).toMatchObject({ stage: 'lead', next: 'customer', entered: 33 });
    });

    it('counts the funnel per step: entered, sent, skipped by reason, opened, clicked, converted, waiting', async () => {
      const funnel = await get('/v1/insight/journeys/promo/funnel');
      const [welcome, followup] = funnel.flows;
      const step = (id: string) => welcome.steps.find((s: any) => s.stepId === id);

      expect(welcome).toMatchObject({ key: 'welcome', stage: 'lead', entered: 33 });
      expect(step('w1')).toMatchObject({
        counted: true,
        entered: 33,
        waiting: 0,
        sent: withEmail.length,
        skipped: noEmail.length,
        skippedBy: [{ code: 'no-email', label: 'no email address', count: noEmail.length }],
        deferred: 0,
        delivered: withEmail.length,
        opened: openers.length,
        clicked: 0,
        converted: openers.length,
        template: 'nurture-1',
        previewUrl: '/app/journeys/promo/preview/nurture-1',
      });
      expect(step('pause')).toMatchObject({ entered: 33, sent: 0, delivered: null, converted: null });
      expect(step('w2')).toMatchObject({
        entered: 33,
        sent: withEmail.length,
        skipped: noEmail.length,
        opened: clickers.length,
        clicked: clickers.length,
        converted: clickers.length,
      });
      expect(followup.entered).toBe(orders.size);
      expect(followup.steps.map((s: any) => [s.stepId, s.entered, s.waiting])).toEqual([
        ['settle', orders.size, orders.size],
        ['ask', 0, 0],
      ]);
    });

    it('attributes orders and revenue to the journey and its messages, last touch', async () => {
      const results = await get('/v1/insight/journeys/promo/results?days=30');
      const attributed = sum([...openers, ...clickers]);

      expect(results).toMatchObject({
        attributionWindow: 'P5D',
        conversions: openers.length + clickers.length,
        recipients: withEmail.length,
        currency: 'EUR',
        currencies: ['EUR'],
        holdout: null,
      });
      expect(results.revenue).toBeCloseTo(attributed, 2);
      expect(results.revenuePerRecipient).toBeCloseTo(attributed / withEmail.length, 2);
      expect(results.messages.map((m: any) => [m.stepId, m.recipients, m.conversions, m.revenue])).toEqual([
        ['w1', withEmail.length, openers.length, sum(openers)],
        ['w2', withEmail.length, clickers.length, sum(clickers)],
        ['ask', 0, 0, 0],
      ]);

      const workspace = await get('/v1/insight/results?days=7');
      expect(workspace).toMatchObject({
        orders: orders.size,
        attributedOrders: openers.length + clickers.length,
        currency: 'EUR',
        currencies: ['EUR', 'USD'],
        journeys: [{ key: 'promo', name: 'Promo', conversions: openers.length + clickers.length }],
      });
      expect(workspace.revenue).toBeCloseTo(sum([...orders.keys()]), 2);
      expect(workspace.attributedRevenue).toBeCloseTo(attributed, 2);
    });

    it('finds customers by the start of their id or email, with their stage per journey', async () => {
      const found = (await get('/v1/insight/customers?q=C-0')).customers;

      expect(found.map((c: any) => c.userId)).toEqual(withEmail.slice(0, 10));
      expect(found[0].email).toBe('c-00@shop.test');
      // Every published journey keeps a stage for each contact it has seen (the default one too).
      expect(found[0].stages).toContainEqual({
        journey: 'promo',
        journeyName: 'Promo',
        stage: 'customer',
        since: expect.any(String),
      });
      expect(found[9].stages).toContainEqual(
        expect.objectContaining({ journey: 'promo', stage: 'customer' }),
      );
      expect((await get('/v1/insight/customers?q=c-29@SHOP')).customers.map((c: any) => c.userId)).toEqual([
        'c-29',
      ]);
      expect((await get('/v1/insight/customers?q=c_')).customers).toEqual([]);
      const missing = await sut.request('GET', '/v1/insight/customers');
      expect(missing.status).toBe(400);
      expect(missing.body.error.details[0].path).toBe('$.query.q');
    });
  });

  describe('a journey with a 50 % holdout', () => {
    const customers = ids('h', 40);
    const buyers = customers.filter((_, i) => i % 3 === 0);

    it('sends the holdout group nothing, says why, and compares the groups with the runs table', async () => {
      for (const userId of customers) {
        await post('/v1/identify', { userId, traits: { email: `${userId}@shop.test` } });
        await track(userId, 'Held Start');
      }
      const runs = await waitUntil(
        async () => {
          const found: { external_id: string; holdout: boolean; status: string }[] = await db().query(
            `SELECT c.external_id, r.holdout, f.status FROM runs r JOIN journeys j ON j.id = r.journey_id
               JOIN contacts c ON c.id = r.contact_id JOIN effects f ON f.run_id = r.id
              WHERE j.key = 'held' AND r.flow = 'main'`,
          );
          return found.length === customers.length && found.every((r) => r.status !== 'pending') && found;
        },
        30_000,
        'every offer sent or skipped',
      );
      const held = runs.filter((r) => r.holdout).map((r) => r.external_id);
      const messaged = runs.filter((r) => !r.holdout).map((r) => r.external_id);
      expect(held.length).toBeGreaterThan(0);
      expect(messaged.length).toBeGreaterThan(0);
      await smtp.waitFor((m) => /^h-\d+@/.test(m.to), messaged.length);
      expect(smtp.messages.filter((m) => held.some((id) => m.to.startsWith(`${id}@`)))).toEqual([]);
      const [skipReason] = await db().query(
        `SELECT DISTINCT f.reason FROM effects f JOIN runs r ON r.id = f.run_id WHERE r.holdout AND r.flow = 'main'`,
      );
      expect(skipReason.reason).toBe(HOLDOUT_REASON);

      for (const userId of buyers)
        await track(userId, 'Order Completed', { order_id: `o-${userId}`, total: 30 });
      await waitUntil(
        async () => (await get('/v1/insight/results')).orders === 12 + buyers.length,
        20_000,
        'holdout orders',
      );

      const funnel = await get('/v1/insight/journeys/held/funnel?days=90');
      expect(funnel.flows[0].steps[0]).toMatchObject({
        entered: customers.length,
        sent: messaged.length,
        skipped: held.length,
        skippedBy: [{ code: 'holdout', count: held.length }],
      });
      const results = await get('/v1/insight/journeys/held/results');
      const group = (list: string[]) => ({
        entrants: list.length,
        converted: list.filter((id) => buyers.includes(id)).length,
      });
      const expected = liftOf(group(messaged), group(held))!;
      expect(results.holdout).toEqual({
        percent: 50,
        treatment: { ...group(messaged), rate: expected.treatmentRate },
        holdout: { ...group(held), rate: expected.holdoutRate },
        lift: expected.lift,
        difference: expected.difference,
        confidence: expected.confidence,
      });
      // Nobody opened or clicked the offer, so no order is attributed to it.
      expect(results).toMatchObject({ conversions: 0, revenue: 0, recipients: messaged.length });
    });
  });

  describe('empty states and bad input', () => {
    it('answers a new workspace and a journey without runs with zeros and nulls', async () => {
      const workspaceId = randomUUID();
      const key = `tp_insight_${workspaceId.slice(0, 8)}_key`;
      await db().query(
        `INSERT INTO workspaces (id, name, timezone, created_at) VALUES ($1, 'New', 'UTC', now())`,
        [workspaceId],
      );
      await sut.running.app.get(WorkspaceService).addKey(workspaceId, key, 'test');
      const as = (method: string, path: string, body?: unknown) =>
        sut.request(method, path, body, { authorization: `Bearer ${key}` });

      expect((await as('GET', '/v1/insight/journeys')).body).toEqual({ journeys: [] });
      expect((await as('GET', '/v1/insight/results')).body).toMatchObject({
        orders: 0,
        revenue: 0,
        attributedOrders: 0,
        attributedRevenue: 0,
        currency: null,
        currencies: [],
        journeys: [],
      });
      expect((await as('GET', '/v1/insight/customers?q=c-')).body).toEqual({ customers: [] });

      expect((await as('PUT', '/v1/journeys/quiet', promoJourney)).status).toBe(200);
      const map = await as('GET', '/v1/insight/journeys/quiet/map');
      expect(map.status).toBe(200);
      expect(map.body.stages.map((s: any) => [s.now, s.entered, s.conversion])).toEqual([
        [0, 0, null],
        [0, 0, null],
      ]);
      expect(map.body.biggestLeak).toBeNull();
      const funnel = await as('GET', '/v1/insight/journeys/quiet/funnel');
      expect(funnel.status).toBe(200);
      const numbers = funnel.body.flows.flatMap((f: any) => [
        f.entered,
        ...f.steps.flatMap((s: any) => [s.entered, s.waiting, s.sent, s.skipped]),
      ]);
      expect(numbers.every((value: number) => value === 0)).toBe(true);
      const results = await as('GET', '/v1/insight/journeys/quiet/results');
      expect(results.body).toMatchObject({
        conversions: 0,
        revenue: 0,
        recipients: 0,
        revenuePerRecipient: null,
        currency: null,
        holdout: null,
      });
      expect(results.body.messages.every((m: any) => m.revenuePerRecipient === null)).toBe(true);
    });

    it.each(['map', 'funnel', 'results'])(
      'answers an unknown journey with 404 not_found (%s)',
      async (page) => {
        const response = await sut.request('GET', `/v1/insight/journeys/nope/${page}`);

        expect(response.status).toBe(404);
        expect(response.body.error.code).toBe('not_found');
      },
    );

    it.each(['journeys/promo/map', 'journeys/promo/funnel', 'journeys/promo/results', 'results'])(
      'answers a bad period with 400 naming $.query.days (%s)',
      async (path) => {
        const response = await sut.request('GET', `/v1/insight/${path}?days=14`);

        expect(response.status).toBe(400);
        expect(response.body.error).toMatchObject({
          code: 'validation_failed',
          details: [{ path: '$.query.days' }],
        });
      },
    );
  });
});
