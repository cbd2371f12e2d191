import { DataSource } from 'typeorm';
import { createToken } from '../src/channels/email/unsubscribe-token';
import { WorkspaceService } from '../src/workspaces/workspace.service';
import { SmtpSink } from './support/smtp-sink';
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

describe('double opt-in', () => {
  let smtp: SmtpSink;
  let sut: TestApp;
  let n = 0;
  const send = (path: string, body: object) =>
    sut.request('POST', path, { messageId: `d-${(n += 1)}`, ...body });
  const db = () => sut.running.app.get(DataSource);
  const consent = async (userId: string) => (await sut.request('GET', `/v1/contacts/${userId}/consent`)).body;
  const timeline = async (userId: string) =>
    (await sut.request('GET', `/v1/contacts/${userId}/timeline`)).body.entries as any[];
  const isConfirmation = (address: string) => (m: { to: string; subject: string }) =>
    m.to.includes(address) && m.subject.startsWith('Please confirm');

  beforeAll(async () => {
    smtp = await new SmtpSink().start();
    sut = await startTestApp({ SMTP_URL: smtp.url, PUBLIC_URL: 'http://touchpoint.test' });
    expect((await sut.request('PUT', '/v1/journeys/promo?publish=true', promoJourney)).status).toBe(200);
    const settings = await sut.request('PUT', '/v1/settings', {
      name: 'Bloom',
      consent: { doubleOptIn: true },
    });
    expect(settings.body.consent).toEqual({
      emailMarketingDefault: 'granted',
      adsDefault: 'granted',
      doubleOptIn: true,
    });
  });
  afterAll(async () => {
    await sut?.close();
    await smtp?.stop();
  });

  it('sends one confirmation, holds marketing while pending, and grants on the link', async () => {
    await send('/v1/identify', {
      userId: 'doi-a',
      traits: { email: 'doi-a@shop.test', first_name: 'Dana', consent: { email_marketing: true } },
    });
    expect((await consent('doi-a')).consent.email_marketing).toMatchObject({
      status: 'pending',
      source: 'identify',
      allowed: false,
    });
    const [confirmation] = await smtp.waitFor(isConfirmation('doi-a@'));
    expect(confirmation.subject).toBe('Please confirm your subscription to Bloom');
    expect(confirmation.header('list-unsubscribe')).toBeUndefined();
    expect(confirmation.html).toContain('Hi Dana,');
    const link = /href="(http:\/\/touchpoint\.test\/c\/[A-Za-z0-9_-]+)"/.exec(confirmation.html)?.[1];
    expect(link).toBeDefined();
    expect(confirmation.text).toContain(link);

    // Pending is not consent: the marketing email is skipped, with the reason.
    await send('/v1/track', { userId: 'doi-a', event: 'Promo Go' });
    await waitUntil(
      async () =>
        (await timeline('doi-a')).find((e) =>
          /^promo skipped: no email_marketing consent: pending double opt-in since /.test(e.reason ?? ''),
        ),
      15_000,
      'pending skip',
    );
    // Asking again while pending sends nothing new.
    await send('/v1/identify', { userId: 'doi-a', traits: { email_marketing_consent: true } });
    await sut.request('PUT', '/v1/contacts/doi-a/consent', { email_marketing: 'granted' });

    const page = await fetch(`${sut.url}${new URL(link!).pathname}`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('Thank you, you are subscribed');
    expect((await consent('doi-a')).consent.email_marketing).toMatchObject({
      status: 'granted',
      source: 'double-opt-in',
      allowed: true,
    });
    const again = await (await fetch(`${sut.url}${new URL(link!).pathname}`)).text();
    expect(again).toContain('You had already confirmed your subscription.');

    await send('/v1/track', { userId: 'doi-a', event: 'Promo Go' });
    const [promo] = await smtp.waitFor((m) => m.to.includes('doi-a@') && !!m.header('list-unsubscribe'));
    expect(promo.html).toContain('Dana');
    expect(smtp.messages.filter(isConfirmation('doi-a@'))).toHaveLength(1);
    const deliveries = await db().query(
      `SELECT d.effect_id, d.status, f.kind, f.status AS effect_status FROM deliveries d JOIN effects f ON f.id = d.effect_id
        JOIN contacts c ON c.id = d.contact_id WHERE c.external_id = 'doi-a' AND f.kind = 'consent-confirm'`,
    );
    expect(deliveries).toEqual([
      {
        effect_id: expect.stringMatching(/^confirm\./),
        status: 'sent',
        kind: 'consent-confirm',
        effect_status: 'done',
      },
    ]);
    expect(confirmation.header('message-id')).toContain(deliveries[0].effect_id.replace('.', '=2E'));
  });

  it('grants imports at once and never asks to confirm ads consent', async () => {
    await send('/v1/identify', { userId: 'doi-b', traits: { email: 'doi-b@shop.test' } });
    const imported = await sut.request('PUT', '/v1/contacts/doi-b/consent', {
      email_marketing: 'granted',
      source: 'import',
    });
    expect(imported.body.consent.email_marketing.status).toBe('granted');
    const api = await sut.request('PUT', '/v1/contacts/doi-b/consent', { ads: 'granted' });
    expect(api.body.consent.ads.status).toBe('granted');
    expect(smtp.messages.filter(isConfirmation('doi-b@'))).toHaveLength(0);
  });

  it('does not send a confirmation that is no longer wanted', async () => {
    await send('/v1/identify', { userId: 'doi-c', traits: { email: 'doi-c@shop.test' } });
    await sut.request('PUT', '/v1/suppressions/doi-c@shop.test', { reason: 'bounce' });
    await sut.request('PUT', '/v1/contacts/doi-c/consent', { email_marketing: 'granted' });
    const [effect] = await waitUntil(
      async () => {
        const found = await db().query(
          `SELECT f.status, f.reason FROM effects f JOIN contacts c ON c.id = f.contact_id
            WHERE c.external_id = 'doi-c' AND f.kind = 'consent-confirm' AND f.status <> 'pending'`,
        );
        return found.length > 0 ? found : null;
      },
      15_000,
      'confirmation skipped',
    );
    expect(effect).toEqual({ status: 'skipped', reason: 'email suppressed: bounce' });
    expect(smtp.to('doi-c@')).toHaveLength(0);
  });

  it('answers an expired or forged confirmation link with a page and changes nothing', async () => {
    const before = (await db().query(`SELECT count(*) FROM consent_changes`))[0].count;
    const forged = await fetch(`${sut.url}/c/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA`);
    expect(forged.status).toBe(400);
    expect(await forged.text()).toContain('This link does not work');
    expect((await db().query(`SELECT count(*) FROM consent_changes`))[0].count).toBe(before);
    await send('/v1/identify', {
      userId: 'doi-d',
      traits: { email: 'doi-d@shop.test', consent: { email_marketing: true } },
    });
    const [contact] = await db().query(`SELECT id, workspace_id FROM contacts WHERE external_id = 'doi-d'`);
    const secret = sut.running.app.get(WorkspaceService).signingSecret();
    const past = Math.floor(Date.now() / 1000) - 60;
    const token = createToken(secret, { w: contact.workspace_id, c: contact.id, p: 'confirm', e: past });
    const middle = (await db().query(`SELECT count(*) FROM consent_changes`))[0].count;
    const expired = await fetch(`${sut.url}/c/${token}`);
    expect(expired.status).toBe(410);
    expect(await expired.text()).toContain('This link has expired');
    expect((await consent('doi-d')).consent.email_marketing.status).toBe('pending');
    expect((await db().query(`SELECT count(*) FROM consent_changes`))[0].count).toBe(middle);
  });
});
