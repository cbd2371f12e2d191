import { DataSource } from 'typeorm';
import { SmtpSink } from './support/smtp-sink';
import { startTestApp, type TestApp } from './support/test-app';
import { waitUntil } from './support/wait-until';

/** A marketing email, then a transactional one. */
const mixedJourney = {
  name: 'Mixed',
  stages: ['start'],
  flows: {
    main: {
      name: 'Main',
      trigger: { event: 'Mixed Go' },
      entry: { reentry: 'everyTime' },
      steps: [
        { id: 'promo', type: 'email', template: 'nurture-1' },
        { id: 'receipt', type: 'email', template: 'nurture-3', class: 'transactional' },
      ],
    },
  },
};

const snsBounce = (messageId: string, recipients: string[], bounceType = 'Permanent') => ({
  Type: 'Notification',
  MessageId: messageId,
  TopicArn: 'arn:aws:sns:eu-west-1:123456789012:ses-bounces',
  Timestamp: '2026-05-01T10:00:01.000Z',
  Message: JSON.stringify({
    notificationType: 'Bounce',
    bounce: {
      bounceType,
      bounceSubType: 'General',
      bouncedRecipients: recipients.map((emailAddress) => ({ emailAddress, status: '5.1.1' })),
      timestamp: '2026-05-01T10:00:00.000Z',
    },
    mail: { messageId: '0100018f-ses-id', destination: recipients },
  }),
});

