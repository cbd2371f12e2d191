import { DataSource } from 'typeorm';
import { SmtpSink } from './support/smtp-sink';
import { startTestApp, type TestApp } from './support/test-app';
import { waitUntil } from './support/wait-until';

/** One marketing email, then one transactional email; runs every time its trigger comes in. */
const promoJourney = {
  name: 'Promo',
  stages: ['start'],
  flows: {
    main: {
      name: 'Main',
      trigger: { event: 'Promo Go' },
      entry: { reentry: 'everyTime' },
      steps: [
        { id: 'promo', type: 'email', template: 'nurture-1' },
        { id: 'receipt', type: 'email', template: 'nurture-3', class: 'transactional' },
      ],
    },
  },
};

describe('consent: identify traits, API, history and the marketing send check', () => {
  let smtp: SmtpSink;
  let sut: TestApp;
  let n = 0;
  const send = (path: string, body: object) =>
    sut.request('POST', path, { messageId: `c-${(n += 1)}`, ...body });
  const db = () => sut.running.app.get(DataSource);
  const count = async (table: string) => Number((await db().query(`SELECT count(*) FROM ${table}`))[0].count);
  const consent = async (userId: string) => (await sut.request('GET', `/v1/contacts/${userId}/consent`)).body;
  const timeline = async (userId: string) =>
    (await sut.request('GET', `/v1/contacts/${userId}/timeline`)).body.entries as any[];

  beforeAll(async () => {
    smtp = await new SmtpSink().start();
    sut = await startTestApp({ SMTP_URL: smtp.url });
    expect((await sut.request('PUT', '/v1/journeys/promo?publish=true', promoJourney)).status).toBe(200);
  });
  afterAll(async () => {
    await sut?.close();
    await smtp?.stop();
  });

  it('takes consent from the Segment-style consent trait and the flat traits, keeping the history', async () => {
    const at = '2026-03-01T10:00:00.000Z';
    await send('/v1/identify', {
      userId: 'trait-a',
      timestamp: at,
      traits: { email: 'trait-a@shop.test', consent: { email_marketing: true, ads: false } },
    });
    await send('/v1/identify', { userId: 'trait-a', traits: { ads_consent: 'granted' } });
    // Repeating a trait changes nothing and records nothing.
    await send('/v1/identify', { userId: 'trait-a', traits: { email_marketing_consent: true } });

    const body = await consent('trait-a');
    expect(body.consent.email_marketing).toMatchObject({
      status: 'granted',
      source: 'identify',
      method: 'traits.consent.email_marketing',
      at,
      allowed: true,
    });
    expect(body.consent.ads).toMatchObject({
      status: 'granted',
      method: 'traits.ads_consent',
      allowed: true,
    });
    expect(body.history.map((h: any) => `${h.purpose} ${h.status} ${h.source}`)).toEqual([
      'email_marketing granted identify',
      'ads withdrawn identify',
      'ads granted identify',
    ]);
    expect((await timeline('trait-a')).filter((e) => e.kind === 'consent').map((e) => e.summary)).toEqual([
      'email_marketing granted (identify, traits.consent.email_marketing)',
      'ads withdrawn (identify, traits.consent.ads)',
      'ads granted (identify, traits.ads_consent)',
    ]);
  });

  it('sets consent through the API with source and method, and imports with the time consent was given', async () => {
    await send('/v1/identify', { userId: 'api-a', traits: { email: 'api-a@shop.test' } });
    expect((await consent('api-a')).consent.email_marketing).toEqual({
      status: null,
      default: 'granted',
      allowed: true,
    });
    const put = await sut.request('PUT', '/v1/contacts/api-a/consent', {
      email_marketing: 'withdrawn',
      ads: 'granted',
      method: 'account settings',
    });
    expect(put.status).toBe(200);
    expect(put.body.consent.email_marketing).toMatchObject({
      status: 'withdrawn',
      source: 'api',
      method: 'account settings',
      allowed: false,
    });
    expect(put.body.consent.ads).toMatchObject({ status: 'granted', source: 'api' });
    const imported = await sut.request('PUT', '/v1/contacts/api-a/consent', {
      email_marketing: 'granted',
      source: 'import',
      at: '2025-01-02T03:04:05Z',
    });
    expect(imported.body.consent.email_marketing).toMatchObject({
      status: 'granted',
      source: 'import',
      at: '2025-01-02T03:04:05.000Z',
    });
    expect(imported.body.history).toHaveLength(3);
  });

  it('skips a marketing email without consent, records why in the timeline, and still sends transactional mail', async () => {
    expect(
      (await sut.request('PUT', '/v1/settings', { consent: { emailMarketingDefault: 'required' } })).status,
    ).toBe(200);
    try {
      await send('/v1/identify', {
        userId: 'skip-a',
        traits: { email: 'skip-a@shop.test', first_name: 'Sam' },
      });
      await send('/v1/track', { userId: 'skip-a', event: 'Promo Go' });
      const skipped = await waitUntil(
        async () =>
          (await timeline('skip-a')).find(
            (e) =>
              e.kind === 'step' &&
              e.reason ===
                'promo skipped: no email_marketing consent on record (consent.emailMarketingDefault is required)',
          ),
        15_000,
        'skip reason',
      );
      expect(skipped.journey).toBe('promo');
      const [receipt] = await smtp.waitFor((m) => m.to.includes('skip-a@'));
      expect(receipt.header('list-unsubscribe')).toBeUndefined();

      // Withdrawn consent names its source; granting lets the next marketing email through.
      await sut.request('PUT', '/v1/contacts/skip-a/consent', { email_marketing: 'withdrawn' });
      await send('/v1/track', { userId: 'skip-a', event: 'Promo Go' });
      await waitUntil(
        async () =>
          (await timeline('skip-a')).find((e) =>
            /^promo skipped: no email_marketing consent: withdrawn \(api\) at /.test(e.reason),
          ),
        15_000,
        'withdrawn reason',
      );
      await sut.request('PUT', '/v1/contacts/skip-a/consent', { email_marketing: 'granted' });
      await send('/v1/track', { userId: 'skip-a', event: 'Promo Go' });
      const [promo] = await smtp.waitFor((m) => m.to.includes('skip-a@') && !!m.header('list-unsubscribe'));
      expect(promo.html).toContain('Sam');
      await smtp.waitFor((m) => m.to.includes('skip-a@'), 4);
      expect(smtp.to('skip-a@').filter((m) => m.header('list-unsubscribe'))).toHaveLength(1);
    } finally {
      await sut.request('PUT', '/v1/settings', { consent: { emailMarketingDefault: 'granted' } });
    }
  });

  it('rejects bad consent requests with the code and field path, and writes nothing', async () => {
    await send('/v1/identify', { userId: 'bad-a', traits: { email: 'bad-a@shop.test' } });
    const before = [await count('consent_changes'), await count('contact_consents')];
    const cases: [unknown, string][] = [
      [{ sms: 'granted' }, '$.sms'],
      [{ email_marketing: 'yes' }, '$.email_marketing'],
      [{ email_marketing: 'granted', ads: 'maybe' }, '$.ads'],
      [{ email_marketing: 'granted', source: 'preference-page' }, '$.source'],
      [{ source: 'api' }, '$'],
      [{ email_marketing: 'granted', at: '2999-01-01T00:00:00Z' }, '$.at'],
    ];
    for (const [body, path] of cases) {
      const response = await sut.request('PUT', '/v1/contacts/bad-a/consent', body);
      expect(response.status).toBe(400);
      expect(response.body.error.code).toBe('validation_failed');
      expect(response.body.error.details.map((d: any) => d.path)).toContain(path);
    }
    const unknown = await sut.request('PUT', '/v1/contacts/nobody/consent', { email_marketing: 'granted' });
    expect(unknown.status).toBe(404);
    expect(unknown.body.error.code).toBe('not_found');
    expect((await sut.request('GET', '/v1/contacts/nobody/consent')).status).toBe(404);
    expect([await count('consent_changes'), await count('contact_consents')]).toEqual(before);
  });
});
