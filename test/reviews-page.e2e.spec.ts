import { DataSource } from 'typeorm';
import { createToken, type LinkTokenPayload } from '../src/channels/email/unsubscribe-token';
import { WorkspaceService, DEFAULT_WORKSPACE_ID } from '../src/workspaces/workspace.service';
import { startTestApp, type TestApp } from './support/test-app';
import { waitUntil } from './support/wait-until';

/** The review landing page over plain HTTP: bad links and bad answers write nothing, a good answer is an event. */
describe('review landing page', () => {
  let sut: TestApp;
  let n = 0;
  const db = () => sut.running.app.get(DataSource);
  const secret = () => sut.running.app.get(WorkspaceService).signingSecret();
  const inOneHour = () => Math.floor(Date.now() / 1000) + 3600;

  /** A customer and a review link for them, as the review email would carry it. */
  async function customer(
    userId: string,
    traits: Record<string, unknown> = {},
    order: string | null = 'o-1',
  ) {
    const identified = await sut.request('POST', '/v1/identify', {
      userId,
      messageId: `id-${(n += 1)}`,
      traits: { email: `${userId}@shop.test`, ...traits },
    });
    expect(identified.status).toBe(200);
    const [{ id }] = await db().query(`SELECT id FROM contacts WHERE external_id = $1`, [userId]);
    const payload: LinkTokenPayload = {
      w: DEFAULT_WORKSPACE_ID,
      c: id,
      p: 'review',
      e: inOneHour(),
      ...(order ? { o: order } : {}),
    };
    return { contactId: id as string, token: createToken(secret(), payload), payload };
  }
  const answers = async (contactId: string) =>
    (await db().query(
      `SELECT properties, message_id FROM events WHERE contact_id = $1 AND name = 'NPS Submitted' ORDER BY received_at`,
      [contactId],
    )) as { properties: Record<string, unknown>; message_id: string }[];
  const post = (token: string, form: Record<string, string>, headers: Record<string, string> = {}) =>
    fetch(`${sut.url}/r/${token}`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
      body: new URLSearchParams(form).toString(),
    });

  beforeAll(async () => {
    sut = await startTestApp();
  });
  afterAll(async () => {
    await sut?.close();
  });

  it('shows the NPS question in English, pre-selecting the score from the email button', async () => {
    const { token } = await customer('page-en');

    const response = await fetch(`${sut.url}/r/${token}?score=9`);
    const html = await response.text();

    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(response.headers.get('cache-control')).toBe('no-store');
    expect(response.headers.get('referrer-policy')).toBe('no-referrer');
    expect(html).toContain('<html lang="en">');
    expect(html).toMatch(
      /<fieldset[^>]*>\s*<legend>How likely is it that you would recommend us to a friend or colleague\?<\/legend>/,
    );
    expect(html).toContain('0 = not at all likely, 10 = extremely likely');
    expect(html).toContain('<input type="radio" name="score" id="score-9" value="9" checked>');
    expect(html.match(/ checked/g)).toHaveLength(1);
    expect(html).toContain('About your order o-1');
    expect(html).toMatch(/<form method="post">/);
  });

  it('speaks Dutch to a contact with locale nl-BE', async () => {
    const { token } = await customer('page-nl', { locale: 'nl-BE' });

    const html = await (await fetch(`${sut.url}/r/${token}`)).text();

    expect(html).toContain('<html lang="nl">');
    expect(html).toContain('Hoe waarschijnlijk is het dat je ons zou aanbevelen aan een vriend of collega?');
    expect(html).toContain('0 = helemaal niet waarschijnlijk, 10 = zeer waarschijnlijk');
  });

  it.each([
    ['a forged token', 400, 'AQIDBAUGBwgJCgsMDQ4PEBESExQVFhcYGRobHB0eHyAhIiMkJSYnKCkqKywtLi8w'],
    ['garbage', 400, 'not-a-token'],
  ])('answers %s with %i and a clear page, writing nothing', async (_name, status, token) => {
    const text = 'This link does not work';
    const before = Number((await db().query(`SELECT count(*) FROM events`))[0].count);

    const shown = await fetch(`${sut.url}/r/${token}`);
    const posted = await post(token, { score: '10' });

    expect(shown.status).toBe(status);
    expect(posted.status).toBe(status);
    expect(await shown.text()).toContain(text);
    expect(await posted.text()).toContain(text);
    expect(Number((await db().query(`SELECT count(*) FROM events`))[0].count)).toBe(before);
  });

  it('answers an expired link with 410 in the reader’s language, writing nothing', async () => {
    const { contactId, payload } = await customer('page-expired');
    const expired = createToken(secret(), { ...payload, e: Math.floor(Date.now() / 1000) - 1 });

    const shown = await fetch(`${sut.url}/r/${expired}`, {
      headers: { 'accept-language': 'nl-NL,nl;q=0.9' },
    });
    const posted = await post(expired, { score: '10' });

    expect(shown.status).toBe(410);
    expect(await shown.text()).toContain('Deze link is verlopen');
    expect(posted.status).toBe(410);
    expect(await posted.text()).toContain('This link has expired');
    expect(await answers(contactId)).toEqual([]);
  });

  it('refuses an unsubscribe token used as a review link', async () => {
    const { payload } = await customer('page-purpose');
    const unsubscribe = createToken(secret(), { w: payload.w, c: payload.c, p: 'unsubscribe' });

    expect((await fetch(`${sut.url}/r/${unsubscribe}`)).status).toBe(400);
  });

  it.each([
    ['a missing score', {}],
    ['a score of 11', { score: '11' }],
    ['a negative score', { score: '-1' }],
    ['a fractional score', { score: '7.5' }],
    ['a word', { score: 'ten' }],
  ])('re-renders the form with 400 for %s, keeping the comment, writing nothing', async (_name, form) => {
    const { contactId, token } = await customer(`page-bad-${(n += 1)}`);

    const response = await post(token, { ...form, comment: 'Parcel <b>late</b>' });
    const html = await response.text();

    expect(response.status).toBe(400);
    expect(html).toContain('<div class="summary" role="alert">');
    expect(html).toContain('<p class="error" id="score-error">Choose a score from 0 to 10.</p>');
    expect(html).toContain('aria-describedby="score-scale score-error"');
    expect(html).toContain('>Parcel &lt;b&gt;late&lt;/b&gt;</textarea>');
    expect(await answers(contactId)).toEqual([]);
  });

  it('re-renders the form with 400 for a comment over 2000 characters, keeping the score', async () => {
    const { contactId, token } = await customer('page-long');

    const response = await post(token, { score: '4', comment: 'x'.repeat(2001) });
    const html = await response.text();

    expect(response.status).toBe(400);
    expect(html).toContain('<p class="error" id="comment-error">Your comment has 2001 characters');
    expect(html).toContain('id="score-4" value="4" checked');
    expect(await answers(contactId)).toEqual([]);
  });

  it('records an answer as an NPS Submitted event, routed and in the timeline, and keeps the first answer', async () => {
    const { contactId, token } = await customer('page-ok');

    const first = await post(token, { score: '6', comment: '  The box was damaged.  ' });
    const again = await post(token, { score: '10', comment: 'Changed my mind' });
    const revisit = await fetch(`${sut.url}/r/${token}`);

    expect(first.status).toBe(200);
    expect(await first.text()).toContain('Thank you for telling us');
    expect(again.status).toBe(200);
    const againHtml = await again.text();
    expect(againHtml).toContain('your first answer stands');
    expect(againHtml).toContain('Thank you for telling us');
    expect(await revisit.text()).toContain('your first answer stands');
    const stored = await answers(contactId);
    expect(stored).toEqual([
      {
        properties: { score: 6, comment: 'The box was damaged.', order_id: 'o-1', category: 'detractor' },
        message_id: expect.stringMatching(/^nps:[0-9a-f]{40}$/),
      },
    ]);
    const run = await waitUntil(
      async () =>
        ((await sut.request('GET', '/v1/contacts/page-ok')).body.runs as any[]).find((r) => r.flow === 'nps'),
      10_000,
      'the nps flow started by the answer',
    );
    expect(run.journey).toBe('customer-lifecycle');
    const timeline = (await sut.request('GET', '/v1/contacts/page-ok/timeline')).body.entries as any[];
    expect(timeline.filter((e) => e.kind === 'event' && e.summary === 'NPS Submitted')).toEqual([
      expect.objectContaining({ ids: expect.objectContaining({ messageId: stored[0].message_id }) }),
    ]);
  });

  it('counts one answer per order, whichever of its review emails the link came from', async () => {
    const { contactId, token, payload } = await customer('page-order');
    const reminderToken = createToken(secret(), payload);

    expect((await post(token, { score: '8' })).status).toBe(200);
    const second = await post(reminderToken, { score: '2' });

    expect(await second.text()).toContain('your first answer stands');
    expect((await answers(contactId)).map((a) => a.properties.score)).toEqual([8]);
  });
});
