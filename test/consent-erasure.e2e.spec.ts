import { DataSource } from 'typeorm';
import { QueueService } from '../src/scheduling/queue.service';
import { startTestApp, type TestApp } from './support/test-app';
import { waitUntil } from './support/wait-until';

/** Sends at once, then waits an hour before the next email (a pending wake-up with a delayed job). */
const laterJourney = {
  name: 'Later',
  stages: ['start'],
  flows: {
    main: {
      name: 'Main',
      trigger: { event: 'Later Go' },
      entry: { reentry: 'everyTime' },
      steps: [
        { id: 'first', type: 'email', template: 'nurture-1' },
        { id: 'pause', type: 'wait', duration: 'PT1H' },
        { id: 'second', type: 'email', template: 'nurture-2' },
      ],
    },
  },
};
/** Paused once entered: its send, due after a second, is held until the journey resumes. */
const heldJourney = {
  name: 'Held',
  stages: ['start'],
  flows: {
    main: {
      name: 'Main',
      trigger: { event: 'Held Go' },
      steps: [
        { id: 'beat', type: 'wait', duration: 'PT1S' },
        { id: 'held', type: 'email', template: 'nurture-3' },
      ],
    },
  },
};

const PII = ['erase-me@shop.test', 'Zebediah', 'Quixotic', 'erase-u1', '+31612345678', '203.0.113.77'];

