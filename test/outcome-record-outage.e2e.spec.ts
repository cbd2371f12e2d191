import { Logger } from '@nestjs/common';
import { Client } from 'pg';
import { SmtpGate } from './support/smtp-gate';
import { SmtpSink } from './support/smtp-sink';
import { TcpProxy } from './support/tcp-proxy';
import { startTestApp, type TestApp } from './support/test-app';
import { createTestDatabase, type TestDatabase } from './support/test-database';
import { waitUntil } from './support/wait-until';

// The double opt-in confirmation and the team alert record their send like journey emails do: once the SMTP
// server has accepted the message, a database outage is waited out instead of failing the job (which would send
// the message again).
describe('recording a confirmation or alert that is already out, through a database outage', () => {
  let smtp: SmtpSink;
  let gate: SmtpGate;
  let postgresProxy: TcpProxy;
  let database: TestDatabase;
  let direct: Client;
  let sut: TestApp;
  let n = 0;
  const warnings: string[] = [];

  beforeAll(async () => {
    jest.spyOn(Logger.prototype, 'warn').mockImplementation((message: unknown) => {
      warnings.push(String(message));
    });
    smtp = await new SmtpSink().start();
    gate = new SmtpGate(smtp);
    database = await createTestDatabase();
    direct = new Client({ connectionString: database.url });
    await direct.connect();
    postgresProxy = await new TcpProxy('127.0.0.1', 5432).start();
    const url = new URL(database.url);
    url.port = String(postgresProxy.port);
    sut = await startTestApp({ DATABASE_URL: url.href, SMTP_URL: smtp.url }, database);
    await sut.request('PUT', '/v1/settings', { consent: { doubleOptIn: true } });
    const alerting = {
      name: 'Alerting',
      stages: ['start'],
      flows: {
        main: {
          name: 'Main',
          trigger: { event: 'Complaint Filed' },
          entry: { reentry: 'everyTime' },
          steps: [
            {
              id: 'tell',
              type: 'alert',
              email: 'team@shop.test',
              message: 'complaint from {{ contact.email }}',
            },
          ],
        },
      },
    };
    expect((await sut.request('PUT', '/v1/journeys/alerting?publish=true', alerting)).status).toBe(200);
  });
  afterAll(async () => {
    gate?.open();
    await postgresProxy?.restore();
    await sut?.close();
    await postgresProxy?.stop();
    await direct?.end();
    await smtp?.stop();
    jest.restoreAllMocks();
  });

  /** Holds the message's 250, cuts PostgreSQL, lets the 250 go, and restores PostgreSQL once the record has failed. */
  async function outageAfterAccept(to: string, failedRecord: RegExp, act: () => Promise<unknown>) {
    const held = gate.holdFirst((mail) => mail.to.includes(to));
    await act();
    await held;
    await postgresProxy.cut();
    warnings.length = 0;
    gate.open();
    await waitUntil(
      async () => warnings.some((w) => failedRecord.test(w)),
      20_000,
      'a failed record attempt',
    );
    await postgresProxy.restore();
  }

  const deliveryTo = async (address: string) =>
    waitUntil(
      async () => {
        const { rows } = await direct.query(
          `SELECT d.status, d.attempts, f.status AS effect_status FROM deliveries d JOIN effects f ON f.id = d.effect_id
            WHERE d.recipient = $1`,
          [address],
        );
        return rows[0]?.status === 'sent' && rows[0]?.effect_status === 'done' && rows[0];
      },
      30_000,
      `the delivery to ${address} recorded as sent`,
    );

  it('a double opt-in confirmation is recorded once PostgreSQL is back, and not sent again', async () => {
    await outageAfterAccept('confirm-me@shop.test', /recording confirmation .* as sent failed/, () =>
      sut.request('POST', '/v1/identify', {
        messageId: `o-${(n += 1)}`,
        userId: 'confirm-me',
        traits: { email: 'confirm-me@shop.test', consent: { email_marketing: true } },
      }),
    );
    expect(await deliveryTo('confirm-me@shop.test')).toEqual({
      status: 'sent',
      attempts: 1,
      effect_status: 'done',
    });
    expect(smtp.to('confirm-me@shop.test')).toHaveLength(1);
  });

  it('a team alert is recorded once PostgreSQL is back, and not sent again', async () => {
    await sut.request('POST', '/v1/identify', {
      messageId: `o-${(n += 1)}`,
      userId: 'unhappy',
      traits: { email: 'unhappy@shop.test' },
    });
    await outageAfterAccept('team@shop.test', /recording alert .* as sent failed/, () =>
      sut.request('POST', '/v1/track', {
        messageId: `o-${(n += 1)}`,
        userId: 'unhappy',
        event: 'Complaint Filed',
      }),
    );
    expect(await deliveryTo('team@shop.test')).toEqual({
      status: 'sent',
      attempts: 1,
      effect_status: 'done',
    });
    expect(smtp.to('team@shop.test')).toHaveLength(1);
  });
});
