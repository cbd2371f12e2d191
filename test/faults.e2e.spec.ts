import { randomInt } from 'node:crypto';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { Client } from 'pg';
import { TEST_REDIS_URL } from './support/services';
import { SmtpGate, type HeldMail } from './support/smtp-gate';
import { SmtpSink, type ReceivedMail } from './support/smtp-sink';
import { startTestApp, TEST_KEY, type TestApp } from './support/test-app';
import { waitUntil } from './support/wait-until';
import { prepareBuild, removeBuild, WorkerProcess } from './support/worker-process';

/**
 * The fault tests of DESIGN.md §2-3: Postgres is the truth, Redis only holds jobs, and a delivery row claimed before
 * the SMTP call keeps a crash from sending twice. Real PostgreSQL, Redis and SMTP; the worker of the first suite
 * is a separate process that is killed with SIGKILL.
 */

let seq = 0;
const messageId = () => `fault-${Date.now()}-${(seq += 1)}`;

async function ingest(sut: TestApp, path: string, body: Record<string, unknown>): Promise<void> {
  const response = await sut.request('POST', path, { messageId: messageId(), ...body });
  expect(response.status).toBe(200);
}

/** A new lead: identify (for the email address), then Lead Created, which starts the nurture flow. */
async function enterLead(sut: TestApp, userId: string): Promise<void> {
  await ingest(sut, '/v1/identify', { userId, traits: { email: `${userId}@shop.test`, first_name: userId } });
  await ingest(sut, '/v1/track', { userId, event: 'Lead Created', properties: { source: 'faults' } });
}

/** A cart left behind: Product Added starts the cart flow keyed by the cart id. */
async function enterCart(sut: TestApp, userId: string, cartId: string): Promise<void> {
  await ingest(sut, '/v1/identify', { userId, traits: { email: `${userId}@shop.test`, first_name: userId } });
  await ingest(sut, '/v1/track', {
    userId,
    event: 'Product Added',
    properties: { cart_id: cartId, product_id: 'p1', name: 'Linen Shirt', price: 49, quantity: 1 },
  });
}

async function connect(url: string): Promise<Client> {
  const client = new Client({ connectionString: url });
  // A dropped connection fails the next query; unhandled, it would crash the whole file.
  client.on('error', () => undefined);
  await client.connect();
  return client;
}

async function count(db: Client, sql: string, params: unknown[] = []): Promise<number> {
  return Number((await db.query<{ n: string }>(sql, params)).rows[0].n);
}

