import { startTestApp, type TestApp } from './support/test-app';

describe('workspace settings API', () => {
  let sut: TestApp;

  beforeAll(async () => {
    sut = await startTestApp();
  });
  afterAll(() => sut.close());

  it('starts from defaults and keeps a valid partial update', async () => {
    expect((await sut.request('GET', '/v1/settings')).body).toMatchObject({
      name: 'Default',
      timezone: 'UTC',
    });
    const updated = await sut.request('PUT', '/v1/settings', {
      name: 'Bloom & Co',
      timezone: 'Europe/Amsterdam',
    });
    expect(updated.status).toBe(200);
    expect((await sut.request('GET', '/v1/settings')).body).toMatchObject({
      name: 'Bloom & Co',
      timezone: 'Europe/Amsterdam',
    });
  });

  it('rejects an unknown time zone with the field path and changes nothing', async () => {
    const response = await sut.request('PUT', '/v1/settings', { timezone: 'Mars/Olympus' });
    expect(response.status).toBe(400);
    expect(response.body.error.details[0].path).toBe('$.timezone');
    expect((await sut.request('GET', '/v1/settings')).body.timezone).toBe('Europe/Amsterdam');
  });
});
