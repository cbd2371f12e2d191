import { EventEmitter } from 'node:events';
import type { AddressInfo } from 'node:net';
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';

export interface ReceivedMail {
  messageId: string;
  /** A header as sent, unfolded (mailparser turns List-* headers into objects). */
  header(name: string): string | undefined;
  to: string;
  subject: string;
  html: string;
  text: string;
  headers: ParsedMail['headers'];
  raw: string;
}

/** A real SMTP server in the test process that records every accepted message. */
export class SmtpSink {
  readonly messages: ReceivedMail[] = [];
  private readonly events = new EventEmitter();
  private server!: SMTPServer;
  /** Called with each message before it is accepted; a returned promise delays the 250 reply. */
  beforeAccept: ((raw: string) => Promise<void> | void) | null = null;
  port = 0;

  async start(): Promise<this> {
    this.server = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS'],
      logger: false,
      onData: (stream, _session, callback) => {
        const chunks: Buffer[] = [];
        stream.on('data', (chunk: Buffer) => chunks.push(chunk));
        stream.on('end', () => {
          const raw = Buffer.concat(chunks).toString('utf8');
          Promise.resolve(this.beforeAccept?.(raw))
            .then(() => simpleParser(raw))
            .then((parsed) => {
              const head = raw.split(/\r?\n\r?\n/, 1)[0].replace(/\r?\n[ \t]+/g, ' ');
              const mail: ReceivedMail = {
                messageId: parsed.messageId ?? '',
                header: (name) =>
                  head
                    .split(/\r?\n/)
                    .find((line) => line.toLowerCase().startsWith(`${name.toLowerCase()}:`))
                    ?.slice(name.length + 1)
                    .trim(),
                to: Array.isArray(parsed.to) ? (parsed.to[0]?.text ?? '') : (parsed.to?.text ?? ''),
                subject: parsed.subject ?? '',
                html: typeof parsed.html === 'string' ? parsed.html : '',
                text: parsed.text ?? '',
                headers: parsed.headers,
                raw,
              };
              this.messages.push(mail);
              this.events.emit('mail', mail);
              callback();
            })
            .catch((error: Error) => callback(error));
        });
      },
    });
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.port = (this.server.server.address() as AddressInfo).port;
    return this;
  }

  get url(): string {
    return `smtp://127.0.0.1:${this.port}`;
  }

  to(address: string): ReceivedMail[] {
    return this.messages.filter((m) => m.to.includes(address));
  }

  /** Resolves once `count` messages match, failing after `timeoutMs`. */
  waitFor(
    predicate: (mail: ReceivedMail) => boolean,
    count = 1,
    timeoutMs = 20_000,
  ): Promise<ReceivedMail[]> {
    return new Promise((resolve, reject) => {
      const check = () => {
        const found = this.messages.filter(predicate);
        if (found.length < count) return false;
        this.events.off('mail', check);
        clearTimeout(timer);
        resolve(found);
        return true;
      };
      const timer = setTimeout(() => {
        this.events.off('mail', check);
        reject(
          new Error(`expected ${count} matching mail(s), got ${this.messages.filter(predicate).length}`),
        );
      }, timeoutMs);
      if (!check()) this.events.on('mail', check);
    });
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}