describe('a worker killed with SIGKILL', () => {
  const leads = ['lead-1', 'lead-2', 'lead-3', 'lead-4', 'lead-5'];
  let smtp: SmtpSink;
  let gate: SmtpGate;
  let sut: TestApp;
  let db: Client;
  let dist: string;

  beforeAll(async () => {
    // The workers run the compiled code: compile first when a source is newer than dist/.
    dist = prepareBuild();
    smtp = await new SmtpSink().start();
    gate = new SmtpGate(smtp);
    // The API only, in this process; the workers are child processes started by the test.
    sut = await startTestApp({ ROLE: 'api', SMTP_URL: smtp.url });
    db = await connect(sut.database.url);
    const saved = await sut.request('PUT', '/v1/journeys/customer-lifecycle?publish=true', {
      template: 'customer-lifecycle',
      params: { nurture: { delays: ['PT1S', 'PT1S'] } },
    });
    expect(saved.status).toBe(200);
  }, 180_000);

  afterAll(async () => {
    gate?.open();
    await WorkerProcess.stopAll();
    if (dist) removeBuild(dist);
    await db?.end();
    await sut?.close();
    await smtp?.stop();
  });

  async function startWorker(name: string): Promise<WorkerProcess> {
    const worker = WorkerProcess.start(name, dist, {
      ROLE: 'worker',
      DATABASE_URL: sut.database.url,
      REDIS_URL: sut.config.REDIS_URL,
      QUEUE_PREFIX: sut.config.QUEUE_PREFIX,
      SMTP_URL: smtp.url,
      API_KEYS: TEST_KEY,
      MIGRATIONS_RUN: 'skip',
      // A killed worker's active jobs are taken as stalled once their lock lapses, and picked up again.
      JOB_LOCK_MS: '2000',
      RECONCILE_INTERVAL_MS: '1000',
      LOG_LEVEL: 'log',
    });
    await worker.waitForOutput(/workers started/);
    return worker;
  }

  /** Rethrows with what is still to do and the worker's last words, so that a failure can be understood. */
  function explain(worker: WorkerProcess) {
    return async (error: Error): Promise<never> => {
      const { rows } = await db.query(
        `SELECT e.id, e.kind, e.status, e.due_at, d.status AS delivery, d.attempts, d.error
           FROM effects e LEFT JOIN deliveries d ON d.effect_id = e.id
          WHERE e.status <> 'done' OR (e.kind = 'email' AND d.status IS DISTINCT FROM 'sent')`,
      );
      throw new Error(`${error.message}\nnot done: ${JSON.stringify(rows)}\n${worker.output.slice(-4_000)}`);
    };
  }

  /**
   * Kills the worker with no message between its 250 and its record: the gate holds every reply, the sink has
   * answered every message that got past the gate, every message it accepted is seen `sent` in the database, and
   * only then comes SIGKILL. Held messages are released after their connections closed, so the sink drops them:
   * their sender never got a 250.
   */
  async function killWithRepliesHeld(worker: WorkerProcess): Promise<void> {
    gate.close();
    const accepted = () => smtp.messages.map((mail) => mail.messageId);
    await waitUntil(
      async () =>
        smtp.replyPending === gate.held.length &&
        (await count(
          db,
          `SELECT count(*) AS n FROM deliveries WHERE message_id = ANY($1) AND status = 'sent'`,
          [accepted()],
        )) === accepted().length,
      10_000,
      'every accepted message recorded as sent',
    ).catch(explain(worker));
    await worker.kill();
    await Promise.all(gate.held.map((mail) => smtp.whenClosed(mail.sessionId)));
    const released = gate.open();
    const settled = (mail: HeldMail) =>
      [...smtp.dropped, ...smtp.messages].some((seen) => seen.messageId === mail.messageId);
    await waitUntil(async () => released.every(settled), 5_000, 'the sink to settle the held messages');
  }

  it('loses nothing and sends nothing twice', async () => {
    const total = leads.length * 3;
    const first = await startWorker('worker-1');
    for (const userId of leads) await enterLead(sut, userId);

    // A kill at a random moment between sends, with work still to do (the waits of 1 s hold back the rest); a
    // send that happens to be on the wire then is held at its DATA reply like the victim below.
    await smtp.waitFor(() => true, 1);
    await new Promise((resolve) => setTimeout(resolve, randomInt(0, 600)));
    gate.close();
    expect(smtp.messages.length).toBeLessThan(total);
    await killWithRepliesHeld(first);
    expect(first.exit).toEqual({ code: null, signal: 'SIGKILL', killed: true });

    // A kill in the middle of an SMTP transaction: the victim is lead-3's first email that the next worker claims
    // (lead-3 has at least its last one to come), held after its DATA so the worker waits for the 250.
    const claimedBefore = new Set(
      (await db.query<{ message_id: string }>(`SELECT message_id FROM deliveries`)).rows.map(
        (row) => row.message_id,
      ),
    );
    const victimHeld = gate.holdFirst(
      (mail) => mail.to.includes('lead-3@') && !claimedBefore.has(mail.messageId),
    );
    const second = await startWorker('worker-2');
    const victim = await victimHeld;
    const claim = await db.query(`SELECT status, attempts FROM deliveries WHERE message_id = $1`, [
      victim.messageId,
    ]);
    expect(claim.rows).toEqual([{ status: 'sending', attempts: 1 }]);
    await killWithRepliesHeld(second);
    expect(second.exit).toEqual({ code: null, signal: 'SIGKILL', killed: true });
    // The killed attempt never got its 250, so it does not count as delivered.
    expect(smtp.dropped.map((mail) => mail.messageId)).toContain(victim.messageId);
    expect(smtp.messages.map((mail) => mail.messageId)).not.toContain(victim.messageId);

    // A new worker finds the stalled jobs (their locks lapse after JOB_LOCK_MS) and finishes the work.
    const third = await startWorker('worker-3');
    await smtp.waitFor(() => true, total, 30_000).catch(explain(third));
    // Once no effect is pending, nothing more can be sent: the counts below are final.
    await waitUntil(
      async () =>
        (await count(db, `SELECT count(*) AS n FROM effects WHERE status = 'pending'`)) === 0 &&
        (await count(
          db,
          `SELECT count(*) AS n FROM runs WHERE flow = 'nurture' AND status = 'completed'`,
        )) === leads.length,
      20_000,
      'every nurture run completed',
    ).catch(explain(third));

    const ids = smtp.messages.map((mail) => mail.messageId);
    expect(ids).toHaveLength(total);
    expect(new Set(ids).size).toBe(total);
    for (const userId of leads) expect(smtp.to(`${userId}@`)).toHaveLength(3);

    const deliveries = (
      await db.query<{ message_id: string; status: string; attempts: number }>(
        `SELECT message_id, status, attempts FROM deliveries`,
      )
    ).rows;
    expect(deliveries.map((row) => row.message_id).sort()).toEqual([...ids].sort());
    expect(deliveries.filter((row) => row.status !== 'sent')).toEqual([]);
    expect(deliveries.find((row) => row.message_id === victim.messageId)).toMatchObject({
      status: 'sent',
      attempts: 2,
    });
    // Every message the sink dropped was delivered later by another worker, which counted the attempt.
    for (const dropped of smtp.dropped) {
      expect(deliveries.find((row) => row.message_id === dropped.messageId)?.attempts).toBeGreaterThan(1);
    }
    expect(
      (await db.query(`SELECT kind, status, count(*)::int AS n FROM effects GROUP BY 1, 2 ORDER BY 1, 2`))
        .rows,
    ).toEqual([
      { kind: 'email', status: 'done', n: total },
      { kind: 'wake', status: 'done', n: leads.length * 2 },
    ]);
    expect(await count(db, `SELECT count(*) AS n FROM events WHERE routed_at IS NULL`)).toBe(0);
    expect(third.exit).toBeNull();
  }, 100_000);
});

