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

/** The SMTP connection (session) a message came in on. */
export interface SmtpSessionRef {
  id: string;
}

/**
 * A real SMTP server in the test process that records every accepted message. A message counts as accepted only
 * if its connection is still open when the 250 reply is due: one whose client went away first (a killed worker)
 * never got its 250, so it goes to `dropped` instead.
 */
export class SmtpSink {
  readonly messages: ReceivedMail[] = [];
  /** Messages received in full whose connection closed before the reply; the sender never saw them accepted. */
  readonly dropped: ReceivedMail[] = [];
  /** Messages received in full and not answered yet (held by `beforeAccept`, or being parsed). */
  replyPending = 0;
  /** Connection errors (e.g. ECONNRESET from a killed client). */
  readonly errors: Error[] = [];
  private readonly events = new EventEmitter();
  private readonly closedSessions = new Set<string>();
  private server!: SMTPServer;
  /** Called with each message before it is accepted; a returned promise delays the 250 reply. */
  beforeAccept: ((raw: string, session: SmtpSessionRef) => Promise<void> | void) | null = null;
  port = 0;

  async start(): Promise<this> {
    // Every waitFor and whenClosed listens; a test may wait on many at once.
    this.events.setMaxListeners(0);
    this.server = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS'],
      logger: false,
      onClose: (session) => {
        this.closedSessions.add(session.id);
        this.events.emit('close', session.id);
      },
      onData: (stream, session, callback) => {
        const chunks: Buffer[] = [];
        stream.on('data', (chunk: Buffer) => chunks.push(chunk));
        stream.on('end', () => {
          const raw = Buffer.concat(chunks).toString('utf8');
          this.replyPending += 1;
          Promise.resolve(this.beforeAccept?.(raw, { id: session.id }))
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
              if (this.closedSessions.has(session.id)) {
                this.dropped.push(mail);
                return callback(new Error('connection closed before the reply'));
              }
              this.messages.push(mail);
              this.events.emit('mail', mail);
              callback();
            })
            .catch((error: Error) => callback(error))
            .finally(() => (this.replyPending -= 1));
        });
      },
    });
    // A client that dies mid-transaction resets its connection; that is a test's doing, not a sink failure.
    this.server.on('error', (error) => this.errors.push(error));
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

  /** Resolves once the client has closed the connection `sessionId`, failing after `timeoutMs`. */
  whenClosed(sessionId: string, timeoutMs = 10_000): Promise<void> {
    return new Promise((resolve, reject) => {
      const check = (id: string) => {
        if (id !== sessionId) return;
        this.events.off('close', check);
        clearTimeout(timer);
        resolve();
      };
      const timer = setTimeout(() => {
        this.events.off('close', check);
        reject(new Error(`SMTP connection ${sessionId} still open after ${timeoutMs} ms`));
      }, timeoutMs);
      if (this.closedSessions.has(sessionId)) check(sessionId);
      else this.events.on('close', check);
    });
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}
