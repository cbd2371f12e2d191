import { Queue, Worker } from 'bullmq';
import { Redis } from 'ioredis';
import { DataSource } from 'typeorm';
import { ReconcilerService } from '../src/scheduling/reconciler.service';
import { startTestApp, type TestApp } from './support/test-app';
import { TEST_REDIS_URL } from './support/services';

/** The reconciler as a unit of its own, with the workers off so nothing races it. */
describe(ReconcilerService.name, () => {
  let app: TestApp;
  let sut: ReconcilerService;
  let db: DataSource;

  beforeAll(async () => {
    app = await startTestApp({ ROLE: 'api', RECONCILE_INTERVAL_MS: '3600000' });
    sut = app.running.app.get(ReconcilerService);
    db = app.running.app.get(DataSource);
  });
  afterAll(() => app.close());

  const queue = () =>
    new Queue('events', { connection: { url: TEST_REDIS_URL }, prefix: app.config.QUEUE_PREFIX });

  it('re-enqueues an unrouted event whose job is gone, and re-adds one stuck in the failed set', async () => {
    await sut.reconcile(); // first pass: Redis had nothing under this prefix
    const old = new Date(Date.now() - 60_000);
    const [contact] = await db.query(
      `INSERT INTO contacts (id, workspace_id, external_id, traits, created_at, updated_at)
       VALUES (gen_random_uuid(), '00000000-0000-4000-8000-000000000001', 'rec-a', '{}', now(), now()) RETURNING id`,
    );
    const insertEvent = (id: string) =>
      db.query(
        `INSERT INTO events (id, workspace_id, contact_id, message_id, type, name, properties, context, timestamp, received_at)
         VALUES ($1::uuid, '00000000-0000-4000-8000-000000000001', $2, $1::text, 'track', 'Lead Created', '{}', '{}', $3, $3)`,
        [id, contact.id, old],
      );
    await insertEvent('00000000-0000-4000-8000-00000000aaa1');
    await insertEvent('00000000-0000-4000-8000-00000000aaa2');
    const events = queue();
    // A job that used up its retries stays in BullMQ's failed set under the same id.
    const failing = new Worker('events', async () => Promise.reject(new Error('used up its retries')), {
      connection: { url: TEST_REDIS_URL, maxRetriesPerRequest: null },
      prefix: app.config.QUEUE_PREFIX,
      autorun: false,
    });
    const failedOnce = new Promise((resolve) => failing.on('failed', resolve));
    await events.add(
      'route-event',
      { eventId: 'x' },
      { jobId: '00000000-0000-4000-8000-00000000aaa2', removeOnFail: 10 },
    );
    void failing.run();
    await failedOnce;
    await failing.close();
    expect(await (await events.getJob('00000000-0000-4000-8000-00000000aaa2'))?.isFailed()).toBe(true);

    const result = await sut.reconcile();
    expect(result.redisWasEmpty).toBe(false);
    expect(result.events).toBeGreaterThanOrEqual(2);
    const ids = (await events.getJobs(['wait', 'delayed', 'prioritized'])).map((job) => job.id);
    expect(ids).toEqual(
      expect.arrayContaining([
        '00000000-0000-4000-8000-00000000aaa1',
        '00000000-0000-4000-8000-00000000aaa2',
      ]),
    );
    await events.close();
  });

  it('makes a full pass again when Redis loses its data between passes', async () => {
    await sut.reconcile();
    const redis = new Redis(TEST_REDIS_URL);
    await redis.del(`${app.config.QUEUE_PREFIX}:reconciler:epoch`);
    await redis.quit();
    expect((await sut.reconcile()).redisWasEmpty).toBe(true);
    expect((await sut.reconcile()).redisWasEmpty).toBe(false);
  });
});
