import { createHash } from 'node:crypto';
import { DataSource } from 'typeorm';
import { createToken } from '../src/channels/email/unsubscribe-token';
import { WorkspaceService } from '../src/workspaces/workspace.service';
import { FakeMeta } from './support/fake-meta';
import { startTestApp, type TestApp } from './support/test-app';
import { waitUntil } from './support/wait-until';

const AUDIENCE = '23850000000001';
const TOKEN = 'EAAB-consent-test-token';

const audienceJourney = {
  name: 'Audience',
  stages: ['start'],
  flows: {
    main: {
      name: 'Main',
      trigger: { event: 'Audience Go' },
      steps: [{ id: 'join', type: 'audience.add', destination: 'meta' }],
    },
  },
};

/** Opting out reaches ad audiences: the contact leaves every synced audience (Meta, faked over HTTP). */
describe('consent and ad audiences', () => {
  let meta: FakeMeta;
  let sut: TestApp;
  let n = 0;
  const send = (path: string, body: object) =>
    sut.request('POST', path, { messageId: `a-${(n += 1)}`, ...body });
  const hash = (email: string) => createHash('sha256').update(email).digest('hex');
  const inAudience = (email: string) => meta.has(AUDIENCE, 'EMAIL_SHA256', hash(email));
  const joined = async (userId: string) => {
    const email = `${userId}@shop.test`;
    await send('/v1/identify', { userId, traits: { email } });
    await send('/v1/track', { userId, event: 'Audience Go' });
    await waitUntil(async () => inAudience(email), 20_000, `${userId} in the audience`);
    return email;
  };
  const left = (email: string) =>
    waitUntil(async () => !inAudience(email), 20_000, `${email} out of the audience`);

  beforeAll(async () => {
    meta = await new FakeMeta(TOKEN, [AUDIENCE]).start();
    sut = await startTestApp({ AUDIENCE_BATCH_WINDOW_MS: '50' });
    const destination = await sut.request('PUT', '/v1/destinations/meta', {
      type: 'meta-custom-audience',
      audienceId: AUDIENCE,
      accessToken: TOKEN,
      baseUrl: meta.baseUrl,
    });
    expect(destination.status).toBe(200);
    expect((await sut.request('PUT', '/v1/journeys/audience?publish=true', audienceJourney)).status).toBe(
      200,
    );
  });
  afterAll(async () => {
    await sut?.close();
    await meta?.stop();
  });

  it('removes a contact who withdraws ads consent', async () => {
    const email = await joined('ads-a');
    expect((await sut.request('PUT', '/v1/contacts/ads-a/consent', { ads: 'withdrawn' })).status).toBe(200);
    await left(email);
  });

  it('removes a contact who unsubscribes with one click', async () => {
    const email = await joined('ads-b');
    const [contact] = await sut.running.app
      .get(DataSource)
      .query(`SELECT id, workspace_id FROM contacts WHERE external_id = 'ads-b'`);
    const secret = sut.running.app.get(WorkspaceService).signingSecret();
    const token = createToken(secret, { w: contact.workspace_id, c: contact.id, p: 'unsubscribe' });
    expect(
      (
        await fetch(`${sut.url}/u/${token}`, {
          method: 'POST',
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
          body: 'List-Unsubscribe=One-Click',
        })
      ).status,
    ).toBe(200);
    await left(email);
  });

  it('removes a contact before erasing it', async () => {
    const email = await joined('ads-c');
    expect((await sut.request('DELETE', '/v1/contacts/ads-c')).status).toBe(200);
    await left(email);
  });
});
