import { DataSource } from 'typeorm';
import { SmtpSink, type ReceivedMail } from './support/smtp-sink';
import { startTestApp, type TestApp } from './support/test-app';
import { waitUntil } from './support/wait-until';

const promoJourney = {
  name: 'Promo',
  stages: ['start'],
  flows: {
    main: {
      name: 'Main',
      trigger: { event: 'Promo Go' },
      entry: { reentry: 'everyTime' },
      steps: [{ id: 'promo', type: 'email', template: 'nurture-1' }],
    },
  },
};

const form = (fields: Record<string, string>) => ({
  method: 'POST',
  headers: { 'content-type': 'application/x-www-form-urlencoded' },
  body: new URLSearchParams(fields).toString(),
});

describe('preference page: unsubscribe at once, then choose again without JavaScript', () => {
  let smtp: SmtpSink;
  let sut: TestApp;
  let n = 0;
  const send = (path: string, body: object) =>
    sut.request('POST', path, { messageId: `p-${(n += 1)}`, ...body });
  const db = () => sut.running.app.get(DataSource);
  const consent = async (userId: string) => (await sut.request('GET', `/v1/contacts/${userId}/consent`)).body;
  const suppression = async (email: string) => sut.request('GET', `/v1/suppressions/${email}`);
  const writes = async () =>
    (
      await db().query(
        `SELECT (SELECT count(*) FROM consent_changes) + (SELECT count(*) FROM suppressions) AS n`,
      )
    )[0].n;
  /** The unsubscribe path (`/u/TOKEN`) from the List-Unsubscribe header of the contact's latest promo. */
  const promoLink = async (userId: string, count = 1): Promise<string> => {
    const mails: ReceivedMail[] = await smtp.waitFor((m) => m.to.includes(`${userId}@`), count);
    const header = mails[mails.length - 1].header('list-unsubscribe') ?? '';
    return new URL(/<([^>]+)>/.exec(header)![1]).pathname;
  };

  beforeAll(async () => {
    smtp = await new SmtpSink().start();
    sut = await startTestApp({ SMTP_URL: smtp.url });
    expect((await sut.request('PUT', '/v1/journeys/promo?publish=true', promoJourney)).status).toBe(200);
  });
  afterAll(async () => {
    await sut?.close();
    await smtp?.stop();
  });

  it('unsubscribes on GET, shows the form, and a form POST resubscribes and changes the ads consent', async () => {
    await send('/v1/identify', {
      userId: 'pref-a',
      traits: { email: 'pref-a@shop.test', first_name: 'Pia' },
    });
    await send('/v1/track', { userId: 'pref-a', event: 'Promo Go' });
    const path = await promoLink('pref-a');

    const page = await fetch(`${sut.url}${path}`);
    expect(page.status).toBe(200);
    expect(page.headers.get('cache-control')).toBe('no-store');
    const html = await page.text();
    expect(html).toContain('<html lang="en">');
    expect(html).toContain('<h1>You are unsubscribed</h1>');
    expect(html).not.toContain('<script');
    expect(html).toMatch(/<form method="post" action="[A-Za-z0-9_-]+\/preferences">/);
    expect(html).toMatch(/<legend>Marketing emails<\/legend>/);
    expect(html).toContain(
      '<input type="radio" id="email_marketing-withdrawn" name="email_marketing" value="withdrawn" checked required>',
    );
    expect(html).toContain('<label for="ads-granted">');
    expect((await consent('pref-a')).consent.email_marketing).toMatchObject({
      status: 'withdrawn',
      source: 'preference-page',
      method: 'link',
    });
    expect((await suppression('pref-a@shop.test')).body).toMatchObject({
      reason: 'unsubscribed',
      source: 'link',
    });

    // A stale identify trait does not undo what the contact chose on the page.
    await send('/v1/identify', { userId: 'pref-a', traits: { consent: { email_marketing: true } } });
    expect((await consent('pref-a')).consent.email_marketing.status).toBe('withdrawn');

    const action = /action="([^"]+)"/.exec(html)![1];
    const saved = await fetch(
      new URL(action, `${sut.url}${path}`),
      form({ email_marketing: 'granted', ads: 'withdrawn' }),
    );
    expect(saved.status).toBe(200);
    const savedHtml = await saved.text();
    expect(savedHtml).toContain('<p class="status" role="status">Your choices are saved.</p>');
    expect(savedHtml).toContain('<h1>You are subscribed</h1>');
    expect(savedHtml).toContain('value="withdrawn" checked required><label for="ads-withdrawn">');
    const after = await consent('pref-a');
    expect(after.consent.email_marketing).toMatchObject({
      status: 'granted',
      source: 'preference-page',
      method: 'form',
    });
    expect(after.consent.ads).toMatchObject({
      status: 'withdrawn',
      source: 'preference-page',
      allowed: false,
    });
    expect((await suppression('pref-a@shop.test')).status).toBe(404);

    await send('/v1/track', { userId: 'pref-a', event: 'Promo Go' });
    await smtp.waitFor((m) => m.to.includes('pref-a@'), 2);
  });

  it('keeps RFC 8058 one-click working as before, recording the method', async () => {
    await send('/v1/identify', { userId: 'pref-b', traits: { email: 'pref-b@shop.test' } });
    await send('/v1/track', { userId: 'pref-b', event: 'Promo Go' });
    const path = await promoLink('pref-b');
    const oneClick = await fetch(`${sut.url}${path}`, form({ 'List-Unsubscribe': 'One-Click' }));
    expect(oneClick.status).toBe(200);
    expect(await oneClick.json()).toEqual({ unsubscribed: true });
    expect((await consent('pref-b')).consent.email_marketing).toMatchObject({
      status: 'withdrawn',
      method: 'one-click',
    });
    await send('/v1/track', { userId: 'pref-b', event: 'Promo Go' });
    await waitUntil(
      async () =>
        ((await sut.request('GET', '/v1/contacts/pref-b/timeline')).body.entries as any[]).find((e) =>
          /^promo skipped: email suppressed: unsubscribed/.test(e.reason ?? ''),
        ),
      15_000,
      'skip after one-click',
    );
  });

  it('speaks Dutch to a Dutch contact', async () => {
    await send('/v1/identify', {
      userId: 'pref-nl',
      traits: { email: 'pref-nl@shop.test', locale: 'nl-NL' },
    });
    await send('/v1/track', { userId: 'pref-nl', event: 'Promo Go' });
    const html = await (await fetch(`${sut.url}${await promoLink('pref-nl')}`)).text();
    expect(html).toContain('<html lang="nl">');
    expect(html).toContain('<h1>Je bent afgemeld</h1>');
    expect(html).toContain('Mijn keuzes opslaan');
  });

  it('rejects a bad form post and a forged token, writing nothing', async () => {
    await send('/v1/identify', { userId: 'pref-c', traits: { email: 'pref-c@shop.test' } });
    await send('/v1/track', { userId: 'pref-c', event: 'Promo Go' });
    const path = await promoLink('pref-c');
    const before = await writes();
    const bad = await fetch(`${sut.url}${path}/preferences`, form({ email_marketing: 'maybe' }));
    expect(bad.status).toBe(400);
    const badHtml = await bad.text();
    expect(badHtml).toContain('role="alert"');
    expect(badHtml).toContain('Marketing emails: choose one of the options.');
    expect(badHtml).toContain('Personalised ads: choose one of the options.');

    const token = path.split('/').pop()!;
    const forged = token.slice(0, -2) + (token.endsWith('AA') ? 'BB' : 'AA');
    const forgedGet = await fetch(`${sut.url}/u/${forged}`);
    expect(forgedGet.status).toBe(400);
    expect(await forgedGet.text()).toContain('This link does not work');
    expect(
      (
        await fetch(
          `${sut.url}/u/${forged}/preferences`,
          form({ email_marketing: 'granted', ads: 'granted' }),
        )
      ).status,
    ).toBe(400);
    expect((await fetch(`${sut.url}/c/${forged}`)).status).toBe(400);
    expect(await writes()).toBe(before);
    expect((await consent('pref-c')).consent.email_marketing.status).toBeNull();
  });
});
