import { DataSource } from 'typeorm';
import { startTestApp, type TestApp } from './support/test-app';

describe('ingest (Segment HTTP Tracking API)', () => {
  let sut: TestApp;
  const count = async (table: string) =>
    Number((await sut.running.app.get(DataSource).query(`SELECT count(*) FROM ${table}`))[0].count);

  beforeAll(async () => {
    sut = await startTestApp();
  });
  afterAll(() => sut.close());

  it('accepts a track call with Basic auth (write key as user name) and stores it once per messageId', async () => {
    const basic = `Basic ${Buffer.from(`${sut.key}:`).toString('base64')}`;
    const message = {
      userId: 'u-basic',
      event: 'Product Viewed',
      messageId: 'm-basic-1',
      properties: { sku: 'A1' },
    };
    const first = await sut.request('POST', '/v1/track', message, { authorization: basic });
    const again = await sut.request('POST', '/v1/track', message, { authorization: basic });
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ success: true, accepted: 1, duplicates: 0 });
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ accepted: 0, duplicates: 1 });
    expect(again.body.results[0].eventId).toBe(first.body.results[0].eventId);
    const stored = await sut.running.app
      .get(DataSource)
      .query(`SELECT count(*) FROM events WHERE message_id = 'm-basic-1'`);
    expect(Number(stored[0].count)).toBe(1);
  });

  it('merges identify traits into the contact profile', async () => {
    await sut.request('POST', '/v1/identify', {
      userId: 'u-id',
      traits: { email: ' Jane@Example.COM ', first_name: 'Jane' },
    });
    await sut.request('POST', '/v1/identify', {
      userId: 'u-id',
      traits: { locale: 'nl-NL', timezone: 'Europe/Amsterdam' },
    });
    const profile = await sut.request('GET', '/v1/contacts/u-id');
    expect(profile.status).toBe(200);
    expect(profile.body).toMatchObject({
      userId: 'u-id',
      email: 'jane@example.com',
      firstName: 'Jane',
      locale: 'nl-NL',
      timezone: 'Europe/Amsterdam',
    });
  });

  it('accepts the valid items of a batch and reports the invalid ones by index', async () => {
    const before = await count('events');
    const response = await sut.request('POST', '/v1/batch', {
      batch: [
        { type: 'track', userId: 'u-b', event: 'Lead Created', messageId: 'b-1' },
        { type: 'track', userId: 'u-b', messageId: 'b-2' },
        { type: 'identify', anonymousId: 'anon-1', traits: { email: 'x@example.com' }, messageId: 'b-3' },
        { type: 'track', event: 'No Identity', messageId: 'b-4' },
      ],
    });
    expect(response.status).toBe(200);
    expect(response.body.accepted).toBe(2);
    expect(response.body.rejected).toEqual([
      {
        index: 1,
        code: 'validation_failed',
        errors: [expect.objectContaining({ path: '$.batch[1].event' })],
      },
      {
        index: 3,
        code: 'validation_failed',
        errors: [expect.objectContaining({ path: '$.batch[3].userId' })],
      },
    ]);
    expect(await count('events')).toBe(before + 2);
  });

  it.each([
    ['no key', {}, 401, 'unauthorized'],
    ['a wrong key', { authorization: 'Bearer nope' }, 401, 'unauthorized'],
  ])('rejects %s with 401 and writes nothing', async (_label, headers, status, code) => {
    const before = await count('events');
    const response = await fetch(`${sut.url}/v1/track`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify({ userId: 'u-401', event: 'Lead Created' }),
    });
    expect(response.status).toBe(status);
    expect(((await response.json()) as { error: { code: string } }).error.code).toBe(code);
    expect(await count('events')).toBe(before);
  });

  it('rejects malformed JSON with 400 invalid_json and writes nothing', async () => {
    const before = await count('events');
    const response = await sut.request('POST', '/v1/track', '{"userId": "u-bad", "event": ');
    expect(response.status).toBe(400);
    expect(response.body.error.code).toBe('invalid_json');
    expect(await count('events')).toBe(before);
  });

  it('rejects missing fields with the field path', async () => {
    const response = await sut.request('POST', '/v1/track', { userId: 'u-missing', properties: [] });
    expect(response.status).toBe(400);
    expect(response.body.error.code).toBe('validation_failed');
    expect(response.body.error.details.map((d: { path: string }) => d.path).sort()).toEqual([
      '$.event',
      '$.properties',
    ]);
  });

  it('rejects a message over 32 KB and a batch over 500 KB with 413', async () => {
    const before = await count('events');
    const big = 'x'.repeat(33 * 1024);
    const single = await sut.request('POST', '/v1/track', {
      userId: 'u-big',
      event: 'Lead Created',
      properties: { big },
    });
    expect(single.status).toBe(413);
    expect(single.body.error.code).toBe('payload_too_large');
    const batch = await sut.request('POST', '/v1/batch', {
      batch: Array.from({ length: 20 }, (_, i) => ({
        type: 'track',
        userId: 'u-big',
        event: 'E',
        properties: { big: big.slice(0, 30_000), i },
      })),
    });
    expect(batch.status).toBe(413);
    expect(batch.body.error.code).toBe('payload_too_large');
    expect(await count('events')).toBe(before);
  });

  it('answers health with 200 when PostgreSQL and Redis are up', async () => {
    const response = await fetch(`${sut.url}/health`);
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ status: 'ok', postgres: 'ok', redis: 'ok' });
  });
});
