import { DataSource } from 'typeorm';
import { SmtpSink } from './support/smtp-sink';
import { startTestApp, type TestApp } from './support/test-app';

/** TIME_SCALE divides every journey delay, so the default timings can be watched in seconds. */
describe('TIME_SCALE', () => {
  let smtp: SmtpSink;
  let sut: TestApp;

  beforeAll(async () => {
    smtp = await new SmtpSink().start();
    sut = await startTestApp({ SMTP_URL: smtp.url, TIME_SCALE: '7200' });
  });
  afterAll(async () => {
    await sut?.close();
    await smtp?.stop();
  });

  it('sends the first cart reminder 4 journey hours (2 s at 7200x) after the cart, in the contact locale', async () => {
    await sut.request('POST', '/v1/identify', {
      userId: 'ts-a',
      traits: { email: 'ts-a@shop.test', locale: 'nl-BE' },
    });
    await sut.request('POST', '/v1/track', {
      userId: 'ts-a',
      event: 'Product Added',
      properties: { cart_id: 'ts-cart', name: 'Fiets', price: 400 },
    });
    const [mail] = await smtp.waitFor((m) => m.to.includes('ts-a@'));
    expect(mail.subject).toBe('Je hebt iets laten liggen in je winkelwagen');
    const [wake] = await sut.running.app
      .get(DataSource)
      .query(
        `SELECT extract(epoch FROM due_at - created_at) * 1000 AS ms FROM effects WHERE kind = 'wake' ORDER BY created_at LIMIT 1`,
      );
    expect(Number(wake.ms)).toBeCloseTo((4 * 3600 * 1000) / 7200, -1);
  });
});
