import type { Redis } from 'ioredis';
import { REDIS } from '../src/scheduling/redis.provider';
import { ShiftedClock } from './support/shifted-clock';
import { SmtpSink } from './support/smtp-sink';
import { startTestApp, type TestApp } from './support/test-app';
import { waitUntil } from './support/wait-until';

/** A marketing email and a transactional one, on demand. */
const promoJourney = (event: string, settings: Record<string, unknown> = {}) => ({
  name: event,
  stages: ['start'],
  settings,
  flows: {
    promo: {
      name: 'Promo',
      trigger: { event },
      entry: { reentry: 'everyTime' },
      steps: [
        { id: 'promo', type: 'email', template: 'nurture-1' },
        { id: 'receipt', type: 'email', template: 'nps-thanks', class: 'transactional' },
      ],
    },
  },
});
const PROMO = 'Welcome to Bloom';
const RECEIPT = 'Thank you for your feedback';

/** Quiet hours end to end: the app's clock is set a few seconds before the window opens. */
describe('send windows (quiet hours)', () => {
  const clock = new ShiftedClock();
  let smtp: SmtpSink;
  let sut: TestApp;
  let n = 0;
  const send = (path: string, body: object) =>
    sut.request('POST', path, { messageId: `w-${(n += 1)}`, ...body });
  const timeline = async (userId: string) =>
    (await sut.request('GET', `/v1/contacts/${userId}/timeline`)).body.entries as any[];
  const stepReason = (userId: string, pattern: RegExp) =>
    waitUntil(
      async () =>
        (await timeline(userId)).find((e) => e.kind === 'step' && pattern.test(e.reason ?? ''))?.reason,
      15_000,
      `${userId}: ${pattern}`,
    );

  /** The promo's delivery row once it is recorded as sent (just after the SMTP server took it). */
  const promoSent = (userId: string) =>
    waitUntil(
      async () =>
        (await timeline(userId)).find((e) => e.kind === 'delivery' && e.summary === `email sent: ${PROMO}`),
      10_000,
      `${userId} promo sent`,
    );

  beforeAll(async () => {
    smtp = await new SmtpSink().start();
    sut = await startTestApp({ SMTP_URL: smtp.url }, undefined, { clock });
    const settings = await sut.request('PUT', '/v1/settings', {
      name: 'Bloom',
      timezone: 'Europe/Amsterdam',
      sendWindow: { start: '09:00', end: '20:00', jitter: 'PT2S' },
    });
    expect(settings.status).toBe(200);
    expect(settings.body.sendWindow).toEqual({
      enabled: true,
      start: '09:00',
      end: '20:00',
      days: ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'],
      jitter: 'PT2S',
      transactional: false,
    });
    for (const [key, body] of [
      ['promo', promoJourney('Promo Requested')],
      ['night-owl', promoJourney('Night Promo Requested', { sendWindow: { enabled: false } })],
    ] as const) {
      expect((await sut.request('PUT', `/v1/journeys/${key}?publish=true`, body)).status).toBe(200);
    }
  });
  afterAll(async () => {
    await sut?.close();
    await smtp?.stop();
  });

  it("defers marketing mail in quiet hours to the opening in the contact's zone, sends transactional mail at once", async () => {
    // 08:59:54 in New York the day after clocks went forward (EDT), already afternoon in Amsterdam.
    clock.set('2026-03-09T12:59:54Z');
    await send('/v1/identify', {
      userId: 'ny',
      traits: { email: 'ny@shop.test', timezone: 'America/New_York' },
    });
    await send('/v1/track', { userId: 'ny', event: 'Promo Requested' });

    const [receipt] = await smtp.waitFor((m) => m.to.includes('ny@'));
    expect(receipt.subject).toBe(RECEIPT);
    const reason = await stepReason('ny', /^promo deferred/);
    expect(reason).toMatch(
      /^promo deferred to 2026-03-09T09:00:0[01]-04:00 \(America\/New_York\): quiet hours \(workspace window 09:00-20:00 every day\)$/,
    );
    expect(smtp.to('ny@').map((m) => m.subject)).toEqual([RECEIPT]);

    const mails = await smtp.waitFor((m) => m.to.includes('ny@'), 2);
    expect(mails.map((m) => m.subject)).toEqual([RECEIPT, PROMO]);
    const sent = await promoSent('ny');
    const entries = await timeline('ny');
    expect(new Date(sent.at).getTime()).toBeGreaterThanOrEqual(Date.parse('2026-03-09T13:00:00Z'));
    expect(
      entries.filter((e) => e.kind === 'step' && /^promo /.test(e.reason ?? '')).map((e) => e.reason),
    ).toEqual([reason, 'promo sent to ny@shop.test']);
  });

  it("falls back to the workspace's zone for a contact whose timezone trait is not a zone, across its DST change", async () => {
    // 08:59:54 CEST in Amsterdam on the morning clocks went forward.
    clock.set('2026-03-29T06:59:54Z');
    await send('/v1/identify', {
      userId: 'ams',
      traits: { email: 'ams@shop.test', timezone: 'Mars/Olympus' },
    });
    await send('/v1/track', { userId: 'ams', event: 'Promo Requested' });

    const reason = await stepReason('ams', /^promo deferred/);
    expect(reason).toMatch(
      /^promo deferred to 2026-03-29T09:00:0[01]\+02:00 \(Europe\/Amsterdam\): quiet hours/,
    );
    const mails = await smtp.waitFor((m) => m.to.includes('ams@'), 2);
    expect(mails.map((m) => m.subject).sort()).toEqual([PROMO, RECEIPT].sort());
  });

  it("lets a journey's own window replace the workspace's", async () => {
    // 02:00 in Amsterdam: the workspace window is closed, the journey's is off.
    clock.set('2026-03-10T01:00:00Z');
    await send('/v1/identify', { userId: 'owl', traits: { email: 'owl@shop.test' } });
    await send('/v1/track', { userId: 'owl', event: 'Night Promo Requested' });

    const mails = await smtp.waitFor((m) => m.to.includes('owl@'), 2);
    expect(mails.map((m) => m.subject).sort()).toEqual([PROMO, RECEIPT].sort());
    expect((await timeline('owl')).some((e) => /deferred/.test(e.reason ?? ''))).toBe(false);
  });

  it('still sends a deferred email once at its time after Redis lost the delayed job', async () => {
    clock.set('2026-03-11T07:59:54Z');
    await send('/v1/identify', { userId: 'lost', traits: { email: 'lost@shop.test' } });
    await send('/v1/track', { userId: 'lost', event: 'Promo Requested' });
    await stepReason('lost', /^promo deferred to 2026-03-11T09:00:0[01]\+01:00/);

    // Only this app's keys: the reconciler sees its marker gone and re-enqueues every pending effect.
    const redis = sut.running.app.get<Redis>(REDIS);
    const keys = await redis.keys(`${sut.config.QUEUE_PREFIX}:*`);
    expect(keys.length).toBeGreaterThan(0);
    await redis.del(...keys);

    const mails = await smtp.waitFor((m) => m.to.includes('lost@'), 2);
    expect(mails.map((m) => m.subject).sort()).toEqual([PROMO, RECEIPT].sort());
    const sent = await promoSent('lost');
    const entries = await timeline('lost');
    expect(entries.filter((e) => e.kind === 'delivery' && e.summary === `email sent: ${PROMO}`)).toHaveLength(
      1,
    );
    expect(new Date(sent.at).getTime()).toBeGreaterThanOrEqual(Date.parse('2026-03-11T08:00:00Z'));
    expect(entries.filter((e) => e.reason === 'promo sent to lost@shop.test')).toHaveLength(1);
  });
});