// FLUSHALL empties the whole shared test Redis, not only this app's key prefix. That is acceptable because the
// e2e files run one at a time (`jest --runInBand`), and the suite above has closed its app and workers before this
// one starts; a test running beside it would have its jobs wiped too (and rebuilt by its reconciler).
describe('Redis FLUSHALL while runs wait', () => {
  let smtp: SmtpSink;
  let sut: TestApp;
  let db: Client;
  let redis: Redis;
  let bullConnection: Redis;
  let wakeups: Queue;
  let events: Queue;

  beforeAll(async () => {
    smtp = await new SmtpSink().start();
    sut = await startTestApp({ SMTP_URL: smtp.url });
    db = await connect(sut.database.url);
    redis = new Redis(TEST_REDIS_URL);
    bullConnection = new Redis(TEST_REDIS_URL, { maxRetriesPerRequest: null });
    wakeups = new Queue('wakeups', { connection: bullConnection, prefix: sut.config.QUEUE_PREFIX });
    events = new Queue('events', { connection: bullConnection, prefix: sut.config.QUEUE_PREFIX });
    const saved = await sut.request('PUT', '/v1/journeys/customer-lifecycle?publish=true', {
      template: 'customer-lifecycle',
      params: {
        // Long enough that the set-up below finishes before any first wait is due, even on a busy machine.
        nurture: { delays: ['PT6S', 'PT1S'] },
        cart: { firstReminderAfter: 'PT6S', secondReminderAfter: 'PT1S', lastReminderAfter: 'PT1S' },
      },
    });
    expect(saved.status).toBe(200);
  }, 60_000);

  afterAll(async () => {
    await wakeups?.close();
    await events?.close();
    bullConnection?.disconnect();
    redis?.disconnect();
    await db?.end();
    await sut?.close();
    await smtp?.stop();
  });

  it('rebuilds the lost jobs from Postgres and every email arrives once', async () => {
    const leads = ['early-lead-1', 'early-lead-2', 'early-lead-3'];
    const carts = ['early-cart-1', 'early-cart-2'];
    for (const userId of leads) await enterLead(sut, userId);
    for (const userId of carts) await enterCart(sut, userId, `c-${userId}`);
    // Identified only: no journey takes identify calls, so no run, with or without a fault.
    await ingest(sut, '/v1/identify', { userId: 'visitor', traits: { email: 'visitor@shop.test' } });
    await smtp.waitFor((mail) => leads.some((userId) => mail.to.includes(`${userId}@`)), leads.length);

    await waitUntil(
      async () =>
        (await count(db, `SELECT count(*) AS n FROM effects WHERE kind = 'wake' AND status = 'pending'`)) ===
        leads.length + carts.length,
      10_000,
      'a pending wake-up for every run',
    );

    // These events are committed but their route jobs are parked in Redis (queue paused) when it is flushed. More
    // of them than the database pool has connections, as a burst of recovered work can be.
    const parkedLeads = Array.from({ length: 12 }, (_, i) => `parked-lead-${i + 1}`);
    const parkedCarts = ['parked-cart-1', 'parked-cart-2'];
    const identify = (userId: string) => ({
      type: 'identify',
      userId,
      messageId: messageId(),
      traits: { email: `${userId}@shop.test`, first_name: userId },
    });
    await events.pause();
    await ingest(sut, '/v1/batch', {
      batch: [
        ...parkedLeads.flatMap((userId) => [
          identify(userId),
          { type: 'track', userId, messageId: messageId(), event: 'Lead Created' },
        ]),
        ...parkedCarts.flatMap((userId) => [
          identify(userId),
          {
            type: 'track',
            userId,
            messageId: messageId(),
            event: 'Product Added',
            properties: {
              cart_id: `c-${userId}`,
              product_id: 'p1',
              name: 'Linen Shirt',
              price: 49,
              quantity: 1,
            },
          },
        ]),
      ],
    });
    const parked = parkedLeads.length + parkedCarts.length;
    expect(
      await count(db, `SELECT count(*) AS n FROM events WHERE routed_at IS NULL AND type = 'track'`),
    ).toBe(parked);
    expect(await events.getWaitingCount()).toBe(parked);

    // Every early run waits on a wake-up that, in Redis, is only a delayed job, not due before the flush below.
    const waiting = (
      await db.query<{ id: string }>(
        `SELECT id FROM effects WHERE kind = 'wake' AND status = 'pending' AND due_at > now() + interval '300 ms'`,
      )
    ).rows.map((row) => row.id);
    expect(waiting).toHaveLength(leads.length + carts.length);
    expect(await wakeups.getDelayedCount()).toBe(waiting.length);

    // Events racing the flush: their route job may be added before it (and wiped) or after.
    await Promise.all([
      redis.flushall(),
      enterLead(sut, 'racing-lead'),
      enterCart(sut, 'racing-cart', 'c-racing'),
    ]);
    // Not asserted here that the jobs are gone: the reconciler may already be putting them back.
    const flushedAt = Date.now();
    const parkedMail = (mail: ReceivedMail) => parkedLeads.some((userId) => mail.to.includes(`${userId}@`));
    const resumed = smtp.waitFor(parkedMail, parkedLeads.length, 30_000).then(() => Date.now() - flushedAt);
    // And events arriving just after it.
    await enterLead(sut, 'late-lead');
    await enterCart(sut, 'late-cart', 'c-late');
    await ingest(sut, '/v1/identify', { userId: 'buyer', traits: { email: 'buyer@shop.test' } });
    await ingest(sut, '/v1/track', {
      userId: 'buyer',
      event: 'Order Completed',
      properties: { order_id: 'o-buyer', total: 80, currency: 'EUR' },
    });
    // The reconciler notices within a tick (1 s) and routing plus a send take milliseconds: the parked leads'
    // welcome emails are out within a few seconds, sooner than the pool's connection timeout (5 s), so work that
    // starves the pool shows here.
    const resumedMs = await resumed;
    expect(resumedMs).toBeLessThan(4_000);

    const allLeads = [...leads, ...parkedLeads, 'racing-lead', 'late-lead'];
    const allCarts = [...carts, ...parkedCarts, 'racing-cart', 'late-cart'];
    const total = (allLeads.length + allCarts.length) * 3;
    await smtp.waitFor(() => true, total, 40_000);
    // Once no effect is pending, nothing more can be sent: the counts below are final. Only the buyer's review run
    // still waits (for delivery, for days).
    await waitUntil(
      async () =>
        (await count(
          db,
          `SELECT count(*) AS n FROM runs WHERE flow IN ('nurture', 'cart') AND status = 'completed'`,
        )) ===
          allLeads.length + allCarts.length &&
        (await count(
          db,
          `SELECT count(*) AS n FROM effects e JOIN runs r ON r.id = e.run_id
            WHERE e.status = 'pending' AND r.flow <> 'review'`,
        )) === 0,
      20_000,
      'every nurture and cart run completed, its effects done',
    );
    const ids = smtp.messages.map((mail) => mail.messageId);
    expect(ids).toHaveLength(total);
    expect(new Set(ids).size).toBe(total);
    for (const userId of [...allLeads, ...allCarts]) expect(smtp.to(`${userId}@`)).toHaveLength(3);
    for (const userId of allCarts) {
      expect(smtp.to(`${userId}@`).map((mail) => mail.html.includes('COMEBACK10'))).toEqual([
        false,
        false,
        true,
      ]);
    }
    // The wake-ups that existed only as wiped delayed jobs were delivered all the same.
    const woken = await db.query<{ status: string }>(`SELECT status FROM effects WHERE id = ANY($1)`, [
      waiting,
    ]);
    expect(woken.rows.map((row) => row.status)).toEqual(waiting.map(() => 'done'));
    expect(await count(db, `SELECT count(*) AS n FROM events WHERE routed_at IS NULL`)).toBe(0);
    expect(
      await count(db, `SELECT count(*) AS n FROM deliveries WHERE status = 'sent' AND message_id = ANY($1)`, [
        ids,
      ]),
    ).toBe(total);
    // Rebuilding Redis re-enqueued what was lost, and nothing that ingest never asked for.
    expect((await sut.request('GET', '/v1/contacts/visitor')).body.runs).toEqual([]);
    const buyer = (await sut.request('GET', '/v1/contacts/buyer')).body.runs as Array<Record<string, any>>;
    expect(buyer.find((run) => run.flow === 'review')).toMatchObject({ key: 'o-buyer', status: 'active' });
    expect(buyer.find((run) => run.flow === '$stage')?.position).toBe('retention');
  }, 90_000);
});
