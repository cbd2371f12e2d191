import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { formatCount, formatDuration, formatMoney, formatPercent } from '../src/web/web-format';
import { emailLinks } from '../src/demo/demo-engagement';
import { hashKey } from '../src/workspaces/workspace.service';
import { launchBrowser } from './support/browser';
import { startTestApp, type TestApp } from './support/test-app';
import { waitUntil } from './support/wait-until';

// Browser globals, used only inside page.evaluate (the test build has no DOM lib).
declare const document: any;
declare const window: { innerWidth: number };

const JOURNEY = 'customer-lifecycle';
const STAGES = ['awareness', 'consideration', 'decision', 'retention', 'advocacy'];

/** The shop the test replays: each customer's events, and where that leaves them on the map. */
interface Shopper {
  userId: string;
  email: boolean;
  lead: boolean;
  cart: boolean;
  order: { total: number } | null;
  nps: number | null;
}
const SHOP: Shopper[] = [
  { userId: 'aw-1', email: true, lead: false, cart: false, order: null, nps: null },
  { userId: 'aw-2', email: true, lead: false, cart: false, order: null, nps: null },
  { userId: 'co-1', email: true, lead: true, cart: false, order: null, nps: null },
  // No email address: the welcome email is skipped, with its reason.
  { userId: 'co-2', email: false, lead: true, cart: false, order: null, nps: null },
  { userId: 'de-1', email: true, lead: true, cart: true, order: null, nps: null },
  { userId: 'de-2', email: true, lead: true, cart: true, order: null, nps: null },
  { userId: 're-1', email: true, lead: true, cart: true, order: { total: 40 }, nps: 3 },
  { userId: 're-2', email: true, lead: true, cart: true, order: { total: 60 }, nps: 10 },
  { userId: 're-3', email: true, lead: true, cart: true, order: { total: 25 }, nps: 8 },
];

/** Where each customer ends up, from the stage rules: lead → consideration, checkout → decision, order → retention, NPS ≥ 9 → advocacy. */
function expectedStage(s: Shopper): string {
  if (s.nps !== null && s.nps >= 9) return 'advocacy';
  if (s.order) return 'retention';
  if (s.cart) return 'decision';
  if (s.lead) return 'consideration';
  return 'awareness';
}
/** The index of the furthest stage each customer reached: everyone entered every stage up to it. */
const reached = (s: Shopper) => STAGES.indexOf(expectedStage(s));

/**
 * The dashboard in a real headless Chromium, on a small shop replayed through the public API: every page's numbers
 * against the insight API and against counts computed here from the events sent; login, empty states, bad input,
 * phone width.
 */
