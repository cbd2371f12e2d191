import { DataSource } from 'typeorm';
import { createToken } from '../src/channels/email/unsubscribe-token';
import { WorkspaceService } from '../src/workspaces/workspace.service';
import { SmtpSink, type ReceivedMail } from './support/smtp-sink';
import { startTestApp, type TestApp } from './support/test-app';
import { waitUntil } from './support/wait-until';

const PRODUCT_URL = 'https://shop.test/products/42?utm_source=tp&x=1';
const CART_URL = 'https://shop.test/cart';

const TRACKED_MJML = `<mjml><mj-body><mj-section><mj-column>
<mj-text>Hello {{ contact.first_name | default: "there" }}, <a href="https://shop.test/products/42?utm_source=tp&amp;x=1">see the product</a>.</mj-text>
<mj-button href="${CART_URL}">Back to your cart</mj-button>
<mj-text><a href="mailto:help@shop.test">Write to us</a> or <a href="{{ links.unsubscribe }}">unsubscribe</a>.</mj-text>
</mj-column></mj-section></mj-body></mjml>`;

/** A marketing email, then a transactional one, so one run shows both classes. */
const trackedJourney = {
  name: 'Tracked',
  stages: ['start'],
  flows: {
    main: {
      name: 'Main',
      trigger: { event: 'Track Me' },
      entry: { reentry: 'once' },
      steps: [
        { id: 'promo', type: 'email', template: 'nurture-1' },
        { id: 'receipt', type: 'email', template: 'nurture-3', class: 'transactional' },
      ],
    },
  },
};

/** Started by a click: proves the tracking events are routed to journeys like ingested ones. */
const clickersJourney = {
  name: 'Clickers',
  stages: ['clicked'],
  flows: {
    main: {
      name: 'Main',
      trigger: { event: 'Email Link Clicked' },
      entry: { reentry: 'once' },
      steps: [{ id: 'thanks', type: 'exit', reason: 'clicked' }],
    },
  },
};

