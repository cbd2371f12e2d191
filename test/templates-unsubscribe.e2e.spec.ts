import { DataSource } from 'typeorm';
import { SmtpSink } from './support/smtp-sink';
import { startTestApp, type TestApp } from './support/test-app';
import { waitUntil } from './support/wait-until';

const VALID_MJML = `<mjml><mj-body><mj-section><mj-column>
<mj-text>Hello {{ contact.first_name | default: "there" }}, edited copy.</mj-text>
<mj-text><a href="{{ links.unsubscribe }}">Unsubscribe</a></mj-text>
</mj-column></mj-section></mj-body></mjml>`;

/** A two-email journey that waits for an event in between, so the test decides when the second send happens. */
const gatedJourney = {
  name: 'Gated',
  stages: ['start'],
  flows: {
    main: {
      name: 'Main',
      trigger: { event: 'Gate Open' },
      entry: { reentry: 'once' },
      steps: [
        { id: 'first', type: 'email', template: 'nurture-1' },
        { id: 'gate', type: 'waitForEvent', event: 'Gate Continue', timeout: 'P1D' },
        { id: 'second', type: 'email', template: 'nurture-2' },
        { id: 'receipt', type: 'email', template: 'nurture-3', class: 'transactional' },
      ],
    },
  },
};

describe('email templates and unsubscribe', () => {
  let smtp: SmtpSink;
  let sut: TestApp;
  let n = 0;
  const send = (path: string, body: object) =>
    sut.request('POST', path, { messageId: `t-${(n += 1)}`, ...body });
  const templateRows = async () =>
    Number((await sut.running.app.get(DataSource).query(`SELECT count(*) FROM email_templates`))[0].count);
  const timeline = async (userId: string) =>
    (await sut.request('GET', `/v1/contacts/${userId}/timeline`)).body.entries as any[];

  beforeAll(async () => {
    smtp = await new SmtpSink().start();
    sut = await startTestApp({ SMTP_URL: smtp.url });
    expect((await sut.request('PUT', '/v1/journeys/gated?publish=true', gatedJourney)).status).toBe(200);
  });
  afterAll(async () => {
    await sut?.close();
    await smtp?.stop();
  });

  it('rejects a Liquid error with 400 template_invalid naming the field and line, and saves nothing', async () => {
    const response = await sut.request('PUT', '/v1/templates/nurture-1', {
      subject: 'Hi',
      mjml: VALID_MJML.replace('edited copy.', 'edited {% if %} copy.'),
    });
    expect(response.status).toBe(400);
    expect(response.body.error.code).toBe('template_invalid');
    expect(response.body.error.details[0]).toMatchObject({ path: '$.mjml', line: 2 });
    expect(await templateRows()).toBe(0);
  });

  it('rejects an MJML error with the line', async () => {
    const response = await sut.request('PUT', '/v1/templates/nurture-1', {
      subject: 'Hi',
      mjml: VALID_MJML.replace('<mj-text>Hello', '<mj-text padding="lots">Hello'),
    });
    expect(response.status).toBe(400);
    expect(response.body.error.code).toBe('template_invalid');
    expect(response.body.error.details).toEqual(
      expect.arrayContaining([expect.objectContaining({ path: '$.mjml', line: 2 })]),
    );
    expect(await templateRows()).toBe(0);
  });

  it('rejects a malformed body with the field path', async () => {
    const response = await sut.request('PUT', '/v1/templates/nurture-1', { subject: 5, mjml: VALID_MJML });
    expect(response.status).toBe(400);
    expect(response.body.error.details[0].path).toBe('$.subject');
  });

  it('uses an edited template for the next send, then honours a one-click unsubscribe for marketing only', async () => {
    const saved = await sut.request('PUT', '/v1/templates/nurture-1', {
      subject: 'Edited {{ contact.first_name }}',
      mjml: VALID_MJML,
    });
    expect(saved.status).toBe(200);
    await send('/v1/identify', {
      userId: 'gate-a',
      traits: { email: 'gate-a@shop.test', first_name: 'Ada' },
    });
    await send('/v1/track', { userId: 'gate-a', event: 'Gate Open' });
    const [first] = await smtp.waitFor((m) => m.to.includes('gate-a@'));
    expect(first.subject).toBe('Edited Ada');
    expect(first.html).toContain('edited copy');

    const unsubscribeUrl = /<([^>]+)>/.exec(first.header('list-unsubscribe') ?? '')?.[1];
    expect(unsubscribeUrl).toMatch(/\/u\/[A-Za-z0-9_-]+$/);
    const path = new URL(unsubscribeUrl!).pathname;
    const oneClick = await fetch(`${sut.url}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'List-Unsubscribe=One-Click',
    });
    expect(oneClick.status).toBe(200);

    await send('/v1/track', { userId: 'gate-a', event: 'Gate Continue' });
    const skipped = await waitUntil(
      async () =>
        (await timeline('gate-a')).find(
          (e) => e.kind === 'step' && /^second skipped: email suppressed: unsubscribed/.test(e.reason),
        ),
      10_000,
      'skip reason',
    );
    expect(skipped).toBeTruthy();
    // Transactional mail still goes out.
    const [receipt] = await smtp.waitFor((m) => m.to.includes('gate-a@') && !m.header('list-unsubscribe'));
    expect(receipt.header('list-unsubscribe-post')).toBeUndefined();
    expect(smtp.to('gate-a@')).toHaveLength(2);
  });

  it('unsubscribes from the link in the body (GET) and rejects a forged token', async () => {
    await send('/v1/identify', { userId: 'gate-b', traits: { email: 'gate-b@shop.test' } });
    await send('/v1/track', { userId: 'gate-b', event: 'Gate Open' });
    const [first] = await smtp.waitFor((m) => m.to.includes('gate-b@'));
    const link = /href="([^"]*\/u\/[^"]+)"/.exec(first.html)?.[1];
    expect(link).toBeDefined();
    const page = await fetch(`${sut.url}${new URL(link!).pathname}`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('You are unsubscribed');
    const suppressed = await sut.running.app
      .get(DataSource)
      .query(
        `SELECT reason, source FROM suppressions s JOIN contacts c ON c.id = s.contact_id WHERE c.external_id = 'gate-b'`,
      );
    expect(suppressed).toEqual([{ reason: 'unsubscribed', source: 'link' }]);

    const token = new URL(link!).pathname.split('/').pop()!;
    const forged = token.slice(0, -2) + (token.endsWith('AA') ? 'BB' : 'AA');
    const before = Number(
      (await sut.running.app.get(DataSource).query(`SELECT count(*) FROM suppressions`))[0].count,
    );
    const bad = await fetch(`${sut.url}/u/${forged}`, { method: 'POST' });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as any).error.code).toBe('token_invalid');
    expect(
      Number((await sut.running.app.get(DataSource).query(`SELECT count(*) FROM suppressions`))[0].count),
    ).toBe(before);
  });
});