describe('dashboard pages in a browser', () => {
  let sut: TestApp;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let n = 0;
  const id = () => `dash-${Date.now()}-${(n += 1)}`;
  const track = async (userId: string, event: string, properties: Record<string, unknown> = {}) => {
    const response = await sut.request('POST', '/v1/track', { userId, event, properties, messageId: id() });
    expect(response.status).toBe(200);
  };
  const mailbox = async () =>
    (await sut.request('GET', '/v1/mailbox?limit=500')).body.messages as {
      effectId: string;
      to: string;
      subject: string;
    }[];
  const mailsTo = async (userId: string) => (await mailbox()).filter((m) => m.to === `${userId}@shop.test`);
  const api = async (path: string) => {
    const response = await sut.request('GET', path);
    expect(response.status).toBe(200);
    return response.body;
  };

  /** Opens the customer's only email: loads its tracking pixel, as a mail client showing images would. */
  async function engage(userId: string): Promise<void> {
    const [message] = await mailsTo(userId);
    const html = (await sut.request('GET', `/v1/mailbox/${message.effectId}`)).body as string;
    const { pixel } = emailLinks(html);
    expect(pixel).not.toBeNull();
    const url = new URL(pixel!);
    const response = await fetch(`${sut.url}${url.pathname}${url.search}`);
    expect(response.status).toBe(200);
  }

  async function open(path: string, target: Page = page): Promise<Page> {
    const response = await target.goto(`${sut.url}${path}`);
    expect(response?.status()).toBe(200);
    return target;
  }
  const text = (target: Page, selector: string) => target.locator(selector).first().innerText();
  const value = async (target: Page, selector: string) =>
    target.locator(selector).first().getAttribute('data-value');

  async function login(target: Page, key: string): Promise<void> {
    await target.getByLabel('API key').fill(key);
    await Promise.all([
      target.waitForURL(() => true),
      target.getByRole('button', { name: 'Log in' }).click(),
    ]);
  }

  async function replayShop(): Promise<void> {
    // Identify, then a first visit: everyone enters the journey at its first stage.
    const batch = await sut.request('POST', '/v1/batch', {
      batch: SHOP.flatMap((s) => [
        {
          type: 'identify',
          userId: s.userId,
          messageId: id(),
          traits: { first_name: s.userId, ...(s.email ? { email: `${s.userId}@shop.test` } : {}) },
        },
        { type: 'track', event: 'Product Viewed', userId: s.userId, messageId: id(), properties: {} },
      ]),
    });
    expect(batch.status).toBe(200);
    expect(batch.body.accepted).toBe(SHOP.length * 2);
    await waitUntil(
      async () => (await api(`/v1/insight/journeys/${JOURNEY}/map?days=7`)).journey.customers === SHOP.length,
      20_000,
      'everyone in the journey',
    );
    for (const s of SHOP.filter((x) => x.lead)) await track(s.userId, 'Lead Created');
    // The welcome email goes to every lead with an address; orders placed after it are attributed to it.
    await waitUntil(
      async () => (await mailbox()).filter((m) => m.to.endsWith('@shop.test')).length === 6,
      20_000,
      'welcome emails',
    );
    // Buyers open their welcome email (its own tracking pixel): that touch earns their order.
    for (const s of SHOP.filter((x) => x.order)) await engage(s.userId);
    await waitUntil(
      async () => {
        const funnel = await api(`/v1/insight/journeys/${JOURNEY}/funnel?days=30`);
        const nurture = funnel.flows.find((flow: { key: string }) => flow.key === 'nurture');
        const welcome = nurture.steps.find((step: { stepId: string }) => step.stepId === 'nurture-1');
        return welcome.opened === SHOP.filter((x) => x.order).length;
      },
      20_000,
      'opens recorded',
    );
    for (const s of SHOP.filter((x) => x.cart)) {
      await track(s.userId, 'Product Added', { cart_id: `cart-${s.userId}`, price: 20 });
      await track(s.userId, 'Checkout Started', { cart_id: `cart-${s.userId}`, value: 20 });
    }
    for (const s of SHOP.filter((x) => x.order)) {
      await track(s.userId, 'Order Completed', {
        cart_id: `cart-${s.userId}`,
        order_id: `order-${s.userId}`,
        total: s.order!.total,
        currency: 'EUR',
      });
      await track(s.userId, 'Order Delivered', { order_id: `order-${s.userId}` });
    }
    // Abandoned carts get their first reminder; delivered orders their review request.
    for (const s of SHOP.filter((x) => x.cart)) {
      await waitUntil(
        async () => (await mailsTo(s.userId)).length === 2,
        20_000,
        `second email to ${s.userId}`,
      );
    }
    for (const s of SHOP.filter((x) => x.nps !== null)) {
      await track(s.userId, 'NPS Submitted', { score: s.nps, order_id: `order-${s.userId}` });
    }
    await waitUntil(
      async () => {
        const map = await api(`/v1/insight/journeys/${JOURNEY}/map?days=7`);
        return map.stages.find((c: { stage: string }) => c.stage === 'advocacy').now === 1;
      },
      20_000,
      'the promoter in advocacy',
    );
    // The promoter's public-review ask and the passive's thanks follow the answers.
    await waitUntil(async () => (await mailsTo('re-2')).length === 3, 20_000, 'public review ask');
    await waitUntil(async () => (await mailsTo('re-3')).length === 3, 20_000, 'NPS thanks');
    await waitUntil(
      async () => (await mailbox()).some((m) => m.to === 'care@team.test'),
      20_000,
      'the detractor alert to the team',
    );
  }

  beforeAll(async () => {
    sut = await startTestApp({ PUBLIC_URL: 'http://touchpoint.test' });
    const saved = await sut.request('PUT', `/v1/journeys/${JOURNEY}?publish=true`, {
      template: JOURNEY,
      params: {
        nurture: { delays: ['P2D', 'P2D'] },
        cart: { firstReminderAfter: 'PT3S', secondReminderAfter: 'P1D', lastReminderAfter: 'P2D' },
        review: {
          requestAfterDelivery: 'PT1S',
          requestAfterOrderIfNoDelivery: 'P14D',
          reminderAfter: 'P4D',
          publicReviewUrl: 'https://reviews.example.com/shop',
          alertEmail: 'care@team.test',
        },
      },
    });
    expect(saved.status).toBe(200);
    // A second journey, never published: no runs.
    const draft = await sut.request('PUT', '/v1/journeys/win-back', {
      definition: {
        key: 'win-back',
        name: 'Win-back',
        stages: ['lapsed', 'returned'],
        stageRules: [{ event: 'Order Completed', to: 'returned' }],
        settings: { holdout: { percent: 20 } },
        flows: {
          winback: {
            name: 'Win-back email',
            stage: 'lapsed',
            trigger: { event: 'Customer Lapsed' },
            steps: [{ id: 'winback-1', type: 'email', template: 'nurture-1' }],
          },
        },
      },
    });
    expect(draft.status).toBe(200);
    await replayShop();
    browser = await launchBrowser();
    context = await browser.newContext();
    page = await context.newPage();
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await sut?.close();
  });

  it('sends a visitor without a session to the login form and back, with an HttpOnly SameSite=Lax cookie', async () => {
    const response = await page.goto(`${sut.url}/app/journeys/${JOURNEY}?days=7`);
    expect(new URL(page.url()).pathname).toBe('/app/login');
    expect(new URL(page.url()).searchParams.get('next')).toBe(`/app/journeys/${JOURNEY}?days=7`);
    expect(response?.status()).toBe(200);

    await login(page, 'tp_not_a_key');
    await expect(text(page, '[data-testid=login-error]')).resolves.toMatch(/not known/);
    expect(new URL(page.url()).pathname).toBe('/app/login');

    await login(page, sut.key);
    expect(page.url()).toBe(`${sut.url}/app/journeys/${JOURNEY}?days=7`);
    const [cookie] = await context.cookies();
    expect(cookie).toMatchObject({ name: 'tp_session', httpOnly: true, sameSite: 'Lax', path: '/app' });
    expect(cookie.value).not.toContain(sut.key);
  });

  it('refuses a wrong key, a forged session and a redirect to another site', async () => {
    const wrong = await fetch(`${sut.url}/app`, { headers: { authorization: 'Bearer tp_wrong' } });
    expect(wrong.status).toBe(401);
    await expect(wrong.text()).resolves.toContain('This key is not known here.');
    const forged = await fetch(`${sut.url}/app`, {
      headers: {
        cookie:
          'tp_session=eyJ3IjoiMDAwMDAwMDAtMDAwMC00MDAwLTgwMDAtMDAwMDAwMDAwMDAxIiwiZSI6OTk5OTk5OTk5OSwiayI6IngifQ.forged',
      },
      redirect: 'manual',
    });
    expect(forged.status).toBe(303);
    expect(forged.headers.get('location')).toBe('/app/login?next=%2Fapp');
    const offsite = await fetch(`${sut.url}/app/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ key: sut.key, next: '//evil.example/app' }).toString(),
      redirect: 'manual',
    });
    expect(offsite.status).toBe(303);
    expect(offsite.headers.get('location')).toBe('/app');
    const crossSite = await fetch(`${sut.url}/app/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin: 'https://evil.example' },
      body: new URLSearchParams({ key: sut.key }).toString(),
      redirect: 'manual',
    });
    expect(crossSite.status).toBe(403);
    expect(crossSite.headers.get('set-cookie')).toBeNull();
  });

  it('lists the journeys with their customers and the orders of the period', async () => {
    await open('/app');
    const journeys = (await api('/v1/insight/journeys')).journeys as { key: string; customers: number }[];
    const rows = page.locator('[data-testid=journey-row]');
    await expect(rows.count()).resolves.toBe(journeys.length);
    for (const journey of journeys) {
      await expect(
        value(page, `[data-testid=journey-row][data-key="${journey.key}"] [data-testid=customers]`),
      ).resolves.toBe(String(journey.customers));
    }
    await expect(
      text(page, `[data-testid=journey-row][data-key="${JOURNEY}"] [data-testid=customers]`),
    ).resolves.toBe(String(SHOP.length));
    await expect(
      text(page, '[data-testid=journey-row][data-key=win-back] [data-testid=customers]'),
    ).resolves.toBe('0');
    const orders = SHOP.filter((s) => s.order);
    const revenue = orders.reduce((sum, s) => sum + s.order!.total, 0);
    await expect(text(page, '[data-testid=orders]')).resolves.toBe(String(orders.length));
    await expect(text(page, '[data-testid=revenue]')).resolves.toBe(formatMoney(revenue, 'EUR'));
    const results = await api('/v1/insight/results?days=30');
    await expect(value(page, '[data-testid=attributed-revenue]')).resolves.toBe(
      String(results.attributedRevenue),
    );
  });

  it('draws the journey map: stage columns with live numbers, the biggest leak, the NPS line', async () => {
    await open(`/app/journeys/${JOURNEY}?days=7`);
    const map = await api(`/v1/insight/journeys/${JOURNEY}/map?days=7`);
    const columns = page.locator('[data-testid=stage]');
    await expect(columns.evaluateAll((els: any[]) => els.map((e) => e.dataset.stage))).resolves.toEqual(
      STAGES,
    );
    for (const [index, stage] of STAGES.entries()) {
      const column = `[data-testid=stage][data-stage=${stage}]`;
      const api = map.stages[index];
      // Independently: who is here now, who entered (everyone who reached it), who moved on.
      const now = SHOP.filter((s) => expectedStage(s) === stage).length;
      const entered = SHOP.filter((s) => reached(s) >= index).length;
      const movedOn = SHOP.filter((s) => reached(s) > index).length;
      expect({ now: api.now, entered: api.entered, movedOn: api.movedOn }).toEqual({ now, entered, movedOn });
      await expect(text(page, `${column} [data-testid=now]`)).resolves.toBe(formatCount(now));
      await expect(text(page, `${column} [data-testid=entered]`)).resolves.toBe(formatCount(entered));
      await expect(text(page, `${column} [data-testid=moved-on]`)).resolves.toBe(formatCount(movedOn));
      const conversion = index === STAGES.length - 1 ? null : movedOn / entered;
      await expect(text(page, `${column} [data-testid=conversion]`)).resolves.toBe(formatPercent(conversion));
      await expect(text(page, `${column} [data-testid=median-time]`)).resolves.toBe(
        formatDuration(api.medianSecondsToMoveOn),
      );
      await expect(text(page, `${column} [data-testid=exits]`)).resolves.toBe(
        index === STAGES.length - 1 ? '–' : '0',
      );
      await expect(page.locator(`${column} [data-testid=touchpoint]`).count()).resolves.toBe(
        api.touchpoints.length,
      );
    }
    // Moving on takes seconds here, so every stage but the last has a median time.
    expect(map.stages.slice(0, 4).every((c: any) => c.medianSecondsToMoveOn !== null)).toBe(true);
    // Lowest conversion: retention, where one of three moved on.
    await expect(
      page.locator('[data-testid=stage][data-leak=true]').getAttribute('data-stage'),
    ).resolves.toBe('retention');
    expect(map.biggestLeak.stage).toBe('retention');
    await expect(text(page, '[data-testid=biggest-leak]')).resolves.toContain('retention → advocacy');
    await expect(text(page, '[data-testid=leak-entered]')).resolves.toBe('3');
    await expect(text(page, '[data-testid=leak-moved-on]')).resolves.toBe('1');
    await expect(text(page, '[data-testid=leak-conversion]')).resolves.toBe(formatPercent(1 / 3));
    // NPS answers were given in retention: 1 promoter, 1 passive, 1 detractor → 0.
    await expect(text(page, '[data-testid=stage][data-stage=retention] [data-testid=nps]')).resolves.toBe(
      '0 (3 answers)',
    );
    await expect(page.locator('[data-testid=nps-chart] svg').count()).resolves.toBe(1);
    await expect(page.locator('[data-testid=took-ms]').count()).resolves.toBe(1);
    // The period selector is a plain form.
    await page.selectOption('#days', '90');
    await Promise.all([page.waitForURL(/days=90/), page.getByRole('button', { name: 'Show' }).click()]);
    await expect(text(page, '[data-testid=stage][data-stage=awareness] [data-testid=entered]')).resolves.toBe(
      String(SHOP.length),
    );
  });

  it('shows the touchpoint funnel per step, with skips by reason and the message preview', async () => {
    await open(`/app/journeys/${JOURNEY}/funnel?days=30`);
    const funnel = await api(`/v1/insight/journeys/${JOURNEY}/funnel?days=30`);
    for (const flow of funnel.flows) {
      for (const step of flow.steps) {
        const row = `[data-testid=funnel-step][data-flow="${flow.key}"][data-step="${step.stepId}"]`;
        for (const key of ['waiting', ...(step.counted ? ['entered', 'sent', 'skipped', 'deferred'] : [])]) {
          await expect(value(page, `${row} [data-testid=${key}]`)).resolves.toBe(String(step[key]));
        }
        for (const key of ['delivered', 'opened', 'clicked', 'converted']) {
          await expect(value(page, `${row} [data-testid=${key}]`)).resolves.toBe(
            step[key] === null || !step.counted ? '' : String(step[key]),
          );
        }
      }
    }
    const leads = SHOP.filter((s) => s.lead);
    const welcome = '[data-testid=funnel-step][data-flow=nurture][data-step=nurture-1]';
    await expect(text(page, `${welcome} [data-testid=entered]`)).resolves.toBe(String(leads.length));
    await expect(text(page, `${welcome} [data-testid=sent]`)).resolves.toBe(
      String(leads.filter((s) => s.email).length),
    );
    await expect(text(page, `${welcome} [data-testid=skipped]`)).resolves.toBe('1');
    await expect(
      page.locator(`${welcome} [data-testid=skip-reason][data-code=no-email]`).getAttribute('data-value'),
    ).resolves.toBe('1');
    // Orders were placed after the welcome email only: it converted each of them.
    await expect(text(page, `${welcome} [data-testid=converted]`)).resolves.toBe(
      String(SHOP.filter((s) => s.order).length),
    );
    const abandoned = SHOP.filter((s) => s.cart && !s.order).length;
    await expect(
      text(page, '[data-testid=funnel-step][data-flow=cart][data-step=reminder-1] [data-testid=sent]'),
    ).resolves.toBe(String(abandoned));
    await expect(
      text(page, '[data-testid=funnel-step][data-flow=cart][data-step=wait-2] [data-testid=waiting]'),
    ).resolves.toBe(String(abandoned));
    const buyers = String(SHOP.filter((s) => s.order).length);
    await expect(text(page, `${welcome} [data-testid=opened]`)).resolves.toBe(buyers);
    await expect(text(page, `${welcome} [data-testid=preview]`)).resolves.toMatch(/“.+”/);
    await expect(page.locator('[data-testid=funnel-chart] svg').count()).resolves.toBeGreaterThan(0);

    await Promise.all([
      page.waitForURL(/preview/),
      page.locator(`${welcome} a`, { hasText: 'preview' }).click(),
    ]);
    expect(new URL(page.url()).pathname).toBe(`/app/journeys/${JOURNEY}/preview/nurture-1`);
    await expect(text(page, '[data-testid=subject]')).resolves.not.toBe('');
    await expect(page.locator('iframe[sandbox]').count()).resolves.toBe(1);
    await expect(page.frameLocator('iframe').locator('body').innerText()).resolves.toContain('Jane');
  });

  it('shows the results: attributed orders and revenue per journey and message, per recipient', async () => {
    await open(`/app/journeys/${JOURNEY}/results?days=30`);
    const results = await api(`/v1/insight/journeys/${JOURNEY}/results?days=30`);
    const orders = SHOP.filter((s) => s.order);
    const revenue = orders.reduce((sum, s) => sum + s.order!.total, 0);
    const recipients = SHOP.filter((s) => s.email && s.lead).length;
    expect({
      conversions: results.conversions,
      revenue: results.revenue,
      recipients: results.recipients,
    }).toEqual({
      conversions: orders.length,
      revenue,
      recipients,
    });
    await expect(text(page, '[data-testid=totals] [data-testid=conversions]')).resolves.toBe(
      String(orders.length),
    );
    await expect(text(page, '[data-testid=totals] [data-testid=revenue]')).resolves.toBe(
      formatMoney(revenue, 'EUR'),
    );
    await expect(text(page, '[data-testid=totals] [data-testid=recipients]')).resolves.toBe(
      String(recipients),
    );
    await expect(text(page, '[data-testid=totals] [data-testid=revenue-per-recipient]')).resolves.toBe(
      formatMoney(Math.round((revenue / recipients) * 100) / 100, 'EUR'),
    );
    for (const message of results.messages) {
      const row = `[data-testid=message][data-flow="${message.flow}"][data-step="${message.stepId}"]`;
      await expect(value(page, `${row} [data-testid=recipients]`)).resolves.toBe(String(message.recipients));
      await expect(value(page, `${row} [data-testid=conversions]`)).resolves.toBe(
        String(message.conversions),
      );
      await expect(value(page, `${row} [data-testid=revenue]`)).resolves.toBe(String(message.revenue));
    }
    await expect(
      text(page, '[data-testid=message][data-step=nurture-1] [data-testid=revenue]'),
    ).resolves.toBe(formatMoney(revenue, 'EUR'));
    await expect(page.locator('[data-testid=results-chart] svg').count()).resolves.toBe(1);
    await expect(page.locator('[data-testid=no-holdout]').count()).resolves.toBe(1);
  });

  it('draws the journey definition as diagrams of its stages and flows', async () => {
    await open(`/app/journeys/${JOURNEY}/diagram`);
    await expect(page.locator('[data-testid=diagram-stages] svg').count()).resolves.toBe(1);
    const flows = await page
      .locator('[data-testid=diagram-flow]')
      .evaluateAll((els: any[]) => els.map((e) => e.dataset.flow));
    expect([...flows].sort()).toEqual(['cart', 'nps', 'nurture', 'review']);
    await expect(page.locator('[data-testid=diagram-flow] svg').count()).resolves.toBe(4);
    await expect(page.locator('[data-testid=diagram-stages]').innerText()).resolves.toContain('retention');
  });

  it('finds customers and explains their path: stages, events, sends and skips with reasons', async () => {
    await open('/app/customers?q=re-');
    const found = (await api('/v1/insight/customers?q=re-')).customers as { userId: string }[];
    const rows = await page
      .locator('[data-testid=customer-row]')
      .evaluateAll((els: any[]) => els.map((e) => e.dataset.user));
    expect(rows).toEqual(found.map((c) => c.userId));
    expect(rows).toEqual(SHOP.filter((s) => s.userId.startsWith('re-')).map((s) => s.userId));
    await expect(
      text(page, '[data-testid=customer-row][data-user=re-2] [data-testid=customer-stage]'),
    ).resolves.toBe('advocacy');

    await Promise.all([page.waitForURL(/customers\/re-2/), page.getByRole('link', { name: 're-2' }).click()]);
    const path = await page
      .locator('[data-testid=stage-path][data-journey=customer-lifecycle] [data-testid=stage-move] strong')
      .allInnerTexts();
    expect(path.join(' | ')).toMatch(
      /awareness.*\|.*consideration.*\|.*decision.*\|.*retention.*\|.*advocacy/,
    );
    const timeline = (await api('/v1/contacts/re-2/timeline')).entries as unknown[];
    await expect(page.locator('[data-testid=timeline-entry]').count()).resolves.toBe(timeline.length);

    // Why did co-2 not get the welcome email?
    await open('/app/customers/co-2');
    const skipped = page.locator('[data-testid=timeline-entry]', {
      has: page.locator('[data-testid=outcome]', { hasText: 'skipped' }),
    });
    await expect(skipped.first().locator('[data-testid=reason]').innerText()).resolves.toContain(
      'no email address',
    );
    await expect(text(page, '[data-testid=customer-email]')).resolves.toBe('–');

    const unknown = await page.goto(`${sut.url}/app/customers/nobody-here`);
    expect(unknown?.status()).toBe(404);
    await expect(text(page, '[data-testid=message]')).resolves.toContain('contact nobody-here not found');
    await open('/app/customers?q=zz-none');
    await expect(page.locator('[data-testid=no-customers]').count()).resolves.toBe(1);
  });

  it('shows the dev mailbox with every email rendered in a sandboxed frame', async () => {
    await open('/app/mailbox');
    const messages = (await api('/v1/mailbox?limit=50')).messages as { effectId: string }[];
    const shown = await page
      .locator('[data-testid=mailbox-message]')
      .evaluateAll((els: any[]) => els.map((e) => e.dataset.effect));
    expect(shown).toEqual(messages.map((m) => m.effectId));
    // Independently: welcome to 6, cart reminder to 2, review request to 3, ask + thanks + team alert.
    expect(shown).toHaveLength(6 + 2 + 3 + 3);
    await expect(page.locator('[data-testid=mailbox-message] iframe[sandbox=""]').count()).resolves.toBe(
      shown.length,
    );
    await expect(page.frameLocator('iframe').first().locator('body').innerText()).resolves.not.toBe('');

    await open('/app/mailbox?to=de-1%40shop.test');
    await expect(page.locator('[data-testid=mailbox-message]').count()).resolves.toBe(2);
  });

  it('answers bad input and unknown journeys with pages, not errors', async () => {
    const bad = await page.goto(`${sut.url}/app/journeys/${JOURNEY}?days=14`);
    expect(bad?.status()).toBe(400);
    await expect(text(page, '[data-testid=message]')).resolves.toMatch(/days must be one of 7, 30, 90.*days/);
    for (const suffix of ['', '/funnel', '/results', '/diagram', '/preview/nurture-1']) {
      const unknown = await page.goto(`${sut.url}/app/journeys/no-such-journey${suffix}`);
      expect(unknown?.status()).toBe(404);
      await expect(text(page, 'h1')).resolves.toBe('Not found');
    }
    const badFunnel = await page.goto(`${sut.url}/app/journeys/${JOURNEY}/results?days=abc`);
    expect(badFunnel?.status()).toBe(400);
    const notUsed = await page.goto(`${sut.url}/app/journeys/${JOURNEY}/preview/team-alert-nope`);
    expect(notUsed?.status()).toBe(404);
    const longQuery = await page.goto(`${sut.url}/app/customers?q=${'x'.repeat(201)}`);
    expect(longQuery?.status()).toBe(400);
    await expect(text(page, '[data-testid=message]')).resolves.toContain('q');
  });

  it('shows a journey without runs with zeros and an explanation', async () => {
    await open('/app/journeys/win-back?days=30');
    await expect(page.locator('[data-testid=empty-map]').count()).resolves.toBe(1);
    for (const stage of ['lapsed', 'returned']) {
      await expect(text(page, `[data-testid=stage][data-stage=${stage}] [data-testid=now]`)).resolves.toBe(
        '0',
      );
      await expect(
        text(page, `[data-testid=stage][data-stage=${stage}] [data-testid=conversion]`),
      ).resolves.toBe('–');
    }
    await expect(page.locator('[data-testid=biggest-leak]').count()).resolves.toBe(0);
    await open('/app/journeys/win-back/funnel?days=30');
    await expect(page.locator('[data-testid=empty-funnel]').count()).resolves.toBe(1);
    await open('/app/journeys/win-back/results?days=30');
    await expect(text(page, '[data-testid=totals] [data-testid=revenue-per-recipient]')).resolves.toBe('–');
    await expect(
      text(page, '[data-testid=holdout] [data-testid=holdout-group] [data-testid=entrants]'),
    ).resolves.toBe('0');
    await open('/app/journeys/win-back/diagram');
    await expect(page.locator('[data-testid=diagram-flow]').count()).resolves.toBe(1);
  });

  it('fits a phone: no page wider than 375 px', async () => {
    const phone = await browser.newContext({ viewport: { width: 375, height: 800 }, isMobile: true });
    const phonePage = await phone.newPage();
    await phone.addCookies(await context.cookies());
    for (const path of [
      '/app',
      `/app/journeys/${JOURNEY}?days=30`,
      `/app/journeys/${JOURNEY}/funnel?days=30`,
      `/app/journeys/${JOURNEY}/results?days=30`,
      `/app/journeys/${JOURNEY}/diagram`,
      `/app/journeys/${JOURNEY}/preview/cart-reminder-1`,
      '/app/customers?q=re-',
      '/app/customers/re-1',
      '/app/mailbox',
      '/app/login',
    ]) {
      await open(path, phonePage);
      const [scrollWidth, innerWidth] = await phonePage.evaluate(() => [
        document.documentElement.scrollWidth,
        window.innerWidth,
      ]);
      expect({ path, scrollWidth }).toEqual({ path, scrollWidth: expect.any(Number) });
      expect(scrollWidth).toBeLessThanOrEqual(innerWidth);
    }
    await phone.close();
  });

  it('sets a strict Content-Security-Policy and accepts the key as a Bearer token', async () => {
    const response = await fetch(`${sut.url}/app/journeys/${JOURNEY}`, {
      headers: { authorization: `Bearer ${sut.key}` },
    });
    expect(response.status).toBe(200);
    const csp = response.headers.get('content-security-policy')!;
    expect(csp).toContain("default-src 'none'");
    expect(csp).not.toMatch(/https?:/);
    const html = await response.text();
    expect(html).not.toMatch(/<script/i);
    expect(html).not.toMatch(/(src|href)="https?:/);
  });

  describe('a new workspace', () => {
    const key = `tp_new_${randomUUID()}`;
    let db: Client;

    beforeAll(async () => {
      db = new Client({ connectionString: sut.database.url });
      await db.connect();
      const workspace = randomUUID();
      await db.query(
        `INSERT INTO workspaces (id, name, timezone, created_at) VALUES ($1, 'New shop', 'UTC', now())`,
        [workspace],
      );
      await db.query(
        `INSERT INTO api_keys (key_hash, workspace_id, label, created_at) VALUES ($1, $2, 'test', now())`,
        [hashKey(key), workspace],
      );
    });
    afterAll(async () => {
      await db?.end();
    });

    it('explains how to create a journey, shows an empty mailbox, and ends the session when the key is revoked', async () => {
      const fresh = await browser.newContext();
      const freshPage = await fresh.newPage();
      await freshPage.goto(`${sut.url}/app`);
      await login(freshPage, key);
      expect(new URL(freshPage.url()).pathname).toBe('/app');
      await expect(text(freshPage, '[data-testid=empty-journeys]')).resolves.toContain('PUT /v1/journeys');
      await expect(text(freshPage, '[data-testid=orders]')).resolves.toBe('0');
      await open('/app/mailbox', freshPage);
      await expect(freshPage.locator('[data-testid=mailbox-empty]').count()).resolves.toBe(1);
      await open('/app/customers?q=re-', freshPage);
      await expect(freshPage.locator('[data-testid=no-customers]').count()).resolves.toBe(1);
      const other = await freshPage.goto(`${sut.url}/app/journeys/${JOURNEY}`);
      expect(other?.status()).toBe(404);

      await db.query(`DELETE FROM api_keys WHERE key_hash = $1`, [hashKey(key)]);
      await freshPage.goto(`${sut.url}/app`);
      expect(new URL(freshPage.url()).pathname).toBe('/app/login');
      await fresh.close();
    });
  });

  it('logs out', async () => {
    await open('/app');
    await Promise.all([page.waitForURL(/login/), page.getByRole('button', { name: 'Log out' }).click()]);
    await expect(context.cookies()).resolves.toEqual([]);
    await page.goto(`${sut.url}/app/mailbox`);
    expect(new URL(page.url()).pathname).toBe('/app/login');
  });
});

describe('dashboard mailbox with SMTP configured', () => {
  let sut: TestApp;

  beforeAll(async () => {
    sut = await startTestApp({ SMTP_URL: 'smtp://127.0.0.1:9' });
  });
  afterAll(async () => {
    await sut?.close();
  });

  it('explains that emails go out through SMTP instead', async () => {
    const response = await fetch(`${sut.url}/app/mailbox`, {
      headers: { authorization: `Bearer ${sut.key}` },
    });
    expect(response.status).toBe(200);
    await expect(response.text()).resolves.toContain('data-testid="mailbox-off"');
  });
});
