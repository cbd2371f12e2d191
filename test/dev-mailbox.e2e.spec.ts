import { startTestApp, type TestApp } from './support/test-app';
import { waitUntil } from './support/wait-until';

/** Without SMTP_URL, emails are rendered and kept in the dev mailbox instead of being sent. */
describe('dev mailbox', () => {
  let sut: TestApp;

  beforeAll(async () => {
    sut = await startTestApp();
  });
  afterAll(() => sut.close());

  it('keeps the welcome email of a new lead, viewable as HTML', async () => {
    await sut.request('POST', '/v1/identify', {
      userId: 'box-a',
      traits: { email: 'box-a@shop.test', first_name: 'Bo' },
    });
    await sut.request('POST', '/v1/track', { userId: 'box-a', event: 'Lead Created' });
    const [message] = await waitUntil(
      async () => {
        const list = await sut.request('GET', '/v1/mailbox?to=box-a@shop.test');
        return list.body.messages?.length > 0 && list.body.messages;
      },
      10_000,
      'mailbox message',
    );
    expect(message).toMatchObject({
      to: 'box-a@shop.test',
      messageId: expect.stringMatching(/^<.+@touchpoint\.local>$/),
    });
    const page = await fetch(`${sut.url}/v1/mailbox/${message.effectId}`, {
      headers: { authorization: `Bearer ${sut.key}` },
    });
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toContain('text/html');
    expect(await page.text()).toContain('Bo');
    expect((await sut.request('GET', '/v1/mailbox/nope')).status).toBe(404);
  });
});