describe('erasure', () => {
  let sut: TestApp;
  let n = 0;
  const send = (path: string, body: object) =>
    sut.request('POST', path, { messageId: `e-${(n += 1)}`, ...body });
  const db = () => sut.running.app.get(DataSource);
  const count = async (table: string) => Number((await db().query(`SELECT count(*) FROM ${table}`))[0].count);

  /** Every row of every table whose text or JSON columns contain `needle`, as `table.column`. */
  const hits = async (needle: string): Promise<string[]> => {
    const columns: { table_name: string; column_name: string }[] = await db().query(
      `SELECT table_name, column_name FROM information_schema.columns
        WHERE table_schema = 'public' AND data_type IN ('text', 'character varying', 'jsonb', 'json', 'ARRAY')`,
    );
    const found: string[] = [];
    for (const { table_name: table, column_name: column } of columns) {
      const [row] = await db().query(
        `SELECT count(*) AS n FROM "${table}" WHERE "${column}"::text ILIKE $1`,
        [`%${needle}%`],
      );
      if (Number(row.n) > 0) found.push(`${table}.${column}`);
    }
    return found;
  };

  beforeAll(async () => {
    // No SMTP_URL: the dev mailbox keeps every rendered message, one more place personal data lives.
    sut = await startTestApp();
    expect((await sut.request('PUT', '/v1/journeys/later?publish=true', laterJourney)).status).toBe(200);
    expect((await sut.request('PUT', '/v1/journeys/held?publish=true', heldJourney)).status).toBe(200);
  });
  afterAll(() => sut?.close());

  it('removes the personal data from every table, cancels pending sends and their jobs, and keeps anonymous counts', async () => {
    const context = { ip: '203.0.113.77', traits: { email: 'erase-me@shop.test' } };
    await send('/v1/identify', {
      userId: 'erase-u1',
      context,
      traits: {
        email: 'Erase-Me@shop.test',
        first_name: 'Zebediah',
        last_name: 'Quixotic',
        phone: '+31612345678',
        consent: { email_marketing: true },
      },
    });
    await send('/v1/track', {
      userId: 'erase-u1',
      event: 'Later Go',
      context,
      properties: { cart_id: 'c-1', customer_name: 'Zebediah Quixotic', email: 'erase-me@shop.test' },
    });
    await send('/v1/track', { userId: 'erase-u1', event: 'Held Go' });
    await waitUntil(
      async () =>
        (await sut.request('GET', '/v1/contacts/erase-u1')).body.runs?.some((r: any) => r.journey === 'held'),
      15_000,
      'held run',
    );
    expect((await sut.request('POST', '/v1/journeys/held/pause')).status).toBe(200);
    await sut.request('PUT', '/v1/contacts/erase-u1/consent', {
      ads: 'granted',
      method: 'form at erase-me@shop.test',
    });
    await sut.request('PUT', '/v1/suppressions/erase-me@shop.test', {
      reason: 'complaint',
      note: 'Zebediah complained',
    });
    const pending = await waitUntil(
      async () => {
        const rows: { id: string; kind: string; status: string }[] = await db().query(
          `SELECT f.id, f.kind, f.status FROM effects f JOIN contacts c ON c.id = f.contact_id
            WHERE c.external_id = 'erase-u1' AND f.status IN ('pending', 'held') ORDER BY f.kind`,
        );
        const mailed = await count(`mailbox_messages WHERE recipient = 'erase-me@shop.test'`);
        const states = rows.map((e) => `${e.kind} ${e.status}`).join(', ');
        return states === 'email held, wake pending' && mailed === 1 ? rows : null;
      },
      15_000,
      'first email sent, wake-up pending, held send',
    );
    expect(pending.map((e) => `${e.kind} ${e.status}`)).toEqual(['email held', 'wake pending']);
    const wake = pending.find((e) => e.kind === 'wake')!;
    const wakeups = sut.running.app.get(QueueService).queue('wakeups');
    expect(await wakeups.getJob(wake.id)).toBeDefined();
    for (const needle of PII) expect(await hits(needle)).not.toEqual([]);
    const before = {
      events: await count('events'),
      runs: await count('runs'),
      deliveries: await count('deliveries'),
    };

    const erased = await sut.request('DELETE', '/v1/contacts/erase-u1');
    expect(erased.status).toBe(200);
    expect(erased.body).toMatchObject({
      erased: true,
      userId: 'erase-u1',
      counts: { effectsCancelled: 2, mailboxMessages: 1 },
    });

    for (const needle of PII) expect({ needle, tables: await hits(needle) }).toEqual({ needle, tables: [] });
    const effects = await db().query(`SELECT status, reason FROM effects WHERE id = ANY($1)`, [
      pending.map((e) => e.id),
    ]);
    expect(effects).toEqual([
      { status: 'cancelled', reason: 'contact erased' },
      { status: 'cancelled', reason: 'contact erased' },
    ]);
    expect(await wakeups.getJob(wake.id)).toBeUndefined();
    const runs = await db().query(
      `SELECT r.status, r.snapshot FROM runs r JOIN erasures e ON e.contact_id = r.contact_id`,
    );
    expect(runs.length).toBe(erased.body.counts.runs);
    expect(runs.every((r: any) => r.status !== 'active' && JSON.stringify(r.snapshot) === '{}')).toBe(true);
    // Anonymous counts stay: the rows are there, with names, times and statuses.
    expect({
      events: await count('events'),
      runs: await count('runs'),
      deliveries: await count('deliveries'),
    }).toEqual(before);
    expect(await count(`events WHERE name = 'Later Go'`)).toBe(1);
    const [erasure] = await db().query(`SELECT requested_by, counts FROM erasures`);
    expect(erasure.requested_by).toMatch(/^key:[0-9a-f]{12}$/);
    expect((await sut.request('GET', '/v1/contacts/erase-u1')).status).toBe(404);
    expect((await sut.request('DELETE', '/v1/contacts/erase-u1')).status).toBe(404);

    // The address stays suppressed (as a hash): the same person signing up again gets no marketing by accident.
    await send('/v1/identify', { userId: 'erase-u2', traits: { email: 'erase-me@shop.test' } });
    await send('/v1/track', { userId: 'erase-u2', event: 'Later Go' });
    await waitUntil(
      async () =>
        ((await sut.request('GET', '/v1/contacts/erase-u2/timeline')).body.entries as any[]).find((e) =>
          /^first skipped: email suppressed: complaint/.test(e.reason ?? ''),
        ),
      15_000,
      'suppressed after erasure',
    );
  });

  it('answers 404 for an unknown contact and writes nothing', async () => {
    const before = await count('erasures');
    const response = await sut.request('DELETE', '/v1/contacts/nobody-here');
    expect(response.status).toBe(404);
    expect(response.body.error.code).toBe('not_found');
    expect(await count('erasures')).toBe(before);
  });
});
