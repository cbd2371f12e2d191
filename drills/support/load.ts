import type { Answer, Stack } from './stack';

/** One Segment message as the drills send it. */
export type Message = Record<string, unknown> & { messageId: string };

export interface Sent {
  /** When the request left and when its answer came (ms since the epoch). */
  sentAt: number;
  at: number;
  status: number;
  ms: number;
}

/**
 * Sends Segment messages and remembers which were acknowledged (2xx): the promise under test is that each of those
 * is in PostgreSQL, whatever happens next.
 */
export class Ingest {
  /** messageId → when its 2xx came. */
  readonly acked = new Map<string, number>();
  readonly answers: Sent[] = [];

  constructor(private readonly stack: Stack) {}

  async track(message: Message): Promise<Answer> {
    return this.post('/v1/track', message, [message.messageId]);
  }

  async identify(message: Message): Promise<Answer> {
    return this.post('/v1/identify', message, [message.messageId]);
  }

  async batch(messages: Message[]): Promise<Answer> {
    return this.post(
      '/v1/batch',
      { batch: messages },
      messages.map((m) => m.messageId),
    );
  }

  /** Answers whose request was sent at or after `from` and answered before `to`. */
  between(from: number, to: number): Sent[] {
    return this.answers.filter((answer) => answer.sentAt >= from && answer.at <= to);
  }

  private async post(path: string, body: unknown, ids: string[]): Promise<Answer> {
    const sentAt = Date.now();
    const answer = await this.stack.request('POST', path, body);
    const at = Date.now();
    this.answers.push({ sentAt, at, status: answer.status, ms: answer.ms });
    if (answer.status >= 200 && answer.status < 300) for (const id of ids) this.acked.set(id, at);
    return answer;
  }
}

/**
 * Calls `send(i)` for i = 0..count-1 at `perSecond`, at most `inFlight` at a time (a late answer delays the next
 * call rather than piling up), until `stopped()` says so; resolves when every call made has finished.
 */
export async function atRate(
  count: number,
  perSecond: number,
  inFlight: number,
  send: (i: number) => Promise<unknown>,
  stopped: () => boolean = () => false,
): Promise<void> {
  const started = Date.now();
  const running = new Set<Promise<unknown>>();
  for (let i = 0; i < count && !stopped(); i += 1) {
    const due = started + (i * 1000) / perSecond;
    if (due > Date.now()) await sleep(due - Date.now());
    while (running.size >= inFlight) await Promise.race(running);
    const call = send(i).finally(() => running.delete(call));
    running.add(call);
  }
  await Promise.all(running);
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Polls `probe` until it returns true; false when `timeoutMs` passes first. Errors count as not yet. */
export async function until(
  probe: () => Promise<boolean>,
  timeoutMs: number,
  everyMs = 250,
): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await probe().catch(() => false)) return true;
    if (Date.now() > deadline) return false;
    await sleep(everyMs);
  }
}
