import type { SmtpSink, SmtpSessionRef } from './smtp-sink';

/** A message whose DATA the sink has received in full and whose reply the gate is holding back. */
export interface HeldMail {
  messageId: string;
  to: string;
  sessionId: string;
}

function header(raw: string, name: string): string {
  const head = raw.split(/\r?\n\r?\n/, 1)[0].replace(/\r?\n[ \t]+/g, ' ');
  const line = head.split(/\r?\n/).find((l) => l.toLowerCase().startsWith(`${name.toLowerCase()}:`));
  return line?.slice(name.length + 1).trim() ?? '';
}

/**
 * Holds back the sink's reply to DATA, so a test can act while a sender waits mid-transaction. Closing the gate
 * holds every message that arrives; `holdFirst` closes it on the first message that matches.
 */
export class SmtpGate {
  /** Held since the gate last closed. */
  held: HeldMail[] = [];
  private opened: Promise<void> | null = null;
  private release: (() => void) | null = null;
  private trap: { match: (mail: HeldMail) => boolean; resolve: (mail: HeldMail) => void } | null = null;

  constructor(sink: SmtpSink) {
    sink.beforeAccept = (raw, session) => this.arrive(raw, session);
  }

  get isClosed(): boolean {
    return this.opened !== null;
  }

  /** From now on, every reply to DATA waits until `open()`. */
  close(): void {
    if (this.opened) return;
    this.held = [];
    this.opened = new Promise((resolve) => (this.release = resolve));
  }

  /** Resolves with the first message matching `match`; the gate closes on it, holding it and all that follow. */
  holdFirst(match: (mail: HeldMail) => boolean, timeoutMs = 20_000): Promise<HeldMail> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.trap = null;
        reject(new Error(`no message to hold within ${timeoutMs} ms`));
      }, timeoutMs);
      this.trap = {
        match,
        resolve: (mail) => {
          clearTimeout(timer);
          resolve(mail);
        },
      };
    });
  }

  /** Lets every held reply go; the sink answers each (or drops it, if its connection has gone). */
  open(): HeldMail[] {
    const released = this.held;
    this.release?.();
    this.opened = null;
    this.release = null;
    this.held = [];
    return released;
  }

  private arrive(raw: string, session: SmtpSessionRef): Promise<void> | void {
    const mail = { messageId: header(raw, 'message-id'), to: header(raw, 'to'), sessionId: session.id };
    const trap = this.trap;
    if (trap && trap.match(mail)) {
      this.trap = null;
      this.close();
      this.held.push(mail);
      trap.resolve(mail);
      return this.opened!;
    }
    if (!this.opened) return;
    this.held.push(mail);
    return this.opened;
  }
}
