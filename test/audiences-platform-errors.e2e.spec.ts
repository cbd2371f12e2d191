import { createHash } from 'node:crypto';
import { DataSource } from 'typeorm';
import { FakeGoogle } from './support/fake-google';
import { FakeMeta } from './support/fake-meta';
import { startTestApp, type TestApp } from './support/test-app';
import { waitUntil } from './support/wait-until';

const sha = (value: string) => createHash('sha256').update(value).digest('hex');
const AUDIENCE = '23850000000999';
const GOOGLE = {
  customerId: '1112223334',
  userListId: '42',
  developerToken: 'dev-token-42',
  accessToken: 'ya29.ok-42',
};

/** The fakes are only worth their green if they refuse what the platforms refuse: checked here, as Meta and Google answer. */
describe('platform fakes refuse malformed requests in the platform error format', () => {
  let meta: FakeMeta;
  let google: FakeGoogle;
  const metaCall = (
    method: string,
    payload: unknown,
    token = meta.accessToken,
    path = `/v21.0/${AUDIENCE}/users`,
  ) =>
    fetch(`${meta.url}${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ payload: JSON.stringify(payload) }).toString(),
    }).then(async (r) => ({ status: r.status, body: (await r.json()) as any }));
  const googleCall = (path: string, body: unknown, headers: Record<string, string> = {}) =>
    fetch(`${google.baseUrl}/customers/${GOOGLE.customerId}/offlineUserDataJobs${path}`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${GOOGLE.accessToken}`,
        'developer-token': GOOGLE.developerToken,
        'content-type': 'application/json',
        ...headers,
      },
      body: JSON.stringify(body),
    }).then(async (r) => ({ status: r.status, body: (await r.json()) as any }));

  beforeAll(async () => {
    meta = await new FakeMeta('EAAB-strict-token', [AUDIENCE]).start();
    google = await new FakeGoogle(GOOGLE).start();
  });
  afterAll(async () => {
    await meta?.stop();
    await google?.stop();
  });

  it.each([
    ['a wrong token', () => metaCall('POST', { schema: ['EMAIL_SHA256'], data: [[sha('a')]] }, 'nope'), 190],
    ['an unhashed email', () => metaCall('POST', { schema: ['EMAIL_SHA256'], data: [['a@b.test']] }), 100],
    ['an unknown schema key', () => metaCall('DELETE', { schema: ['EMAIL'], data: [[sha('a')]] }), 100],
    [
      'a row of the wrong length',
      () => metaCall('POST', { schema: ['EMAIL_SHA256', 'PHONE_SHA256'], data: [[sha('a')]] }),
      100,
    ],
    [
      'more than 10,000 rows',
      () => metaCall('POST', { schema: ['EMAIL_SHA256'], data: Array(10_001).fill([sha('a')]) }),
      100,
    ],
    [
      'an unknown audience',
      () => metaCall('POST', { schema: ['EMAIL_SHA256'], data: [[sha('a')]] }, undefined, '/v21.0/999/users'),
      100,
    ],
  ])('Meta: %s', async (_name, call, code) => {
    const response = await call();

    expect(response.status).toBe(400);
    expect(response.body.error).toMatchObject({
      code,
      type: 'OAuthException',
      fbtrace_id: expect.any(String),
    });
    expect(meta.audiences.get(AUDIENCE)!.size).toBe(0);
  });

  it.each([
    ['a wrong developer token', ':create', {}, { 'developer-token': 'x' }, 401, 'authenticationError'],
    [
      'an unknown user list',
      ':create',
      {
        job: {
          type: 'CUSTOMER_MATCH_USER_LIST',
          customerMatchUserListMetadata: { userList: 'customers/1/userLists/2' },
        },
      },
      {},
      400,
      'offlineUserDataJobError',
    ],
    [
      'a job of another type',
      ':create',
      { job: { type: 'STORE_SALES_UPLOAD_FIRST_PARTY' } },
      {},
      400,
      'fieldError',
    ],
  ])('Google: %s', async (_name, path, body, headers, status, errorKind) => {
    const response = await googleCall(path, body, headers);

    expect(response.status).toBe(status);
    const [failure] = response.body.error.details;
    expect(failure['@type']).toBe('type.googleapis.com/google.ads.googleads.v21.errors.GoogleAdsFailure');
    expect(Object.keys(failure.errors[0].errorCode)).toEqual([errorKind]);
  });

  it('Google: refuses unhashed identifiers, additions without consent, and running an empty job', async () => {
    const userList = `customers/${GOOGLE.customerId}/userLists/${GOOGLE.userListId}`;
    const created = await googleCall(':create', {
      job: { type: 'CUSTOMER_MATCH_USER_LIST', customerMatchUserListMetadata: { userList } },
    });
    const job = created.body.resourceName.split('/').pop();

    const unhashed = await googleCall(`/${job}:addOperations`, {
      operations: [{ create: { userIdentifiers: [{ hashedEmail: 'a@b.test' }] } }],
    });
    const noConsent = await googleCall(`/${job}:addOperations`, {
      operations: [{ create: { userIdentifiers: [{ hashedEmail: sha('a') }] } }],
    });
    const empty = await googleCall(`/${job}:run`, {});

    expect(created.status).toBe(200);
    expect(unhashed.body.error.details[0].errors[0].errorCode).toEqual({
      offlineUserDataJobError: 'INVALID_SHA256_FORMAT',
    });
    expect(noConsent.status).toBe(400);
    expect(empty.status).toBe(400);
    expect(google.lists.get(userList)!.size).toBe(0);
  });
});

