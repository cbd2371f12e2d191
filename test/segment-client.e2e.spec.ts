import { Analytics } from '@segment/analytics-node';
import { startTestApp, type TestApp } from './support/test-app';
import { waitUntil } from './support/wait-until';

/** An off-the-shelf Segment SDK, pointed at Touchpoint instead of Segment, must just work. */
describe('Segment analytics-node client', () => {
  let sut: TestApp;

  beforeAll(async () => {
    sut = await startTestApp();
  });
  afterAll(() => sut.close());

  it('delivers identify and track calls through /v1/batch with the write key', async () => {
    const analytics = new Analytics({ writeKey: sut.key, host: sut.url, flushAt: 3, maxRetries: 0 });
    const errors: unknown[] = [];
    analytics.on('error', (error) => errors.push(error));
    analytics.identify({
      userId: 'sdk-user',
      traits: { email: 'sdk@shop.test', first_name: 'Sam', locale: 'nl' },
    });
    analytics.track({ userId: 'sdk-user', event: 'Lead Created', properties: { source: 'sdk' } });
    analytics.track({
      userId: 'sdk-user',
      event: 'Product Added',
      properties: { cart_id: 'sdk-cart', name: 'Vase', price: 20 },
    });
    await analytics.closeAndFlush({ timeout: 10_000 });
    expect(errors).toEqual([]);

    const profile = await waitUntil(
      async () => {
        const response = await sut.request('GET', '/v1/contacts/sdk-user');
        return response.status === 200 && response.body.runs.length >= 3 && response.body;
      },
      10_000,
      'routed SDK events',
    );
    expect(profile).toMatchObject({ email: 'sdk@shop.test', firstName: 'Sam', locale: 'nl' });
    expect(profile.runs.map((r: any) => r.flow).sort()).toEqual(['$stage', 'cart', 'nurture']);
    const timeline = await sut.request('GET', '/v1/contacts/sdk-user/timeline');
    const events = timeline.body.entries.filter((e: any) => e.kind === 'event').map((e: any) => e.summary);
    expect(events.sort()).toEqual(['Lead Created', 'Product Added', 'identify']);
  });

  it('reports a wrong write key as an error to the SDK and stores nothing', async () => {
    const analytics = new Analytics({ writeKey: 'not-a-key', host: sut.url, flushAt: 1, maxRetries: 0 });
    const errors: { code?: string; reason?: unknown }[] = [];
    analytics.on('error', (error) => errors.push(error as never));
    analytics.track({ userId: 'sdk-intruder', event: 'Lead Created' });
    await analytics.closeAndFlush({ timeout: 10_000 });
    expect(errors.length).toBe(1);
    expect((await sut.request('GET', '/v1/contacts/sdk-intruder')).status).toBe(404);
  });
});
