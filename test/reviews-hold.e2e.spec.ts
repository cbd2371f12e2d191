import { SmtpSink } from './support/smtp-sink';
import { startTestApp, type TestApp } from './support/test-app';
import { waitUntil } from './support/wait-until';

/** A journey's `hold` step pauses the contact's marketing email from every journey; transactional mail goes. */
const holdJourney = {
  name: 'Hold',
  stages: ['start'],
  flows: {
    hold: {
      name: 'Hold on complaint',
      trigger: { event: 'Complaint Filed' },
      entry: { reentry: 'everyTime' },
      steps: [{ id: 'pause', type: 'hold', duration: 'P14D', reason: 'paused after a detractor answer' }],
    },
    mail: {
      name: 'Mail on demand',
      trigger: { event: 'Mail Me' },
      entry: { reentry: 'everyTime' },
      steps: [
        { id: 'promo', type: 'email', template: 'nurture-1' },
        { id: 'receipt', type: 'email', template: 'nps-thanks', class: 'transactional' },
      ],
    },
  },
};

describe('marketing hold', () => {
  let smtp: SmtpSink;
  let sut: TestApp;
  let n = 0;
  const send = (path: string, body: object) =>
    sut.request('POST', path, { messageId: `h-${(n += 1)}`, ...body });
  const timeline = async (userId: string) =>
    (await sut.request('GET', `/v1/contacts/${userId}/timeline`)).body.entries as any[];

  beforeAll(async () => {
    smtp = await new SmtpSink().start();
    sut = await startTestApp({ SMTP_URL: smtp.url });
    expect((await sut.request('PUT', '/v1/journeys/hold?publish=true', holdJourney)).status).toBe(200);
  });
  afterAll(async () => {
    await sut?.close();
    await smtp?.stop();
  });

  it('skips marketing sends while the hold lasts, with the reason and its end, and still sends transactional mail', async () => {
    await send('/v1/identify', { userId: 'held', traits: { email: 'held@shop.test' } });
    const before = Date.now();
    await send('/v1/track', { userId: 'held', event: 'Complaint Filed' });
    await waitUntil(
      async () =>
        (await timeline('held')).some((e) => e.flow === 'hold' && /all steps done/.test(e.reason ?? '')),
      10_000,
      'hold flow done',
    );

    await send('/v1/track', { userId: 'held', event: 'Mail Me' });

    const [receipt] = await smtp.waitFor((m) => m.to.includes('held@'));
    expect(receipt.subject).toBe('Thank you for your feedback');
    const skipped = await waitUntil(
      async () =>
        (await timeline('held')).find((e) => e.kind === 'step' && /^promo skipped: /.test(e.reason ?? '')),
      10_000,
      'promo skipped',
    );
    const until = /^promo skipped: marketing hold: paused after a detractor answer until (\S+)$/.exec(
      skipped.reason,
    )?.[1];
    expect(until).toBeDefined();
    const heldMs = new Date(until!).getTime() - before;
    expect(heldMs).toBeGreaterThan(14 * 86_400_000 - 60_000);
    expect(heldMs).toBeLessThan(14 * 86_400_000 + 60_000);
    expect(smtp.to('held@')).toHaveLength(1);
  });

  it('holds nobody else', async () => {
    await send('/v1/identify', { userId: 'free', traits: { email: 'free@shop.test' } });

    await send('/v1/track', { userId: 'free', event: 'Mail Me' });

    const mails = await smtp.waitFor((m) => m.to.includes('free@'), 2);
    expect(mails.map((m) => m.subject).sort()).toEqual(['Thank you for your feedback', 'Welcome to Default']);
  });
});
