import { DataSource } from 'typeorm';
import { SmtpSink } from './support/smtp-sink';
import { startTestApp, type TestApp } from './support/test-app';
import { waitUntil } from './support/wait-until';

const pinJourney = (stepId: string, template: string, start = 'Pin Start', go = 'Pin Go') => ({
  name: 'Pinned versions',
  stages: ['interested', 'done'],
  stageRules: [{ event: go, to: 'done' }],
  flows: {
    main: {
      name: 'Main',
      trigger: { event: start },
      entry: { reentry: 'once' },
      steps: [
        { id: 'hold', type: 'waitForEvent', event: go, timeout: 'P1D' },
        { id: stepId, type: 'email', template },
      ],
    },
  },
});

describe('journeys API', () => {
  let smtp: SmtpSink;
  let sut: TestApp;
  let n = 0;
  const track = (userId: string, event: string) =>
    sut.request('POST', '/v1/track', { userId, event, messageId: `j-${(n += 1)}` });
  const identify = (userId: string) =>
    sut.request('POST', '/v1/identify', {
      userId,
      messageId: `j-${(n += 1)}`,
      traits: { email: `${userId}@shop.test` },
    });
  const tableCounts = async () => {
    const [row] = await sut.running.app
      .get(DataSource)
      .query(`SELECT (SELECT count(*) FROM journeys) AS j, (SELECT count(*) FROM journey_versions) AS v`);
    return { journeys: Number(row.j), versions: Number(row.v) };
  };
  /** The outcome is logged just after the SMTP server accepts, so wait for it. */
  const sentSteps = (userId: string) =>
    waitUntil(
      async () => {
        const entries = (await sut.request('GET', `/v1/contacts/${userId}/timeline`)).body.entries as any[];
        const sent = entries
          .filter((e) => e.kind === 'step' && / sent to /.test(e.reason))
          .map((e) => e.reason.split(' ')[0]);
        return sent.length > 0 && sent;
      },
      10_000,
      `${userId} sent steps`,
    );

  beforeAll(async () => {
    smtp = await new SmtpSink().start();
    sut = await startTestApp({ SMTP_URL: smtp.url });
  });
  afterAll(async () => {
    await sut?.close();
    await smtp?.stop();
  });

  it('lists the default journey, published, for a new workspace', async () => {
    const response = await sut.request('GET', '/v1/journeys');
    expect(response.status).toBe(200);
    expect(response.body.journeys).toEqual([
      expect.objectContaining({ key: 'customer-lifecycle', status: 'published', publishedVersion: 1 }),
    ]);
    const one = await sut.request('GET', '/v1/journeys/customer-lifecycle');
    expect(Object.keys(one.body.draft.definition.flows).sort()).toEqual(['cart', 'nps', 'nurture', 'review']);
  });

  it.each([
    [
      'a wait without a valid duration',
      {
        ...pinJourney('send', 'nurture-1'),
        flows: {
          main: {
            ...pinJourney('send', 'nurture-1').flows.main,
            steps: [{ id: 'w', type: 'wait', duration: 'soon' }],
          },
        },
      },
      '$.flows.main.steps[0].duration',
    ],
    [
      'a stage rule to an unknown stage',
      { ...pinJourney('send', 'nurture-1'), stageRules: [{ event: 'X', to: 'nowhere' }] },
      '$.stageRules[0].to',
    ],
    [
      'a missing trigger',
      {
        ...pinJourney('send', 'nurture-1'),
        flows: { main: { name: 'M', steps: [{ id: 'e', type: 'exit' }] } },
      },
      '$.flows.main.trigger',
    ],
  ])(
    'rejects %s with 400 journey_invalid naming the path, and writes nothing',
    async (_label, body, path) => {
      const before = await tableCounts();
      const response = await sut.request('PUT', '/v1/journeys/broken', body);
      expect(response.status).toBe(400);
      expect(response.body.error.code).toBe('journey_invalid');
      expect(response.body.error.details.map((d: { path: string }) => d.path)).toContain(path);
      expect(await tableCounts()).toEqual(before);
    },
  );

  it('rejects bad template params and an unknown template with paths', async () => {
    const badParams = await sut.request('PUT', '/v1/journeys/customer-lifecycle', {
      template: 'customer-lifecycle',
      params: { cart: { firstReminderAfter: 'four hours' } },
    });
    expect(badParams.status).toBe(400);
    expect(badParams.body.error.details[0].path).toBe('$.params.cart.firstReminderAfter');
    const unknown = await sut.request('PUT', '/v1/journeys/customer-lifecycle', { template: 'nope' });
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.details[0].path).toBe('$.template');
    expect((await sut.request('GET', '/v1/journeys/customer-lifecycle')).body.latestVersion).toBe(1);
  });

  it('answers 404 for an unknown journey', async () => {
    const response = await sut.request('POST', '/v1/journeys/missing/publish');
    expect(response.status).toBe(404);
    expect(response.body.error.code).toBe('not_found');
  });

  it('keeps runs on the version they entered with when a new version is published', async () => {
    const v1 = await sut.request(
      'PUT',
      '/v1/journeys/pinned?publish=true',
      pinJourney('send-v1', 'nurture-1'),
    );
    expect(v1.body).toMatchObject({ status: 'published', publishedVersion: 1 });
    await identify('pin-a');
    await track('pin-a', 'Pin Start');
    await waitUntil(
      async () =>
        (await sut.request('GET', '/v1/contacts/pin-a')).body.runs?.find((r: any) => r.flow === 'main'),
      10_000,
      'v1 run',
    );

    const v2 = await sut.request(
      'PUT',
      '/v1/journeys/pinned?publish=true',
      pinJourney('send-v2', 'nurture-2'),
    );
    expect(v2.body.publishedVersion).toBe(2);
    await identify('pin-b');
    await track('pin-b', 'Pin Start');
    await waitUntil(
      async () =>
        (await sut.request('GET', '/v1/contacts/pin-b')).body.runs?.find((r: any) => r.flow === 'main'),
      10_000,
      'v2 run',
    );

    await track('pin-a', 'Pin Go');
    await track('pin-b', 'Pin Go');
    await smtp.waitFor((m) => m.to.includes('pin-a@') || m.to.includes('pin-b@'), 2);
    expect(await sentSteps('pin-a')).toEqual(['send-v1']);
    expect(await sentSteps('pin-b')).toEqual(['send-v2']);
    const runs = (await sut.request('GET', '/v1/contacts/pin-a')).body.runs.filter(
      (r: any) => r.flow === 'main',
    );
    expect(runs.map((r: any) => r.version)).toEqual([1]);
    const journey = await sut.request('GET', '/v1/journeys/pinned');
    expect(journey.body.versions.map((v: any) => v.version)).toEqual([1, 2]);
  });

  it('holds sends while paused, lets nobody new in, and sends the held ones on resume', async () => {
    await sut.request('PUT', '/v1/journeys/pausable?publish=true', {
      ...pinJourney('send-p', 'nurture-1', 'Pause Start', 'Pause Go'),
      name: 'Pausable',
    });
    await identify('pause-a');
    await track('pause-a', 'Pause Start');
    await waitUntil(
      async () =>
        (await sut.request('GET', '/v1/contacts/pause-a')).body.runs?.some(
          (r: any) => r.journey === 'pausable' && r.flow === 'main',
        ),
      10_000,
      'run',
    );
    expect((await sut.request('POST', '/v1/journeys/pausable/pause')).body.status).toBe('paused');

    await identify('pause-b');
    await track('pause-b', 'Pause Start');
    await track('pause-a', 'Pause Go');
    const held = await waitUntil(
      async () => {
        const entries = (await sut.request('GET', '/v1/contacts/pause-a/timeline')).body.entries as any[];
        return entries.find((e) => e.kind === 'step' && /send-p held: the journey is paused/.test(e.reason));
      },
      10_000,
      'held send',
    );
    expect(held).toBeTruthy();
    expect(smtp.to('pause-a@')).toHaveLength(0);
    await waitUntil(
      async () => (await sut.request('GET', '/v1/contacts/pause-b/timeline')).body.entries?.length > 0,
      10_000,
      'pause-b routed',
    );
    expect(
      (await sut.request('GET', '/v1/contacts/pause-b')).body.runs.filter(
        (r: any) => r.journey === 'pausable' && r.flow === 'main',
      ),
    ).toEqual([]);

    expect((await sut.request('POST', '/v1/journeys/pausable/resume')).body.status).toBe('published');
    const [mail] = await smtp.waitFor((m) => m.to.includes('pause-a@'));
    expect(mail.subject.length).toBeGreaterThan(0);
    expect((await sut.request('POST', '/v1/journeys/pausable/resume')).status).toBe(409);
  });
});
