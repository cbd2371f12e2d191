import { Webhook } from 'standardwebhooks';
import { DataSource } from 'typeorm';
import { SmtpSink } from './support/smtp-sink';
import { FakeWebhookReceiver, type ReceivedHook } from './support/fake-webhook-receiver';
import { startTestApp, type TestApp } from './support/test-app';
import { waitUntil } from './support/wait-until';

const SECRET = `whsec_${Buffer.alloc(32, 42).toString('base64')}`;
const MAX_ATTEMPTS = 3;
const RESPONSE_TIMEOUT_MS = 800;

/** One flow per scenario: event `Hook <name>` sends a webhook to destination `hook-<name>` (path `/<name>`). */
const SCENARIOS = ['ok', 'flaky', 'limited', 'slow', 'bad', 'dead'] as const;
const journey = {
  name: 'Webhooks',
  stages: ['start'],
  flows: {
    ...Object.fromEntries(
      SCENARIOS.map((name) => [
        name,
        {
          name,
          trigger: { event: `Hook ${name}` },
          entry: { reentry: 'everyTime' },
          steps: [
            { id: `hook-${name}`, type: 'webhook.send', destination: `hook-${name}`, data: { plan: 'gold' } },
          ],
        },
      ]),
    ),
    detractor: {
      name: 'Detractor',
      trigger: { event: 'NPS Submitted', where: { 'properties.score': { lte: 6 } } },
      entry: { reentry: 'everyTime' },
      steps: [
        {
          id: 'tell-team',
          type: 'alert',
          email: 'team@shop.test',
          destination: 'ops-alerts',
          message: 'Detractor {{ contact.email }} scored {{ event.properties.score }}',
        },
      ],
    },
    fallback: {
      name: 'Alert to the settings address',
      trigger: { event: 'Needs Care' },
      entry: { reentry: 'everyTime' },
      steps: [{ id: 'tell-care', type: 'alert', message: 'Look after {{ contact.userId }}' }],
    },
  },
};

const verify = (hook: ReceivedHook) =>
  new Webhook(SECRET).verify(hook.body, hook.headers as Record<string, string>);

