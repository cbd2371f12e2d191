import { createHash } from 'node:crypto';
import { Redis } from 'ioredis';
import { DataSource } from 'typeorm';
import type { AppConfig } from '../src/config/app-config';
import { AudienceService } from '../src/destinations/audiences/audience.service';
import { DestinationRateLimiter } from '../src/destinations/deliveries/destination-rate-limiter';
import { FakeMeta } from './support/fake-meta';
import { FakeWebhookReceiver } from './support/fake-webhook-receiver';
import { TEST_REDIS_URL } from './support/services';
import { startTestApp, type TestApp } from './support/test-app';
import { waitUntil } from './support/wait-until';

const AUDIENCE = '23850000000777';
const flow = (event: string, step: Record<string, unknown>) => ({
  name: event,
  trigger: { event },
  entry: { reentry: 'everyTime' },
  steps: [step],
});
const journey = {
  name: 'Resilience',
  stages: ['start'],
  flows: {
    burst: flow('Burst', { id: 'hook-burst', type: 'webhook.send', destination: 'burst' }),
    lossy: flow('Lossy', { id: 'hook-lossy', type: 'webhook.send', destination: 'lossy' }),
    join: flow('Join', { id: 'join', type: 'audience.add', destination: 'meta-aud' }),
  },
};

describe(DestinationRateLimiter.name, () => {
  let redis: Redis;
  beforeAll(() => {
    redis = new Redis(TEST_REDIS_URL);
  });
  afterAll(() => redis.quit());

  it('lets a burst of ten seconds worth through, then answers how long until the next token', async () => {
    const sut = new DestinationRateLimiter(redis, { QUEUE_PREFIX: `tptest-rl-${Date.now()}` } as AppConfig);

    const waits: number[] = [];
    for (let i = 0; i < 11; i += 1) waits.push(await sut.take('d-1', 60));

    expect(waits.slice(0, 10)).toEqual(Array(10).fill(0));
    expect(waits[10]).toBeGreaterThan(900);
    expect(waits[10]).toBeLessThanOrEqual(1_000);
    expect(await sut.take('d-2', 60)).toBe(0);
  });
});

describe('destinations when Redis loses its jobs, and under a rate limit', () => {
  let receiver: FakeWebhookReceiver;
  let meta: FakeMeta;
  let sut: TestApp;
  let n = 0;
  const track = (userId: string, event: string) =>
    sut.request('POST', '/v1/track', { userId, event, messageId: `r-${(n += 1)}` });
  const deliveries = async (destination: string) =>
    (await sut.request('GET', `/v1/deliveries?destination=${destination}`)).body.deliveries as any[];
  /** Drops every Redis key of this app (its queues and delayed jobs), as a Redis restart without data would. */
  const loseRedisJobs = async () => {
    const redis = new Redis(TEST_REDIS_URL);
    const keys = await redis.keys(`${sut.config.QUEUE_PREFIX}:*`);
    if (keys.length > 0) await redis.del(...keys);
    await redis.quit();
  };

  beforeAll(async () => {
    receiver = await new FakeWebhookReceiver().start();
    meta = await new FakeMeta('EAAB-resilience-token', [AUDIENCE]).start();
    sut = await startTestApp({ AUDIENCE_BATCH_WINDOW_MS: '3000' });
    await sut.request('PUT', '/v1/destinations/burst', {
      type: 'webhook',
      url: `${receiver.url}/burst`,
      ratePerMinute: 30,
    });
    await sut.request('PUT', '/v1/destinations/lossy', { type: 'webhook', url: `${receiver.url}/lossy` });
    await sut.request('PUT', '/v1/destinations/meta-aud', {
      type: 'meta-custom-audience',
      audienceId: AUDIENCE,
      accessToken: meta.accessToken,
      baseUrl: meta.baseUrl,
    });
    expect((await sut.request('PUT', '/v1/journeys/resilience?publish=true', journey)).status).toBe(200);
  });
  afterAll(async () => {
    await sut?.close();
    await receiver?.stop();
    await meta?.stop();
  });

  it('holds calls to a destination to its rate, without counting the wait as an attempt', async () => {
    for (let i = 0; i < 7; i += 1) await track(`burst-${i}`, 'Burst');

    await waitUntil(async () => receiver.to('/burst').length === 7, 30_000, 'seven webhooks');

    const at = receiver.to('/burst').map((hook) => hook.at);
    // 30 a minute: a burst of 5, then one every 2 s.
    expect(at[6] - at[0]).toBeGreaterThanOrEqual(3_500);
    const sent = await waitUntil(async () => {
      const all = await deliveries('burst');
      return all.length === 7 && all.every((d) => d.status === 'sent') && all;
    });
    expect(sent.every((d) => d.attempts === 1)).toBe(true);
  });

  it('makes a scheduled retry that Redis lost, from the delivery row', async () => {
    receiver.reply('/lossy', { status: 429, headers: { 'retry-after': '3' } });
    await track('lossy-a', 'Lossy');
    const retrying = await waitUntil(
      async () =>
        (await deliveries('lossy')).find((d) => d.attemptLog.length === 1 && d.status === 'pending'),
      20_000,
      'first attempt recorded',
    );

    await loseRedisJobs();

    const sent = await waitUntil(
      async () => (await deliveries('lossy')).find((d) => d.id === retrying.id && d.status === 'sent'),
      40_000,
      'retry made after Redis lost it',
    );
    expect(sent.attemptLog.map((a: any) => a.outcome)).toEqual(['retry', 'sent']);
    expect(receiver.to('/lossy').map((hook) => hook.headers['webhook-id'])).toEqual([
      retrying.id,
      retrying.id,
    ]);
  });

  it('flushes buffered audience changes that Redis lost the flush job of', async () => {
    await sut.request('POST', '/v1/identify', {
      userId: 'member',
      messageId: `r-${(n += 1)}`,
      traits: { email: 'member@shop.test' },
    });
    await track('member', 'Join');
    const hash = createHash('sha256').update('member@shop.test').digest('hex');
    await waitUntil(async () => meta.has(AUDIENCE, 'EMAIL_SHA256', hash), 30_000, 'member added');
    const [contact] = await sut.running.app
      .get(DataSource)
      .query(`SELECT id, workspace_id FROM contacts WHERE external_id = 'member'`);

    await sut.running.app
      .get(AudienceService)
      .removeContactEverywhere(contact.workspace_id, contact.id, 'test');
    await loseRedisJobs();

    await waitUntil(async () => !meta.has(AUDIENCE, 'EMAIL_SHA256', hash), 40_000, 'member removed');
  });
});
