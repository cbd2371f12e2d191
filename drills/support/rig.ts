import { join } from 'node:path';
import { TcpProxy } from '../../test/support/tcp-proxy';
import { createDatabase, Probe } from './database';
import { Ingest } from './load';
import { OwnRedis } from './own-redis';
import { MailSink, WebhookSink } from './receivers';
import { Stack } from './stack';

export interface RigOptions {
  dist: string;
  /** A PostgreSQL server (admin URL, trust auth) on which the drill gets a fresh database. */
  postgresUrl: string;
  redisPort: number;
  /** Scratch directory for Redis's files. */
  workDir: string;
  workers: number;
  /** Put TCP proxies between every process and Redis / PostgreSQL, so the drill can stall them. */
  proxies?: boolean;
  env?: Record<string, string>;
}

/**
 * Everything one drill runs against: its own Redis, a fresh database, an SMTP sink and a webhook receiver, and
 * Touchpoint's API and worker processes.
 */
export class Rig {
  private constructor(
    readonly redis: OwnRedis,
    readonly database: { url: string; drop(): Promise<void> },
    readonly mail: MailSink,
    readonly webhooks: WebhookSink,
    readonly stack: Stack,
    readonly probe: Probe,
    readonly ingest: Ingest,
    readonly redisProxy: TcpProxy | null,
    readonly postgresProxy: TcpProxy | null,
  ) {}

  static async start(options: RigOptions): Promise<Rig> {
    const redis = new OwnRedis(options.redisPort, join(options.workDir, `redis-${options.redisPort}`));
    await redis.start();
    const database = await createDatabase(options.postgresUrl);
    const mail = await new MailSink().start(options.workers);
    const webhooks = await new WebhookSink().start();
    let redisUrl = redis.url;
    let databaseUrl = database.url;
    let redisProxy: TcpProxy | null = null;
    let postgresProxy: TcpProxy | null = null;
    if (options.proxies) {
      redisProxy = await new TcpProxy('127.0.0.1', redis.port).start();
      const pg = new URL(database.url);
      postgresProxy = await new TcpProxy(pg.hostname, Number(pg.port || 5432)).start();
      redisUrl = `redis://127.0.0.1:${redisProxy.port}`;
      pg.hostname = '127.0.0.1';
      pg.port = String(postgresProxy.port);
      databaseUrl = pg.toString();
    }
    const stack = await Stack.start({
      dist: options.dist,
      databaseUrl,
      redisUrl,
      smtpUrls: mail.ports.map((_, slot) => mail.url(slot)),
      env: options.env,
    });
    const probe = new Probe(database.url);
    return new Rig(
      redis,
      database,
      mail,
      webhooks,
      stack,
      probe,
      new Ingest(stack),
      redisProxy,
      postgresProxy,
    );
  }

  /** Publishes the default journey with the drill's timings (short waits instead of days). */
  async publish(params: Record<string, unknown>): Promise<void> {
    const saved = await this.stack.request('PUT', '/v1/journeys/customer-lifecycle?publish=true', {
      template: 'customer-lifecycle',
      params,
    });
    if (saved.status !== 200)
      throw new Error(`publishing the journey: ${saved.status} ${JSON.stringify(saved.body)}`);
  }

  /**
   * A webhook destination pointing at the drill's receiver, and a journey that sends each new lead to it once,
   * so webhooks (idempotency key: webhook-id) go through the same faults as emails.
   */
  async publishWebhooks(): Promise<void> {
    const destination = await this.stack.request('PUT', '/v1/destinations/drill-hook', {
      type: 'webhook',
      url: `${this.webhooks.url}/hook`,
      secret: `whsec_${Buffer.alloc(32, 7).toString('base64')}`,
      // The default (600 a minute) would make the drill a rate-limit test.
      ratePerMinute: 100_000,
    });
    if (destination.status !== 200)
      throw new Error(`webhook destination: ${JSON.stringify(destination.body)}`);
    const journey = await this.stack.request('PUT', '/v1/journeys/drill-hooks?publish=true', {
      name: 'Drill webhooks',
      stages: ['lead'],
      flows: {
        hook: {
          name: 'Tell the CRM about a lead',
          trigger: { event: 'Lead Created' },
          entry: { reentry: 'once' },
          steps: [{ id: 'crm', type: 'webhook.send', destination: 'drill-hook', data: { source: 'drill' } }],
        },
      },
    });
    if (journey.status !== 200) throw new Error(`webhook journey: ${JSON.stringify(journey.body)}`);
  }

  async close(): Promise<void> {
    await this.stack.stop();
    await this.probe.end();
    this.redisProxy?.unstall();
    await this.redisProxy?.stop();
    this.postgresProxy?.unstall();
    await this.postgresProxy?.stop();
    await this.mail.stop();
    await this.webhooks.stop();
    await this.redis.stop();
    await this.database.drop();
  }
}