describe('webhook destinations: signing, retries, dead letters and replay', () => {
  let receiver: FakeWebhookReceiver;
  let smtp: SmtpSink;
  let sut: TestApp;
  let n = 0;
  const track = (userId: string, event: string, properties: Record<string, unknown> = {}) =>
    sut.request('POST', '/v1/track', { userId, event, properties, messageId: `w-${(n += 1)}` });
  const identify = (userId: string) =>
    sut.request('POST', '/v1/identify', {
      userId,
      messageId: `w-${(n += 1)}`,
      traits: { email: `${userId}@shop.test`, first_name: userId },
    });
  const deliveries = async (query: string) =>
    (await sut.request('GET', `/v1/deliveries?${query}`)).body.deliveries as any[];
  const settled = (destination: string, status: string) =>
    waitUntil(
      async () => (await deliveries(`destination=${destination}`)).find((d) => d.status === status),
      20_000,
      `${destination} ${status}`,
    );

  beforeAll(async () => {
    receiver = await new FakeWebhookReceiver().start();
    smtp = await new SmtpSink().start();
    sut = await startTestApp({
      SMTP_URL: smtp.url,
      DELIVERY_MAX_ATTEMPTS: String(MAX_ATTEMPTS),
      DELIVERY_BACKOFF_BASE_MS: '200',
      DELIVERY_BACKOFF_CAP_MS: '400',
      DELIVERY_RESPONSE_TIMEOUT_MS: String(RESPONSE_TIMEOUT_MS),
    });
    for (const name of SCENARIOS) {
      const put = await sut.request('PUT', `/v1/destinations/hook-${name}`, {
        type: 'webhook',
        url: `${receiver.url}/${name}`,
        secret: SECRET,
      });
      expect(put.status).toBe(200);
    }
    await sut.request('PUT', '/v1/destinations/ops-alerts', {
      type: 'webhook',
      url: `${receiver.url}/alerts`,
      secret: SECRET,
      bodyTemplate: '{"text": {{ message | json }}, "who": {{ contact.email | json }}}',
    });
    expect((await sut.request('PUT', '/v1/journeys/webhooks?publish=true', journey)).status).toBe(200);
  });
  afterAll(async () => {
    await sut?.close();
    await receiver?.stop();
    await smtp?.stop();
  });

  it('signs per Standard Webhooks with the effect id as webhook-id and sends the default envelope', async () => {
    await identify('hook-a');
    await track('hook-a', 'Hook ok', { cart_id: 'c-9' });

    const delivery = await settled('hook-ok', 'sent');
    const [hook] = receiver.to('/ok');

    expect(verify(hook)).toMatchObject({ type: 'webhook.send' });
    expect(hook.headers['webhook-id']).toBe(delivery.id);
    expect(delivery.effectId).toBe(delivery.id);
    expect(Math.abs(Number(hook.headers['webhook-timestamp']) - Date.now() / 1000)).toBeLessThan(30);
    expect(hook.headers['content-type']).toBe('application/json');
    expect(JSON.parse(hook.body)).toEqual({
      type: 'webhook.send',
      event: expect.objectContaining({ name: 'Hook ok', properties: { cart_id: 'c-9' } }),
      contact: expect.objectContaining({ userId: 'hook-a', email: 'hook-a@shop.test' }),
      journey: { key: 'webhooks', version: 1, flow: 'ok', runId: expect.any(String), step: 'hook-ok' },
      stage: 'start',
      occurredAt: expect.any(String),
      data: { plan: 'gold' },
    });
    expect(() =>
      new Webhook(`whsec_${Buffer.alloc(32, 1).toString('base64')}`).verify(
        hook.body,
        hook.headers as Record<string, string>,
      ),
    ).toThrow();
    expect(delivery.attemptLog).toEqual([
      expect.objectContaining({ attempt: 1, outcome: 'sent', httpStatus: 200 }),
    ]);
  });

  it('retries a 5xx with the same webhook-id, then records it sent', async () => {
    receiver.reply('/flaky', { status: 503 });
    await identify('hook-b');
    await track('hook-b', 'Hook flaky');

    const delivery = await settled('hook-flaky', 'sent');
    const hooks = receiver.to('/flaky');

    expect(hooks).toHaveLength(2);
    expect(new Set(hooks.map((h) => h.headers['webhook-id']))).toEqual(new Set([delivery.id]));
    hooks.forEach((hook) => expect(verify(hook)).toBeTruthy());
    expect(delivery.attemptLog.map((a: any) => [a.outcome, a.httpStatus])).toEqual([
      ['retry', 503],
      ['sent', 200],
    ]);
    expect(delivery.attemptLog[0].nextAttemptAt).not.toBeNull();
  });

  it('honours Retry-After on a 429', async () => {
    receiver.reply('/limited', { status: 429, headers: { 'retry-after': '2' } });
    await identify('hook-c');
    await track('hook-c', 'Hook limited');

    const delivery = await settled('hook-limited', 'sent');
    const [first, second] = receiver.to('/limited');
    const [limited] = delivery.attemptLog;

    expect(second.at - first.at).toBeGreaterThanOrEqual(1_900);
    expect(limited).toMatchObject({ outcome: 'retry', httpStatus: 429 });
    expect(Date.parse(limited.nextAttemptAt) - Date.parse(limited.startedAt)).toBeGreaterThanOrEqual(2_000);
  });

  it('retries a receiver that answers too late', async () => {
    receiver.reply('/slow', { status: 200, delayMs: RESPONSE_TIMEOUT_MS * 3 });
    await identify('hook-d');
    await track('hook-d', 'Hook slow');

    const delivery = await settled('hook-slow', 'sent');

    expect(delivery.attemptLog[0]).toMatchObject({
      outcome: 'retry',
      httpStatus: null,
      error: `no response within ${RESPONSE_TIMEOUT_MS} ms`,
    });
    expect(delivery.attemptLog[1]).toMatchObject({ outcome: 'sent', httpStatus: 200 });
    expect(receiver.to('/slow')).toHaveLength(2);
  });

  it('records a 400 as failed without retrying, and says so in the run log', async () => {
    receiver.reply('/bad', { status: 400, body: 'unknown field plan' });
    receiver.reply('/flaky', { status: 502 });
    await identify('hook-e');
    await track('hook-e', 'Hook bad');
    await track('hook-e', 'Hook flaky');

    const failed = await settled('hook-bad', 'failed');
    // A retry scheduled for the 400 would have come by the time the flaky one's retry went through.
    await waitUntil(
      async () =>
        (await deliveries('destination=hook-flaky')).filter((d) => d.status === 'sent').length === 2,
      20_000,
      'second flaky delivery sent',
    );

    expect(failed).toMatchObject({ attempts: 1, nextAttemptAt: null, lastHttpStatus: 400 });
    expect(failed.lastError).toBe('rejected: HTTP 400: unknown field plan');
    expect(receiver.to('/bad')).toHaveLength(1);
    const timeline = (await sut.request('GET', '/v1/contacts/hook-e/timeline')).body.entries as any[];
    expect(timeline.some((e) => /^hook-bad failed: rejected: HTTP 400/.test(e.reason ?? ''))).toBe(true);
  });

  it('dead-letters after the last attempt, lists it as failed, and replays it with the same webhook-id', async () => {
    receiver.reply('/dead', ...Array.from({ length: MAX_ATTEMPTS }, () => ({ status: 503 })));
    await identify('hook-f');
    await track('hook-f', 'Hook dead');

    const dead = await settled('hook-dead', 'failed');
    expect(dead.attemptLog.map((a: any) => a.outcome)).toEqual(['retry', 'retry', 'failed']);
    expect(dead.lastError).toBe(`gave up after ${MAX_ATTEMPTS} attempts: HTTP 503`);
    expect((await deliveries('status=failed')).map((d) => d.id)).toContain(dead.id);
    expect((await deliveries('status=sent')).map((d) => d.id)).not.toContain(dead.id);

    const replayed = await sut.request('POST', `/v1/deliveries/${encodeURIComponent(dead.id)}/replay`);
    expect(replayed.status).toBe(200);
    expect(replayed.body.replays).toBe(1);

    const sent = await settled('hook-dead', 'sent');
    const hooks = receiver.to('/dead');
    expect(sent.id).toBe(dead.id);
    expect(hooks).toHaveLength(MAX_ATTEMPTS + 1);
    expect(new Set(hooks.map((h) => h.headers['webhook-id']))).toEqual(new Set([dead.id]));
    expect(verify(hooks[MAX_ATTEMPTS])).toBeTruthy();
    expect(sent.attemptLog.map((a: any) => a.attempt)).toEqual([1, 2, 3, 4]);

    const again = await sut.request('POST', `/v1/deliveries/${encodeURIComponent(dead.id)}/replay`);
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('delivery_not_failed');
  });

  it('empties the webhook bodies of an erased contact and cancels the ones not sent yet', async () => {
    receiver.reply('/limited', { status: 429, headers: { 'retry-after': '600' } });
    await identify('erase-me');
    await track('erase-me', 'Hook ok');
    await track('erase-me', 'Hook limited');
    const waiting = await waitUntil(
      async () =>
        (await deliveries('destination=hook-limited&status=pending')).find(
          (d) => d.attemptLog.length === 1 && d.lastHttpStatus === 429,
        ),
      20_000,
      'a retry waiting',
    );
    await settled('hook-ok', 'sent');

    const erased = await sut.request('DELETE', '/v1/contacts/erase-me');

    expect(erased.status).toBeLessThan(300);
    expect((await sut.request('GET', `/v1/deliveries/${encodeURIComponent(waiting.id)}`)).body).toMatchObject(
      {
        status: 'cancelled',
        lastError: 'contact erased',
        nextAttemptAt: null,
      },
    );
    const [left] = await sut.running.app
      .get(DataSource)
      .query(`SELECT count(*) FROM destination_deliveries WHERE request::text LIKE '%erase-me%'`);
    expect(Number(left.count)).toBe(0);
  });

  it('rejects a bad delivery filter with the field path, and an unknown delivery with 404', async () => {
    const bad = await sut.request('GET', '/v1/deliveries?status=lost');
    const unknown = await sut.request('POST', '/v1/deliveries/nope/replay');

    expect(bad.status).toBe(400);
    expect(bad.body.error).toMatchObject({
      code: 'validation_failed',
      details: [{ path: '$.query.status' }],
    });
    expect(unknown.status).toBe(404);
  });

  it('sends an alert step to both targets: a team email and a templated, signed webhook', async () => {
    await identify('unhappy');
    await track('unhappy', 'NPS Submitted', { score: 3 });

    const [mail] = await smtp.waitFor((m) => m.to.includes('team@shop.test'));
    await settled('ops-alerts', 'sent');
    const [hook] = receiver.to('/alerts');

    expect(mail.subject).toBe('[Alert] Detractor unhappy@shop.test scored 3');
    expect(mail.text).toContain('webhooks / detractor / tell-team');
    expect(mail.header('list-unsubscribe')).toBeUndefined();
    verify(hook);
    expect(JSON.parse(hook.body)).toEqual({
      text: 'Detractor unhappy@shop.test scored 3',
      who: 'unhappy@shop.test',
    });
    expect(smtp.to('unhappy@')).toEqual([]);
  });

  it('skips an alert without an address until alerts.email is set, and says why', async () => {
    await identify('care-a');
    await track('care-a', 'Needs Care');
    const skipped = await waitUntil(
      async () =>
        ((await sut.request('GET', '/v1/contacts/care-a/timeline')).body.entries as any[]).find((e) =>
          /^tell-care skipped: no alert address/.test(e.reason ?? ''),
        ),
      20_000,
      'skip reason',
    );
    expect(skipped).toBeTruthy();

    const settings = await sut.request('PUT', '/v1/settings', { alerts: { email: 'care@shop.test' } });
    expect(settings.status).toBe(200);
    await identify('care-b');
    await track('care-b', 'Needs Care');

    const [mail] = await smtp.waitFor((m) => m.to.includes('care@shop.test'));
    expect(mail.subject).toBe('[Alert] Look after care-b');
  });

  it('rejects a bad alerts address in the settings with its path', async () => {
    const response = await sut.request('PUT', '/v1/settings', { alerts: { email: 'not-an-address' } });

    expect(response.status).toBe(400);
    expect(response.body.error.details).toEqual([expect.objectContaining({ path: '$.alerts.email' })]);
    expect((await sut.request('GET', '/v1/settings')).body.alerts).toEqual({
      email: 'care@shop.test',
      locale: 'en',
    });
  });
});
