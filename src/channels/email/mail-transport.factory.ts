import { createTransport, type Transporter } from 'nodemailer';

/** `smtp`: a real (pooled) SMTP relay. `stream`: no relay configured; the raw message comes back for the dev mailbox. */
export type MailTransportKind = 'smtp' | 'stream';

export interface MailTransportOptions {
  /** Pooled connections to the relay; most providers allow a few in parallel. */
  maxConnections?: number;
  /** Messages per connection before it is recycled (providers often cap this near 100). */
  maxMessages?: number;
  connectionTimeoutMs?: number;
  greetingTimeoutMs?: number;
  socketTimeoutMs?: number;
}

/**
 * SMTP when `smtpUrl` is given (`smtp://user:pass@host:587`, `smtps://...:465`), otherwise a stream transport
 * that sends nothing and returns the raw message as a Buffer in `info.message`.
 */
export function createMailTransport(smtpUrl?: string, options: MailTransportOptions = {}): Transporter {
  if (!smtpUrl)
    return createTransport({
      streamTransport: true,
      buffer: true,
      disableFileAccess: true,
      disableUrlAccess: true,
    });
  if (!/^smtps?:\/\/[^/]/i.test(smtpUrl)) throw new Error('the SMTP URL must start with smtp:// or smtps://');
  return createTransport({
    url: smtpUrl,
    pool: true,
    maxConnections: options.maxConnections ?? 5,
    maxMessages: options.maxMessages ?? 100,
    // Fail fast on a dead relay so the job is retried with backoff instead of holding a worker for minutes.
    connectionTimeout: options.connectionTimeoutMs ?? 10_000,
    greetingTimeout: options.greetingTimeoutMs ?? 10_000,
    socketTimeout: options.socketTimeoutMs ?? 60_000,
    dnsTimeout: 10_000,
    disableFileAccess: true,
    disableUrlAccess: true,
  });
}

/** Tells a relay from the dev-mailbox stream transport, so the sender knows to store `info.message`. */
export function mailTransportKind(transport: Transporter): MailTransportKind {
  return (transport.options as { streamTransport?: unknown }).streamTransport === true ? 'stream' : 'smtp';
}