describe('suppression list and inbound bounces and complaints', () => {
  let smtp: SmtpSink;
  let sut: TestApp;
  let n = 0;
  const send = (path: string, body: object) =>
    sut.request('POST', path, { messageId: `s-${(n += 1)}`, ...body });
  const db = () => sut.running.app.get(DataSource);
  const count = async (table: string) => Number((await db().query(`SELECT count(*) FROM ${table}`))[0].count);
  const timeline = async (userId: string) =>
    (await sut.request('GET', `/v1/contacts/${userId}/timeline`)).body.entries as any[];
  const inbound = (body: unknown, headers?: Record<string, string>) =>
    sut.request('POST', '/v1/inbound/email-events', body, headers);
  const skipped = (userId: string, step: string, reason: RegExp) =>
    waitUntil(
      async () =>
        (await timeline(userId)).find(
          (e) => e.kind === 'step' && e.reason?.startsWith(`${step} skipped: `) && reason.test(e.reason),
        ),
      15_000,
      `${userId} ${step} skipped`,
    );

  beforeAll(async () => {
    smtp = await new SmtpSink().start();
    sut = await startTestApp({ SMTP_URL: smtp.url });
    expect((await sut.request('PUT', '/v1/journeys/mixed?publish=true', mixedJourney)).status).toBe(200);
  });
  afterAll(async () => {
    await sut?.close();
    await smtp?.stop();
  });

  it('lists, adds, filters and lifts suppressions through the API', async () => {
    const put = await sut.request('PUT', '/v1/suppressions/Manual-A@Shop.test', { note: 'asked by phone' });
    expect(put.status).toBe(200);
    expect(put.body).toMatchObject({
      email: 'manual-a@shop.test',
      reason: 'manual',
      source: 'api',
      note: 'asked by phone',
    });
    await sut.request('PUT', '/v1/suppressions/old-bounce@shop.test', {
      reason: 'bounce',
      note: 'from our old ESP',
    });
    const all = await sut.request('GET', '/v1/suppressions');
    expect(all.body.suppressions.map((s: any) => s.email)).toEqual(
      expect.arrayContaining(['manual-a@shop.test', 'old-bounce@shop.test']),
    );
    const bounces = await sut.request('GET', '/v1/suppressions?reason=bounce');
    expect(bounces.body.suppressions.map((s: any) => s.email)).toEqual(['old-bounce@shop.test']);
    expect((await sut.request('DELETE', '/v1/suppressions/old-bounce@shop.test')).status).toBe(204);
    expect((await sut.request('GET', '/v1/suppressions/old-bounce@shop.test')).status).toBe(404);
    const again = await sut.request('DELETE', '/v1/suppressions/old-bounce@shop.test');
    expect(again.status).toBe(404);
    expect(again.body.error.code).toBe('not_found');
  });

  it('rejects bad suppression requests with the field path and writes nothing', async () => {
    const before = await count('suppressions');
    const badEmail = await sut.request('PUT', '/v1/suppressions/not-an-address', {});
    expect(badEmail.status).toBe(400);
    expect(badEmail.body.error).toMatchObject({ code: 'validation_failed', details: [{ path: '$email' }] });
    const badReason = await sut.request('PUT', '/v1/suppressions/x@shop.test', { reason: 'bored' });
    expect(badReason.status).toBe(400);
    expect(badReason.body.error.details[0].path).toBe('$.reason');
    const extra = await sut.request('PUT', '/v1/suppressions/x@shop.test', {
      reason: 'manual',
      until: 'tomorrow',
    });
    expect(extra.status).toBe(400);
    const badLimit = await sut.request('GET', '/v1/suppressions?limit=0');
    expect(badLimit.status).toBe(400);
    expect(badLimit.body.error.details[0].path).toBe('$query.limit');
    expect(
      (await sut.request('GET', '/v1/suppressions', undefined, { authorization: 'Bearer nope' })).status,
    ).toBe(401);
    expect(await count('suppressions')).toBe(before);
  });

  it('blocks marketing only for a manual suppression', async () => {
    await send('/v1/identify', { userId: 'sup-a', traits: { email: 'sup-a@shop.test' } });
    await sut.request('PUT', '/v1/suppressions/sup-a@shop.test', {});
    await send('/v1/track', { userId: 'sup-a', event: 'Mixed Go' });
    await skipped('sup-a', 'promo', /email suppressed: manual at /);
    const [receipt] = await smtp.waitFor((m) => m.to.includes('sup-a@'));
    expect(receipt.header('list-unsubscribe')).toBeUndefined();
  });

  it('suppresses on a hard bounce (all email) and records it in the timeline; soft bounces are only recorded', async () => {
    await send('/v1/identify', { userId: 'bnc-a', traits: { email: 'bnc-a@shop.test' } });
    const bounce = {
      type: 'bounce',
      email: 'BNC-A@shop.test',
      bounceType: 'hard',
      messageId: '<m1@x>',
      occurredAt: '2026-05-01T09:00:00Z',
    };
    const first = await inbound(bounce);
    expect(first.status).toBe(200);
    expect(first.body).toEqual({ received: 1, suppressed: ['bnc-a@shop.test'], events: 1 });
    // The provider retries: nothing is stored twice.
    expect((await inbound(bounce)).body.events).toBe(0);
    const events = (await timeline('bnc-a')).filter(
      (e) => e.kind === 'event' && e.summary === 'Email Bounced',
    );
    expect(events).toHaveLength(1);
    expect(events[0].at).toBe('2026-05-01T09:00:00.000Z');
    expect((await sut.request('GET', '/v1/suppressions/bnc-a@shop.test')).body).toMatchObject({
      reason: 'bounce',
      source: 'inbound',
      note: 'message <m1@x>',
    });

    await send('/v1/track', { userId: 'bnc-a', event: 'Mixed Go' });
    await skipped('bnc-a', 'promo', /email suppressed: bounce at /);
    await skipped('bnc-a', 'receipt', /email suppressed: bounce at /);
    expect(smtp.to('bnc-a@')).toHaveLength(0);

    await send('/v1/identify', { userId: 'soft-a', traits: { email: 'soft-a@shop.test' } });
    const soft = await inbound({ type: 'bounce', email: 'soft-a@shop.test', bounceType: 'soft' });
    expect(soft.body).toEqual({ received: 1, suppressed: [], events: 1 });
    expect((await sut.request('GET', '/v1/suppressions/soft-a@shop.test')).status).toBe(404);
  });

  it('suppresses on a complaint, which marks the timeline as spam and blocks marketing only', async () => {
    await send('/v1/identify', { userId: 'cmp-a', traits: { email: 'cmp-a@shop.test' } });
    expect((await inbound({ type: 'complaint', email: 'cmp-a@shop.test' })).body.suppressed).toEqual([
      'cmp-a@shop.test',
    ]);
    expect((await timeline('cmp-a')).map((e) => e.summary)).toContain('Email Marked as Spam');
    await send('/v1/track', { userId: 'cmp-a', event: 'Mixed Go' });
    await skipped('cmp-a', 'promo', /email suppressed: complaint at /);
    await smtp.waitFor((m) => m.to.includes('cmp-a@'));
  });

  it('takes Amazon SES notifications through SNS, and addresses with no contact', async () => {
    await send('/v1/identify', { userId: 'ses-a', traits: { email: 'ses-a@shop.test' } });
    const response = await inbound(
      JSON.stringify(snsBounce('sns-1', ['ses-a@shop.test', 'stranger@shop.test'])),
      {
        'content-type': 'text/plain; charset=UTF-8',
      },
    );
    expect(response.status).toBe(200);
    expect(response.body).toEqual({
      received: 2,
      suppressed: ['ses-a@shop.test', 'stranger@shop.test'],
      events: 1,
    });
    expect((await sut.request('GET', '/v1/suppressions/stranger@shop.test')).body).toMatchObject({
      reason: 'bounce',
      source: 'ses',
    });
    const [event] = (await timeline('ses-a')).filter((e) => e.summary === 'Email Bounced');
    expect(event.at).toBe('2026-05-01T10:00:00.000Z');
    const transient = await inbound(snsBounce('sns-2', ['ses-b@shop.test'], 'Transient'));
    expect(transient.body.suppressed).toEqual([]);
  });

  it('rejects bad notifications with the field path and writes nothing', async () => {
    const before = [await count('suppressions'), await count('events')];
    const cases: [unknown, string][] = [
      [{ type: 'delivery', email: 'a@shop.test' }, '$.type'],
      [{ type: 'bounce', email: 'nope' }, '$.email'],
      [{ type: 'bounce', email: 'a@shop.test', bounceType: 'permanent' }, '$.bounceType'],
      [{ type: 'bounce', email: 'a@shop.test', occurredAt: 'yesterday' }, '$.occurredAt'],
      [{ ...snsBounce('sns-3', ['a@shop.test']), Message: '{not json' }, '$.Message'],
    ];
    for (const [body, path] of cases) {
      const response = await inbound(body);
      expect(response.status).toBe(400);
      expect(response.body.error.code).toBe('validation_failed');
      expect(response.body.error.details.map((d: any) => d.path)).toContain(path);
    }
    expect((await inbound({ type: 'complaint', email: 'a@shop.test' }, { authorization: '' })).status).toBe(
      401,
    );
    expect([await count('suppressions'), await count('events')]).toEqual(before);
  });
});