describe('an audience platform that rejects the call', () => {
  let meta: FakeMeta;
  let sut: TestApp;
  const hash = sha('member@shop.test');
  const membership = async () =>
    (
      await sut.running.app
        .get(DataSource)
        .query(
          `SELECT m.status FROM audience_memberships m JOIN contacts c ON c.id = m.contact_id WHERE c.external_id = 'member'`,
        )
    )[0]?.status as string | undefined;

  beforeAll(async () => {
    meta = await new FakeMeta('EAAB-right-token', [AUDIENCE]).start();
    sut = await startTestApp({ AUDIENCE_BATCH_WINDOW_MS: '300' });
    await sut.request('PUT', '/v1/destinations/meta-aud', {
      type: 'meta-custom-audience',
      audienceId: AUDIENCE,
      accessToken: 'EAAB-wrong-token',
      baseUrl: meta.baseUrl,
    });
    const journey = {
      name: 'Join',
      stages: ['start'],
      flows: {
        join: {
          name: 'Join',
          trigger: { event: 'Join' },
          steps: [{ id: 'join', type: 'audience.add', destination: 'meta-aud' }],
        },
      },
    };
    expect((await sut.request('PUT', '/v1/journeys/join?publish=true', journey)).status).toBe(200);
  });
  afterAll(async () => {
    await sut?.close();
    await meta?.stop();
  });

  it('fails the batch at once on an auth error, and adds it after the token is fixed and it is replayed', async () => {
    await sut.request('POST', '/v1/identify', {
      userId: 'member',
      messageId: 'pe-1',
      traits: { email: 'member@shop.test' },
    });
    await sut.request('POST', '/v1/track', { userId: 'member', event: 'Join', messageId: 'pe-2' });

    const failed = await waitUntil(
      async () =>
        (await sut.request('GET', '/v1/deliveries?status=failed&destination=meta-aud')).body.deliveries[0],
      20_000,
      'failed delivery',
    );
    expect(failed).toMatchObject({ kind: 'audience-add', attempts: 1, lastHttpStatus: 400 });
    expect(failed.lastError).toMatch(/^rejected: HTTP 400: .*Invalid OAuth access token/);
    expect(failed.lastError).not.toContain('EAAB');
    await waitUntil(async () => (await membership()) === 'add-failed', 10_000, 'add-failed');

    await sut.request('PUT', '/v1/destinations/meta-aud', {
      type: 'meta-custom-audience',
      audienceId: AUDIENCE,
      accessToken: meta.accessToken,
      baseUrl: meta.baseUrl,
    });
    const replayed = await sut.request('POST', `/v1/deliveries/${encodeURIComponent(failed.id)}/replay`);

    expect(replayed.status).toBe(200);
    await waitUntil(async () => meta.has(AUDIENCE, 'EMAIL_SHA256', hash), 20_000, 'added after replay');
    await waitUntil(async () => (await membership()) === 'added', 10_000, 'membership added');
  });
});
