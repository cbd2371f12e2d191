import { DataSource } from 'typeorm';
import { TcpProxy } from './support/tcp-proxy';
import { startTestApp, type TestApp } from './support/test-app';
import { createTestDatabase, type TestDatabase } from './support/test-database';
import { waitUntil } from './support/wait-until';

describe('GET /health', () => {
  let redisProxy: TcpProxy;
  let sut: TestApp;

  beforeAll(async () => {
    redisProxy = await new TcpProxy('127.0.0.1', 6379).start();
    sut = await startTestApp({ REDIS_URL: `redis://127.0.0.1:${redisProxy.port}`, ROLE: 'api' });
  });
  afterAll(async () => {
    await redisProxy.restore();
    await sut.close();
    await redisProxy.stop();
  });

  const health = async () => {
    const response = await fetch(`${sut.url}/health`);
    return { status: response.status, body: (await response.json()) as any };
  };

  it('answers 503 naming Redis while Redis is unreachable, 200 again once it is back', async () => {
    expect(await health()).toMatchObject({ status: 200, body: { status: 'ok' } });
    await redisProxy.cut();
    const down = await waitUntil(
      async () => {
        const answer = await health();
        return answer.status === 503 && answer;
      },
      15_000,
      '503',
    );
    expect(down.body).toMatchObject({ status: 'unavailable', postgres: 'ok', failing: ['redis'] });
    await redisProxy.restore();
    await waitUntil(async () => (await health()).status === 200, 15_000, 'healthy again');
  });

  it('still commits events while Redis is down, leaving them for the reconciler to route', async () => {
    await redisProxy.cut();
    const response = await sut.request('POST', '/v1/track', {
      userId: 'while-down',
      event: 'Lead Created',
      messageId: 'while-down-1',
    });
    expect(response.status).toBe(200);
    expect(response.body.accepted).toBe(1);
    const [row] = await sut.running.app
      .get(DataSource)
      .query(`SELECT routed_at FROM events WHERE message_id = 'while-down-1'`);
    expect(row).toEqual({ routed_at: null });
    await redisProxy.restore();
  });
});

describe('the API while PostgreSQL is unreachable', () => {
  let postgresProxy: TcpProxy;
  let database: TestDatabase;
  let sut: TestApp;

  beforeAll(async () => {
    database = await createTestDatabase();
    postgresProxy = await new TcpProxy('127.0.0.1', 5432).start();
    const url = new URL(database.url);
    url.port = String(postgresProxy.port);
    sut = await startTestApp({ DATABASE_URL: url.href, ROLE: 'api' }, database);
  });
  afterAll(async () => {
    await postgresProxy.restore();
    await sut.close();
    await postgresProxy.stop();
  });

  it('answers 503 service_unavailable with Retry-After (never 2xx, never 500), and takes the retry once it is back', async () => {
    const event = { userId: 'pg-down', event: 'Lead Created', messageId: 'pg-down-1' };
    await postgresProxy.cut();
    const refused = await fetch(`${sut.url}/v1/track`, {
      method: 'POST',
      headers: { authorization: `Bearer ${sut.key}`, 'content-type': 'application/json' },
      body: JSON.stringify(event),
    });
    expect(refused.status).toBe(503);
    expect(refused.headers.get('retry-after')).toBe('5');
    expect(((await refused.json()) as any).error.code).toBe('service_unavailable');

    await postgresProxy.restore();
    const accepted = await waitUntil(
      async () => {
        const answer = await sut.request('POST', '/v1/track', event);
        return answer.status === 200 && answer;
      },
      15_000,
      'accepted once PostgreSQL is back',
    );
    expect(accepted.body.accepted).toBe(1);
    const [row] = await sut.running.app
      .get(DataSource)
      .query(`SELECT count(*)::int AS n FROM events WHERE message_id = 'pg-down-1'`);
    expect(row.n).toBe(1);
  });
});
