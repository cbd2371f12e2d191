import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { InsightRollupService } from '../src/insight/insight-rollup.service';
import { ShiftedClock } from './support/shifted-clock';
import { SmtpSink, type ReceivedMail } from './support/smtp-sink';
import { startTestApp, type TestApp } from './support/test-app';
import { waitUntil } from './support/wait-until';

const TWO_LINKS = `<mjml><mj-body><mj-section><mj-column>
<mj-text><a href="https://shop.test/new">new in</a> or <a href="https://shop.test/sale">the sale</a>.</mj-text>
<mj-text><a href="{{ links.unsubscribe }}">unsubscribe</a></mj-text>
</mj-column></mj-section></mj-body></mjml>`;

/** A short wait, then a marketing email: a run can be caught waiting, and the send comes after the wake-up. */
const journey = {
  name: 'Counted',
  stages: ['in'],
  flows: {
    main: {
      name: 'Main',
      trigger: { event: 'Go' },
      entry: { reentry: 'everyTime' },
      steps: [
        { id: 'pause', type: 'wait', duration: 'PT3S' },
        { id: 'mail', type: 'email', template: 'nurture-1' },
      ],
    },
  },
};

/** The tracked shop links (the unsubscribe link is not tracked). */
const clicksOf = (mail: ReceivedMail) =>
  [...mail.html.matchAll(/href="([^"]*\/t\/c\/[^"]+)"/g)].map((m) => m[1]!);

/** The funnel's counters (database triggers folded into hourly rows) against what the customers' sends went through. */
describe('funnel counts', () => {
  const clock = new ShiftedClock();
  let smtp: SmtpSink;
  let sut: TestApp;
  let n = 0;
  const db = () => sut.running.app.get(DataSource);
  const post = async (path: string, body: object) => {
    const response = await sut.request('POST', path, { messageId: `fc-${(n += 1)}`, ...body });
    expect(response.status).toBe(200);
  };
  const start = async (userId: string) => {
    await post('/v1/identify', { userId, traits: { email: `${userId}@shop.test` } });
    await post('/v1/track', { userId, event: 'Go' });
  };
  const mailStep = async () => {
    const response = await sut.request('GET', '/v1/insight/journeys/counted/funnel?days=7');
    expect(response.status).toBe(200);
    return response.body.flows[0].steps.find((s: { stepId: string }) => s.stepId === 'mail');
  };
  const mailStatus = async (userId: string) => {
    const [row] = await db().query(
      `SELECT f.status FROM effects f JOIN contacts c ON c.id = f.contact_id
        WHERE c.external_id = $1 AND f.step_id = 'mail'`,
      [userId],
    );
    return row?.status as string | undefined;
  };

  beforeAll(async () => {
    smtp = await new SmtpSink().start();
    sut = await startTestApp({ SMTP_URL: smtp.url, PUBLIC_URL: 'https://tp.shop.test' }, undefined, {
      clock,
    });
    const settings = await sut.request('PUT', '/v1/settings', {
      name: 'Shop',
      timezone: 'UTC',
      sendWindow: { start: '08:00', end: '20:00', jitter: 'PT1S' },
    });
    expect(settings.status).toBe(200);
    expect(
      (await sut.request('PUT', '/v1/templates/nurture-1', { subject: 'Two links', mjml: TWO_LINKS })).status,
    ).toBe(200);
    expect((await sut.request('PUT', '/v1/journeys/counted?publish=true', journey)).status).toBe(200);
  });
  afterAll(async () => {
    await sut?.close();
    await smtp?.stop();
  });

  it('counts an email deferred by quiet hours and then sent as one deferred and one sent', async () => {
    // The wait ends a few seconds before the window opens at 08:00 UTC.
    clock.set('2026-03-09T07:59:52Z');
    await start('early');
    await smtp.waitFor((m) => m.to.startsWith('early@'));
    await waitUntil(async () => (await mailStatus('early')) === 'done', 10_000, 'the send recorded');

    expect(await mailStep()).toMatchObject({ entered: 1, deferred: 1, sent: 1, delivered: 1, skipped: 0 });
  });

  it('counts a send held while the journey was paused, then released, once', async () => {
    await start('held');
    await waitUntil(
      async () => {
        const [run] = await db().query(
          `SELECT r.status FROM runs r JOIN contacts c ON c.id = r.contact_id WHERE c.external_id = 'held' AND r.flow = 'main'`,
        );
        return run?.status === 'active';
      },
      10_000,
      'the run waiting',
    );
    expect((await sut.request('POST', '/v1/journeys/counted/pause')).status).toBe(200);
    await waitUntil(async () => (await mailStatus('held')) === 'held', 15_000, 'the send held');
    expect(await mailStep()).toMatchObject({ entered: 2, sent: 1 });

    expect((await sut.request('POST', '/v1/journeys/counted/resume')).status).toBe(200);
    await smtp.waitFor((m) => m.to.startsWith('held@'));
    await waitUntil(async () => (await mailStatus('held')) === 'done', 10_000, 'the send recorded');

    expect(await mailStep()).toMatchObject({ entered: 2, deferred: 1, sent: 2, skipped: 0 });
  });

  it('counts one open and one click for an email whose two links were both clicked, twice', async () => {
    const [mail] = smtp.to('early@');
    const links = clicksOf(mail!);
    expect(links).toHaveLength(2);
    for (const link of [...links, ...links]) {
      const response = await fetch(`${sut.url}${new URL(link).pathname}`, { redirect: 'manual' });
      expect(response.status).toBe(302);
    }
    const [{ clicks }] = await db().query(
      `SELECT count(*)::int AS clicks FROM events WHERE name = 'Email Link Clicked'`,
    );
    expect(clicks).toBe(2);

    expect(await mailStep()).toMatchObject({ sent: 2, opened: 1, clicked: 1 });
  });

  it('keeps the counts when a customer who was sent the email is erased', async () => {
    const before = await mailStep();
    expect((await sut.request('DELETE', '/v1/contacts/early')).status).toBe(200);

    expect(await mailStep()).toEqual(before);
  });

  it('folds each count once when two folds run at the same time', async () => {
    const journeyId = randomUUID();
    const workspaceId = randomUUID();
    // More than one fold batch (20,000 rows), over three hours.
    await db().query(
      `INSERT INTO step_counts (workspace_id, journey_id, flow, step_id, metric, at, n)
       SELECT $1, $2, 'main', 'mail', 'sent', timestamptz '2026-03-09T08:00:00Z' + interval '1 hour' * (i % 3), 1
         FROM generate_series(1, 45000) i`,
      [workspaceId, journeyId],
    );
    const rollup = sut.running.app.get(InsightRollupService);

    await Promise.all([rollup.rollUp(), rollup.rollUp()]);

    const hours = await db().query(`SELECT hour, n FROM step_hourly WHERE journey_id = $1 ORDER BY hour`, [
      journeyId,
    ]);
    expect(hours.map((h: { n: number }) => h.n)).toEqual([15000, 15000, 15000]);
    const [{ left }] = await db().query(
      `SELECT count(*)::int AS left FROM step_counts WHERE journey_id = $1`,
      [journeyId],
    );
    expect(left).toBe(0);
  });
});
