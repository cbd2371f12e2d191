import type { AddressInfo } from 'node:net';
import { simpleParser, type ParsedMail } from 'mailparser';
import type { Transporter } from 'nodemailer';
import { SMTPServer } from 'smtp-server';
import { buildEmailMessage, unsubscribeUrl, type EmailMessage } from './email-message.builder';
import { EmailTemplateRenderer } from './email-template.renderer';
import { createMailTransport, mailTransportKind } from './mail-transport.factory';
import { sampleEmailTemplateData } from './sample-email-data';
import { createToken } from './unsubscribe-token';

/** An in-process SMTP sink on a free loopback port; `next()` resolves with the next message it receives. */
async function startSmtpSink() {
  const waiting: ((mail: ParsedMail) => void)[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, _session, callback) {
      simpleParser(stream).then((mail) => {
        waiting.shift()?.(mail);
        callback();
      }, callback);
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.server.address() as AddressInfo;
  return {
    port,
    next: () => new Promise<ParsedMail>((resolve) => waiting.push(resolve)),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** Raw header line (unfolded), exactly as sent. */
const headerLine = (mail: ParsedMail, name: string) =>
  mail.headerLines.find((line) => line.key === name.toLowerCase())?.line.replace(/\r?\n[ \t]+/g, ' ');

async function cartReminderMessage(messageClass: 'marketing' | 'transactional'): Promise<EmailMessage> {
  const token = createToken('a-test-secret-of-at-least-32-characters!', {
    w: 'w-1',
    c: 'c-1',
    p: 'unsubscribe',
  });
  const url = unsubscribeUrl('https://tp.example.com', token);
  const data = {
    ...sampleEmailTemplateData(),
    links: { unsubscribe: url, review: 'https://tp.example.com/r/x' },
  };
  const rendered = await new EmailTemplateRenderer().render('cart-reminder-3', 'nl-NL', data);
  return buildEmailMessage({
    effectId: 'run-42:3',
    messageClass,
    from: { name: 'Acme Kitchen', address: 'hello@shop.example.com' },
    to: 'jane@example.com',
    rendered,
    unsubscribeUrl: url,
  });
}

describe(createMailTransport.name, () => {
  describe('with an SMTP URL', () => {
    let sink: Awaited<ReturnType<typeof startSmtpSink>>;
    let sut: Transporter;

    beforeAll(async () => {
      sink = await startSmtpSink();
      sut = createMailTransport(`smtp://127.0.0.1:${sink.port}`);
    });
    afterAll(async () => {
      sut.close();
      await sink.close();
    });

    it('is an SMTP transport', () => {
      expect(mailTransportKind(sut)).toBe('smtp');
    });

    it('delivers a marketing email with its Message-ID, one-click unsubscribe headers and both parts', async () => {
      const message = await cartReminderMessage('marketing');
      const received = sink.next();
      const info = await sut.sendMail(message);
      const mail = await received;

      expect(info.messageId).toBe('<run-42=3A3@shop.example.com>');
      expect(mail.messageId).toBe('<run-42=3A3@shop.example.com>');
      expect(headerLine(mail, 'List-Unsubscribe')).toBe(
        `List-Unsubscribe: ${message.headers['List-Unsubscribe']}`,
      );
      expect(headerLine(mail, 'List-Unsubscribe')).toMatch(
        /^List-Unsubscribe: <https:\/\/tp\.example\.com\/u\/[\w-]+>$/,
      );
      expect(headerLine(mail, 'List-Unsubscribe-Post')).toBe(
        'List-Unsubscribe-Post: List-Unsubscribe=One-Click',
      );
      expect(headerLine(mail, 'X-Touchpoint-Effect-ID')).toBe('X-Touchpoint-Effect-ID: run-42:3');
      expect(mail.subject).toBe('Een extraatje om je bestelling af te ronden');
      expect(mail.html).toContain('COMEBACK10');
      expect(mail.html).toContain('Hallo Jane,');
      expect(mail.text).toContain('COMEBACK10');
      expect(mail.text).toContain(message.headers['List-Unsubscribe']!.slice(1, -1));
    });

    it('delivers a transactional email without unsubscribe headers', async () => {
      const received = sink.next();
      await sut.sendMail(await cartReminderMessage('transactional'));
      const mail = await received;
      expect(headerLine(mail, 'List-Unsubscribe')).toBeUndefined();
      expect(headerLine(mail, 'List-Unsubscribe-Post')).toBeUndefined();
      expect(headerLine(mail, 'X-Touchpoint-Effect-ID')).toBe('X-Touchpoint-Effect-ID: run-42:3');
    });
  });

  it('fails a send promptly when nothing listens, so the job can retry', async () => {
    const closed = await startSmtpSink();
    await closed.close();
    const sut = createMailTransport(`smtp://127.0.0.1:${closed.port}`);
    await expect(sut.sendMail(await cartReminderMessage('marketing'))).rejects.toMatchObject({
      code: 'ESOCKET',
    });
    sut.close();
  });

  it('without a URL returns the raw message for the dev mailbox', async () => {
    const sut = createMailTransport();
    expect(mailTransportKind(sut)).toBe('stream');
    const info = await sut.sendMail(await cartReminderMessage('marketing'));
    expect(Buffer.isBuffer(info.message)).toBe(true);
    const mail = await simpleParser(info.message as Buffer);
    expect(mail.messageId).toBe('<run-42=3A3@shop.example.com>');
    expect(headerLine(mail, 'List-Unsubscribe-Post')).toBe(
      'List-Unsubscribe-Post: List-Unsubscribe=One-Click',
    );
    expect(mail.html).toContain('COMEBACK10');
  });

  it.each(['http://smtp.example.com', 'smtp.example.com:587', 'smtp:/x'])('rejects the URL %p', (url) => {
    expect(() => createMailTransport(url)).toThrow('smtp://');
  });
});
