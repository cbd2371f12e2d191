import { DataSource } from 'typeorm';
import { startTestApp, type TestApp } from './support/test-app';

const SECRET = `whsec_${Buffer.alloc(32, 7).toString('base64')}`;

const hookJourney = (destination: string, type = 'webhook.send') => ({
  name: 'Hooks',
  stages: ['start'],
  flows: {
    main: {
      name: 'Main',
      trigger: { event: 'Hook Me' },
      steps: [
        { id: 'first', type: 'email', template: 'nurture-1' },
        { id: 'tell', type, destination },
      ],
    },
  },
});

/** Destinations API: create, read without secrets, bad input answered with paths and nothing written. */
describe('destinations API', () => {
  let sut: TestApp;
  const count = async (table: string) =>
    Number((await sut.running.app.get(DataSource).query(`SELECT count(*) FROM ${table}`))[0].count);

  beforeAll(async () => {
    sut = await startTestApp();
  });
  afterAll(async () => {
    await sut?.close();
  });

  it('creates a webhook with a generated secret shown once, and never returns it again', async () => {
    const created = await sut.request('PUT', '/v1/destinations/crm', {
      type: 'webhook',
      url: 'https://crm.test/hooks',
    });

    expect(created.status).toBe(200);
    expect(created.body).toMatchObject({
      key: 'crm',
      type: 'webhook',
      url: 'https://crm.test/hooks',
      secretSet: true,
    });
    expect(created.body.secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    expect(created.body.secretLast4).toBe(created.body.secret.slice(-4));
    const read = await sut.request('GET', '/v1/destinations/crm');
    const listed = await sut.request('GET', '/v1/destinations');
    expect(read.body).toMatchObject({ key: 'crm', secretSet: true, secretLast4: created.body.secretLast4 });
    expect(JSON.stringify([read.body, listed.body])).not.toContain(created.body.secret.slice(6, 30));
    expect(read.body).not.toHaveProperty('secret');
  });

  it('keeps a stored secret when an update leaves it out, and takes a given one', async () => {
    await sut.request('PUT', '/v1/destinations/ops', {
      type: 'webhook',
      url: 'https://ops.test/a',
      secret: SECRET,
    });
    const updated = await sut.request('PUT', '/v1/destinations/ops', {
      type: 'webhook',
      url: 'https://ops.test/b',
    });

    expect(updated.status).toBe(200);
    expect(updated.body).toMatchObject({
      url: 'https://ops.test/b',
      secretSet: true,
      secretLast4: SECRET.slice(-4),
    });
    expect(updated.body).not.toHaveProperty('secret');
  });

  it('shows audience destinations with their token write-only and their defaults', async () => {
    const meta = await sut.request('PUT', '/v1/destinations/meta-cart', {
      type: 'meta-custom-audience',
      audienceId: '23851234567890',
      accessToken: 'EAAB-meta-token-1234',
    });
    const google = await sut.request('PUT', '/v1/destinations/google-cart', {
      type: 'google-customer-match',
      customerId: '123-456-7890',
      userListId: '987654',
      developerToken: 'dev-token-abcd',
      accessToken: 'ya29.google-token-wxyz',
    });

    expect(meta.body).toMatchObject({
      type: 'meta-custom-audience',
      audienceId: '23851234567890',
      baseUrl: 'https://graph.facebook.com/v21.0',
      accessTokenSet: true,
      accessTokenLast4: '1234',
    });
    expect(google.body).toMatchObject({
      customerId: '1234567890',
      baseUrl: 'https://googleads.googleapis.com/v21',
      consent: { adUserData: 'GRANTED', adPersonalization: 'GRANTED' },
      developerTokenLast4: 'abcd',
      accessTokenLast4: 'wxyz',
    });
    expect(JSON.stringify([meta.body, google.body])).not.toMatch(/meta-token|google-token|dev-token/);
  });

  it.each([
    ['an unknown type', 'x1', { type: 'sms', url: 'https://a.test' }, 'destination_invalid', '$.type'],
    ['a bad URL', 'x2', { type: 'webhook', url: 'ftp://files.test/in' }, 'destination_invalid', '$.url'],
    ['a URL without host', 'x3', { type: 'webhook', url: 'https://' }, 'destination_invalid', '$.url'],
    [
      'a secret without whsec_',
      'x4',
      { type: 'webhook', url: 'https://a.test', secret: 'hunter2' },
      'destination_invalid',
      '$.secret',
    ],
    [
      'a secret not base64',
      'x5',
      { type: 'webhook', url: 'https://a.test', secret: 'whsec_not base64!' },
      'destination_invalid',
      '$.secret',
    ],
    [
      'a too short secret',
      'x6',
      { type: 'webhook', url: 'https://a.test', secret: 'whsec_c2hvcnQ=' },
      'destination_invalid',
      '$.secret',
    ],
    [
      'a bad body template',
      'x7',
      { type: 'webhook', url: 'https://a.test', bodyTemplate: '{{ a | nope }}' },
      'destination_invalid',
      '$.bodyTemplate',
    ],
    [
      'a missing token',
      'x8',
      { type: 'meta-custom-audience', audienceId: '1' },
      'destination_invalid',
      '$.accessToken',
    ],
    [
      'a bad audience id',
      'x9',
      { type: 'meta-custom-audience', audienceId: 'abc', accessToken: 'token-12345' },
      'destination_invalid',
      '$.audienceId',
    ],
    [
      'an unknown field',
      'x10',
      { type: 'webhook', url: 'https://a.test', extra: 1 },
      'destination_invalid',
      '$.extra',
    ],
    ['a bad key', 'Bad_Key', { type: 'webhook', url: 'https://a.test' }, 'destination_invalid', '$.key'],
  ])(
    'rejects %s with 400, the code and the path, and writes nothing',
    async (_name, key, body, code, path) => {
      const before = await count('destinations');

      const response = await sut.request('PUT', `/v1/destinations/${key}`, body);

      expect(response.status).toBe(400);
      expect(response.body.error.code).toBe(code);
      expect(response.body.error.details).toEqual(
        expect.arrayContaining([expect.objectContaining({ path })]),
      );
      expect(await count('destinations')).toBe(before);
    },
  );

  it('answers 404 for an unknown destination', async () => {
    const response = await sut.request('GET', '/v1/destinations/nope');

    expect(response.status).toBe(404);
    expect(response.body.error.code).toBe('not_found');
  });

  describe('publishing a journey', () => {
    it('rejects a step naming an unknown destination with its path, and publishes and saves nothing', async () => {
      const before = await count('journey_versions');

      const response = await sut.request('PUT', '/v1/journeys/hooks?publish=true', hookJourney('nowhere'));

      expect(response.status).toBe(400);
      expect(response.body.error.code).toBe('journey_invalid');
      expect(response.body.error.details).toEqual([
        { path: '$.flows.main.steps[1].destination', message: 'unknown destination "nowhere"' },
      ]);
      expect(await count('journey_versions')).toBe(before);
      expect((await sut.request('GET', '/v1/journeys/hooks')).status).toBe(404);
    });

    it('rejects a destination of the wrong type on publish of a saved draft, leaving it unpublished', async () => {
      expect(
        (await sut.request('PUT', '/v1/journeys/hooks2', hookJourney('crm', 'audience.add'))).status,
      ).toBe(200);

      const response = await sut.request('POST', '/v1/journeys/hooks2/publish');

      expect(response.status).toBe(400);
      expect(response.body.error.details).toEqual([
        {
          path: '$.flows.main.steps[1].destination',
          message: 'destination "crm" is a webhook, not an audience',
        },
      ]);
      expect((await sut.request('GET', '/v1/journeys/hooks2')).body).toMatchObject({
        status: 'draft',
        publishedVersion: null,
      });
    });

    it('publishes when every named destination exists with the right type', async () => {
      const response = await sut.request('PUT', '/v1/journeys/hooks3?publish=true', hookJourney('crm'));

      expect(response.status).toBe(200);
      expect(response.body).toMatchObject({ status: 'published', publishedVersion: 1 });
    });

    it('checks the default journey template parameter too', async () => {
      const response = await sut.request('PUT', '/v1/journeys/customer-lifecycle?publish=true', {
        template: 'customer-lifecycle',
        params: { cart: { audienceDestination: 'no-such-audience' } },
      });

      expect(response.status).toBe(400);
      expect(response.body.error.details).toEqual([
        { path: '$.flows.cart.steps[2].destination', message: 'unknown destination "no-such-audience"' },
        { path: '$.flows.cart.steps[7].destination', message: 'unknown destination "no-such-audience"' },
        { path: '$.flows.cart.onExit[0].destination', message: 'unknown destination "no-such-audience"' },
      ]);
    });
  });
});
