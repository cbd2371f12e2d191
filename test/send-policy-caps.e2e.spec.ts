import { ShiftedClock } from './support/shifted-clock';
import { SmtpSink } from './support/smtp-sink';
import { startTestApp, type TestApp } from './support/test-app';
import { waitUntil } from './support/wait-until';

const journey = (event: string, step: string, template: string, settings: Record<string, unknown>) => ({
  name: event,
  stages: ['start'],
  settings,
  flows: {
    main: {
      name: event,
      trigger: { event },
      entry: { reentry: 'everyTime' },
      steps: [{ id: step, type: 'email', template }],
    },
  },
});
const CART = 'Getting the most out of Default';
const NEWS = 'Ready when you are';
const HOUR = 3_600_000;

/** One marketing email per 16 hours across journeys; the cart journey outranks the newsletter. */
describe('frequency caps with journey priority', () => {
  const clock = new ShiftedClock();
  let smtp: SmtpSink;
  let sut: TestApp;
  let n = 0;
  const send = (path: string, body: object) =>
    sut.request('POST', path, { messageId: `c-${(n += 1)}`, ...body });
  const timeline = async (userId: string) =>
    (await sut.request('GET', `/v1/contacts/${userId}/timeline`)).body.entries as any[];
  const reasons = async (userId: string, step: string) =>
    (await timeline(userId))
      .filter((e) => e.kind === 'step' && (e.reason ?? '').startsWith(`${step} `))
      .map((e) => e.reason as string);
  const waitForReason = (userId: string, step: string, pattern: RegExp) =>
    waitUntil(
      async () => (await reasons(userId, step)).find((reason) => pattern.test(reason)),
      20_000,
      `${userId} ${step}: ${pattern}`,
    );
  const bothEvents = (userId: string) =>
    send('/v1/batch', {
      batch: [
        { type: 'track', userId, event: 'Newsletter Out', messageId: `c-${(n += 1)}` },
        { type: 'track', userId, event: 'Cart Stalled', messageId: `c-${(n += 1)}` },
      ],
    });

  beforeAll(async () => {
    smtp = await new SmtpSink().start();
    sut = await startTestApp({ SMTP_URL: smtp.url }, undefined, { clock });
    const capped = await sut.request('PUT', '/v1/settings', {
      frequencyCap: { email: { max: 1, per: 'PT16H' } },
    });
    expect(capped.status).toBe(200);
    expect(capped.body.frequencyCap).toEqual({ email: { max: 1, per: 'PT16H', mode: 'defer' } });
    const cart = journey('Cart Stalled', 'cart-nudge', 'nurture-2', {
      priority: 80,
      sendWindow: { start: '09:00', end: '20:00', jitter: 'PT0S' },
    });
    const news = journey('Newsletter Out', 'news', 'nurture-3', { priority: 20 });
    expect((await sut.request('PUT', '/v1/journeys/cart-rescue?publish=true', cart)).status).toBe(200);
    expect((await sut.request('PUT', '/v1/journeys/newsletter?publish=true', news)).status).toBe(200);
  });
  afterAll(async () => {
    await sut?.close();
    await smtp?.stop();
  });

  it('sends the higher-priority email and defers the other until the cap frees up', async () => {
    clock.set('2026-05-04T10:00:00Z');
    await send('/v1/identify', { userId: 'dana', traits: { email: 'dana@shop.test' } });

    await bothEvents('dana');

    const [mail] = await smtp.waitFor((m) => m.to.includes('dana@'));
    expect(mail.subject).toBe(CART);
    const deferred = await waitForReason('dana', 'news', /reached/);
    const match =
      /^news deferred to (\S+) \(UTC\): frequency cap of 1 marketing email per PT16H reached \(1 sent, the last at (\S+)\)$/.exec(
        deferred,
      );
    expect(match).not.toBeNull();
    expect(Date.parse(match![1]) - Date.parse(match![2])).toBe(16 * HOUR);
    // Whether or not it first yielded to the cart email, the newsletter was only ever deferred.
    expect((await reasons('dana', 'news')).every((r) => /^news deferred to /.test(r))).toBe(true);
    const scheduled = (await timeline('dana')).find(
      (e) => e.kind === 'scheduled' && /^send news /.test(e.summary),
    );
    expect(scheduled.summary).toMatch(/\(pending\)$/);
    expect(`news ${scheduled.reason}`).toBe(deferred);
    expect(smtp.to('dana@').map((m) => m.subject)).toEqual([CART]);
  });

  it('lets a lower-priority send yield to a higher one waiting for its window, then skips it in skip mode', async () => {
    const skip = await sut.request('PUT', '/v1/settings', {
      frequencyCap: { email: { max: 1, per: 'PT16H', mode: 'skip' } },
    });
    expect(skip.status).toBe(200);
    // 08:59:54 UTC: the cart journey's own window opens in six seconds; the newsletter has none.
    clock.set('2026-05-05T08:59:54Z');
    await send('/v1/identify', { userId: 'eli', traits: { email: 'eli@shop.test' } });

    await bothEvents('eli');

    const cartDeferred = await waitForReason('eli', 'cart-nudge', /deferred/);
    expect(cartDeferred).toBe(
      'cart-nudge deferred to 2026-05-05T09:00:00Z (UTC): quiet hours (journey window 09:00-20:00 every day)',
    );
    const yielded = await waitForReason('eli', 'news', /yields to/);
    expect(yielded).toMatch(
      /^news deferred to \S+ \(UTC\): frequency cap of 1 marketing email per PT16H: yields to cart-rescue\/cart-nudge \(priority 80 over 20\), due \S+$/,
    );
    const skipped = await waitForReason('eli', 'news', /skipped/);
    expect(skipped).toMatch(
      /^news skipped: frequency cap of 1 marketing email per PT16H reached \(1 sent, the last at 2026-05-05T09:00:\S+Z\)$/,
    );
    expect(smtp.to('eli@').map((m) => m.subject)).toEqual([CART]);
    const steps = (await timeline('eli')).filter((e) => e.kind === 'step').map((e) => e.reason);
    expect(steps.indexOf(skipped)).toBeGreaterThan(steps.indexOf('cart-nudge sent to eli@shop.test'));
  });

  it('counts no email older than the period', async () => {
    clock.set('2026-05-06T10:00:00Z');
    await send('/v1/identify', { userId: 'fay', traits: { email: 'fay@shop.test' } });
    await send('/v1/track', { userId: 'fay', event: 'Newsletter Out' });
    await smtp.waitFor((m) => m.to.includes('fay@'));

    clock.set(new Date(Date.parse('2026-05-06T10:00:00Z') + 16 * HOUR + 60_000));
    await send('/v1/track', { userId: 'fay', event: 'Newsletter Out' });

    const mails = await smtp.waitFor((m) => m.to.includes('fay@'), 2);
    expect(mails.map((m) => m.subject)).toEqual([NEWS, NEWS]);
  });

  it('rejects bad settings with 400 and each field path, and writes nothing', async () => {
    const before = (await sut.request('GET', '/v1/settings')).body;

    const response = await sut.request('PUT', '/v1/settings', {
      timezone: 'Mars/Olympus',
      sendWindow: { start: '9am', end: '20:00', jitter: 'soon' },
      frequencyCap: { email: { max: 1, per: '16 hours' } },
    });

    expect(response.status).toBe(400);
    expect(response.body.error.code).toBe('validation_failed');
    expect(response.body.error.details.map((d: { path: string }) => d.path).sort()).toEqual([
      '$.frequencyCap.email.per',
      '$.sendWindow.jitter',
      '$.sendWindow.start',
      '$.timezone',
    ]);
    expect((await sut.request('GET', '/v1/settings')).body).toEqual(before);
  });

  it('rejects a journey with a bad send window with 400 and the path, and saves nothing', async () => {
    const bad = journey('Go', 'm', 'nurture-1', { sendWindow: { start: '09:00', end: '09:00' } });

    const response = await sut.request('PUT', '/v1/journeys/bad-window?publish=true', bad);

    expect(response.status).toBe(400);
    expect(response.body.error.code).toBe('journey_invalid');
    expect(response.body.error.details).toContainEqual({
      path: '$.settings.sendWindow.end',
      message: 'end must differ from start',
    });
    expect((await sut.request('GET', '/v1/journeys/bad-window')).status).toBe(404);
  });
});