const hrefs = (mail: ReceivedMail) => [...mail.html.matchAll(/href="([^"]*)"/g)].map((m) => m[1]!);
const pixelOf = (mail: ReceivedMail) => /<img src="([^"]*\/t\/o\/[^"]+)"/.exec(mail.html)?.[1];
const local = (sut: TestApp, url: string) => `${sut.url}${new URL(url).pathname}`;

describe('open and click tracking', () => {
  let smtp: SmtpSink;
  let sut: TestApp;
  let n = 0;
  const db = () => sut.running.app.get(DataSource);
  const send = (path: string, body: object) =>
    sut.request('POST', path, { messageId: `trk-${(n += 1)}`, ...body });
  const eventCount = async () => Number((await db().query(`SELECT count(*) FROM events`))[0].count);
  const trackingEvents = (userId: string) =>
    db().query(
      `SELECT e.name, e.message_id, e.properties FROM events e JOIN contacts c ON c.id = e.contact_id
        WHERE c.external_id = $1 AND e.name IN ('Email Opened', 'Email Link Clicked') ORDER BY e.received_at, e.id`,
      [userId],
    ) as Promise<{ name: string; message_id: string; properties: Record<string, unknown> }[]>;
  const firstEmail = async (userId: string) => {
    await send('/v1/identify', { userId, traits: { email: `${userId}@shop.test`, first_name: 'Ada' } });
    await send('/v1/track', { userId, event: 'Track Me' });
    const [promo] = await smtp.waitFor(
      (m) => m.to.includes(`${userId}@`) && m.header('list-unsubscribe') !== undefined,
    );
    return promo!;
  };

  beforeAll(async () => {
    smtp = await new SmtpSink().start();
    sut = await startTestApp({ SMTP_URL: smtp.url, PUBLIC_URL: 'https://tp.shop.test' });
    const saved = await sut.request('PUT', '/v1/templates/nurture-1', {
      subject: 'Tracked',
      mjml: TRACKED_MJML,
    });
    expect(saved.status).toBe(200);
    expect((await sut.request('PUT', '/v1/journeys/tracked?publish=true', trackedJourney)).status).toBe(200);
    expect((await sut.request('PUT', '/v1/journeys/clickers?publish=true', clickersJourney)).status).toBe(
      200,
    );
  });
  afterAll(async () => {
    await sut?.close();
    await smtp?.stop();
  });

  it('adds a pixel and tracked links to marketing mail, but never to the unsubscribe, mailto or text links', async () => {
    const promo = await firstEmail('trk-a');
    expect(pixelOf(promo)).toMatch(/^https:\/\/tp\.shop\.test\/t\/o\/[A-Za-z0-9_-]+$/);
    const links = hrefs(promo);
    expect(
      links.filter((href) => /^https:\/\/tp\.shop\.test\/t\/c\/[A-Za-z0-9_-]+$/.test(href)),
    ).toHaveLength(2);
    expect(links).toContain('mailto:help@shop.test');
    const unsubscribe = /<([^>]+)>/.exec(promo.header('list-unsubscribe')!)![1];
    expect(links).toContain(unsubscribe);
    expect(links.some((href) => href.startsWith('https://shop.test'))).toBe(false);
    // The text part keeps the real address for readers without HTML.
    expect(promo.text).toContain(CART_URL);

    const [receipt] = await smtp.waitFor((m) => m.to.includes('trk-a@') && !m.header('list-unsubscribe'));
    expect(receipt!.html).not.toMatch(/\/t\/[oc]\//);
  });

  it('records the first open once, as an event in the timeline, and answers every load with a no-cache GIF', async () => {
    const promo = await firstEmail('trk-b');
    const pixel = local(sut, pixelOf(promo)!);
    for (let i = 0; i < 2; i += 1) {
      const response = await fetch(pixel);
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toBe('image/gif');
      expect(response.headers.get('cache-control')).toContain('no-store');
      expect(
        Buffer.from(await response.arrayBuffer())
          .subarray(0, 6)
          .toString('latin1'),
      ).toBe('GIF89a');
    }
    const timeline = await waitUntil(async () => {
      const entries = (await sut.request('GET', '/v1/contacts/trk-b/timeline')).body.entries as any[];
      return entries.some((e) => e.summary === 'Email Opened') ? entries : null;
    });
    expect(timeline.filter((e) => e.kind === 'event' && e.summary === 'Email Opened')).toHaveLength(1);
    const [opened] = await trackingEvents('trk-b');
    const effectId = promo.header('x-touchpoint-effect-id');
    expect(opened).toEqual({
      name: 'Email Opened',
      message_id: `email-opened:${effectId}`,
      properties: { effect_id: effectId, journey: 'tracked', step: 'promo', template: 'nurture-1' },
    });
  });

  it('redirects a click to the original URL, records it once per link, and routes it to journeys', async () => {
    const promo = await firstEmail('trk-c');
    const [productLink, cartLink] = hrefs(promo).filter((href) => href.includes('/t/c/'));
    for (let i = 0; i < 2; i += 1) {
      const response = await fetch(local(sut, productLink!), { redirect: 'manual' });
      expect(response.status).toBe(302);
      expect(response.headers.get('location')).toBe(PRODUCT_URL);
      expect(response.headers.get('referrer-policy')).toBe('no-referrer');
    }
    const cart = await fetch(local(sut, cartLink!), { redirect: 'manual' });
    expect(cart.headers.get('location')).toBe(CART_URL);

    const clicks = await waitUntil(async () => {
      const found = await trackingEvents('trk-c');
      return found.length === 2 ? found : null;
    });
    const effectId = promo.header('x-touchpoint-effect-id');
    expect(clicks.map((c) => c.properties)).toEqual([
      { url: PRODUCT_URL, effect_id: effectId, journey: 'tracked', step: 'promo', template: 'nurture-1' },
      { url: CART_URL, effect_id: effectId, journey: 'tracked', step: 'promo', template: 'nurture-1' },
    ]);
    expect(clicks.every((c) => c.message_id.startsWith(`email-clicked:${effectId}:`))).toBe(true);
    const run = await waitUntil(async () => {
      const profile = (await sut.request('GET', '/v1/contacts/trk-c')).body;
      return (profile.runs as any[]).find((r) => r.journey === 'clickers');
    });
    expect(run).toBeTruthy();
  });

  it('rejects forged, altered and misused tokens with a 400 and writes nothing', async () => {
    const promo = await firstEmail('trk-d');
    const link = hrefs(promo).find((href) => href.includes('/t/c/'))!;
    const token = link.split('/').pop()!;
    const forged = token.slice(0, -2) + (token.endsWith('AA') ? 'BB' : 'AA');
    const unsubscribeToken = /\/u\/([^>]+)>/.exec(promo.header('list-unsubscribe')!)![1]!;
    const secret = sut.running.app.get(WorkspaceService).signingSecret();
    const [contact] = await db().query(`SELECT id, workspace_id FROM contacts WHERE external_id = 'trk-d'`);
    // Correctly signed, but pointing at a script: still never a redirect.
    const scriptLink = createToken(secret, {
      w: contact.workspace_id,
      c: contact.id,
      p: 'click',
      f: promo.header('x-touchpoint-effect-id')!,
      u: 'javascript:alert(1)',
    });
    const before = await eventCount();
    for (const bad of [
      forged,
      unsubscribeToken,
      scriptLink,
      'not-a-token',
      pixelOf(promo)!.split('/').pop()!,
    ]) {
      const response = await fetch(`${sut.url}/t/c/${bad}`, { redirect: 'manual' });
      expect(response.status).toBe(400);
      expect(response.headers.get('location')).toBeNull();
      expect(await response.text()).toContain('This link does not work');
    }
    for (const bad of [forged, unsubscribeToken, token]) {
      expect((await fetch(`${sut.url}/t/o/${bad}`)).status).toBe(400);
    }
    expect(await eventCount()).toBe(before);
    expect(await trackingEvents('trk-d')).toEqual([]);
    expect((await db().query(`SELECT count(*) FROM suppressions`))[0].count).toBe('0');
  });

  it('leaves mail untouched when tracking is off, and tracks opens alone when only clicks are off', async () => {
    const off = await sut.request('PUT', '/v1/settings', { tracking: { opens: false, clicks: false } });
    expect(off.status).toBe(200);
    expect(off.body.tracking).toEqual({ opens: false, clicks: false });
    const untracked = await firstEmail('trk-e');
    expect(untracked.html).not.toMatch(/\/t\/[oc]\//);
    expect(hrefs(untracked)).toEqual(
      expect.arrayContaining([CART_URL, 'https://shop.test/products/42?utm_source=tp&amp;x=1']),
    );

    expect((await sut.request('PUT', '/v1/settings', { tracking: { opens: true } })).body.tracking).toEqual({
      opens: true,
      clicks: false,
    });
    const opensOnly = await firstEmail('trk-f');
    expect(pixelOf(opensOnly)).toBeDefined();
    expect(hrefs(opensOnly)).toContain(CART_URL);
    expect(opensOnly.html).not.toContain('/t/c/');
  });

  it('rejects a bad tracking setting with its path and keeps the settings', async () => {
    const before = (await sut.request('GET', '/v1/settings')).body.tracking;
    const response = await sut.request('PUT', '/v1/settings', { tracking: { opens: 'yes' } });
    expect(response.status).toBe(400);
    expect(response.body.error.code).toBe('validation_failed');
    expect(response.body.error.details[0].path).toBe('$.tracking.opens');
    expect((await sut.request('GET', '/v1/settings')).body.tracking).toEqual(before);
  });
});
