import { DataSource } from 'typeorm';
import { TcpProxy } from './support/tcp-proxy';
import { startTestApp, type TestApp } from './support/test-app';
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
