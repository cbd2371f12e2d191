import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';

/** One message the SMTP sink answered with 250. */
export interface Accepted {
  messageId: string;
  to: string;
  /** Which sender slot (SMTP port) it came in on: one slot per worker process. */
  slot: number;
  at: number;
}

/**
 * Where a kill is placed in an SMTP transaction. `before-call`: the delivery row is claimed and the message not
 * sent (held at MAIL FROM). `mid-call`: the message is received in full, its 250 held back. `after-250`: the 250 is
 * written, then the sender dies before it can record the send: the one window where a repeat is possible.
 */
export type KillPoint = 'before-call' | 'mid-call' | 'after-250';

const header = (head: string, name: string) =>
  new RegExp(`^${name}:[ \\t]*(.*)$`, 'im').exec(head.replace(/\r?\n[ \t]+/g, ' '))?.[1]?.trim() ?? '';

/**
 * An SMTP sink that records every Message-ID it accepts, with one listening port per sender slot so a drill can
 * tell which worker process sent what, and arm a kill at an exact point of the next transaction on a slot.
 */
export class MailSink {
  readonly accepted: Accepted[] = [];
  /** How often each Message-ID was accepted. */
  readonly seen = new Map<string, number>();
  /** Messages received in full whose connection closed before the 250 could go out. */
  dropped = 0;
  readonly ports: number[] = [];
  private readonly servers: SMTPServer[] = [];
  private readonly closed = new Set<string>();
  private readonly traps = new Map<number, { point: KillPoint; hit: () => void }>();

  async start(slots: number): Promise<this> {
    for (let slot = 0; slot < slots; slot += 1) {
      const server = this.server(slot);
      server.on('error', () => undefined);
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      this.servers.push(server);
      this.ports.push((server.server.address() as AddressInfo).port);
    }
    return this;
  }

  url(slot: number): string {
    return `smtp://127.0.0.1:${this.ports[slot]}`;
  }

  /** Calls `hit` (which kills the slot's worker) at `point` of the next transaction on `slot`. */
  arm(slot: number, point: KillPoint, hit: () => void): void {
    this.traps.set(slot, { point, hit });
  }

  disarm(slot: number): boolean {
    return this.traps.delete(slot);
  }

  /** Distinct Message-IDs accepted more than once. */
  repeats(): string[] {
    return [...this.seen].filter(([, n]) => n > 1).map(([id]) => id);
  }

  async stop(): Promise<void> {
    await Promise.all(
      this.servers.map((server) => new Promise<void>((resolve) => server.close(() => resolve()))),
    );
  }

  private spring(slot: number, point: KillPoint): boolean {
    const trap = this.traps.get(slot);
    if (trap?.point !== point) return false;
    this.traps.delete(slot);
    trap.hit();
    return true;
  }

  private server(slot: number): SMTPServer {
    return new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS'],
      logger: false,
      size: 1024 * 1024,
      onClose: (session) => this.closed.add(session.id),
      onMailFrom: (_address, _session, callback) => {
        // The sender dies waiting for this reply; the connection is gone, so the answer does not matter.
        if (this.spring(slot, 'before-call')) return setTimeout(() => callback(new Error('gone')), 50);
        callback();
      },
      onData: (stream, session, callback) => {
        let head = '';
        stream.on('data', (chunk: Buffer) => {
          if (head.length < 16_384) head += chunk.toString('utf8');
        });
        stream.on('end', () => {
          if (this.spring(slot, 'mid-call') || this.closed.has(session.id)) {
            this.dropped += 1;
            return callback(new Error('connection closed before the reply'));
          }
          const headers = head.split(/\r?\n\r?\n/, 1)[0];
          const messageId = header(headers, 'message-id');
          this.accepted.push({ messageId, to: header(headers, 'to'), slot, at: Date.now() });
          this.seen.set(messageId, (this.seen.get(messageId) ?? 0) + 1);
          callback();
          this.spring(slot, 'after-250');
        });
      },
    });
  }
}

/** A webhook receiver that records every `webhook-id` (the Standard Webhooks idempotency key) it gets. */
export class WebhookSink {
  readonly seen = new Map<string, number>();
  /** When each webhook-id first arrived. */
  readonly firstAt = new Map<string, number>();
  received = 0;
  port = 0;
  private server: Server | null = null;

  async start(): Promise<this> {
    this.server = createServer((req, res) => {
      req.resume();
      req.on('end', () => {
        const id = String(req.headers['webhook-id'] ?? '');
        this.received += 1;
        this.seen.set(id, (this.seen.get(id) ?? 0) + 1);
        if (!this.firstAt.has(id)) this.firstAt.set(id, Date.now());
        res.writeHead(204).end();
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.port = (this.server.address() as AddressInfo).port;
    return this;
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  repeats(): string[] {
    return [...this.seen].filter(([, n]) => n > 1).map(([id]) => id);
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => this.server?.close(() => resolve()) ?? resolve());
  }
}
