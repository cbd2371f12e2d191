import type { Probe } from './database';
import type { MailSink } from './receivers';

/** Acknowledged messageIds that are not in PostgreSQL: each one is an event lost after its 2xx. */
export async function lostAcked(probe: Probe, acked: Iterable<string>): Promise<string[]> {
  const ids = [...acked];
  const lost: string[] = [];
  for (let i = 0; i < ids.length; i += 5_000) {
    const chunk = ids.slice(i, i + 5_000);
    const found = new Set(
      (
        await probe.rows<{ message_id: string }>(`SELECT message_id FROM events WHERE message_id = ANY($1)`, [
          chunk,
        ])
      ).map((row) => row.message_id),
    );
    lost.push(...chunk.filter((id) => !found.has(id)));
  }
  return lost;
}

/** What is left to do: events not routed, effects pending and already due, deliveries stuck mid-send. */
export async function backlog(probe: Probe): Promise<{ unrouted: number; due: number; sending: number }> {
  const [row] = await probe.rows<{ unrouted: string; due: string; sending: string }>(
    `SELECT (SELECT count(*) FROM events WHERE routed_at IS NULL) AS unrouted,
            (SELECT count(*) FROM effects WHERE status = 'pending' AND due_at <= now()) AS due,
            (SELECT count(*) FROM deliveries WHERE status = 'sending') AS sending`,
  );
  return { unrouted: Number(row.unrouted), due: Number(row.due), sending: Number(row.sending) };
}

/** Effects by kind and status, e.g. `email done 10500, wake done 7000`. */
export async function effectCounts(probe: Probe): Promise<Map<string, number>> {
  const rows = await probe.rows<{ key: string; n: number }>(
    `SELECT kind || ' ' || status AS key, count(*)::int AS n FROM effects GROUP BY 1 ORDER BY 1`,
  );
  return new Map(rows.map((row) => [row.key, row.n]));
}

/** Work due before `cutoff` that is not done yet (events, effects, webhook attempts); 0 means caught up to it. */
export async function dueBefore(probe: Probe, cutoff: Date): Promise<number> {
  return probe.count(
    `SELECT (SELECT count(*) FROM events WHERE routed_at IS NULL AND received_at <= $1)
          + (SELECT count(*) FROM effects WHERE status = 'pending' AND due_at <= $1)
          + (SELECT count(*) FROM destination_deliveries
              WHERE status IN ('pending', 'sending') AND next_attempt_at <= $1) AS n`,
    [cutoff],
  );
}

/** Recipients (by address prefix) that did not get exactly `each` distinct Message-IDs. */
export function missingMail(mail: MailSink, recipients: string[], each: number): string[] {
  const byRecipient = new Map<string, Set<string>>();
  for (const message of mail.accepted) {
    const address = /<?([^<>\s]+@[^<>\s]+)>?/.exec(message.to)?.[1] ?? message.to;
    const set = byRecipient.get(address) ?? new Set<string>();
    set.add(message.messageId);
    byRecipient.set(address, set);
  }
  return recipients.filter((address) => (byRecipient.get(address)?.size ?? 0) !== each);
}

/** Milliseconds from `cutoff` until everything due by then is done (polled), or Infinity after `timeoutMs`. */
export async function catchUp(probe: Probe, cutoff: Date, timeoutMs: number): Promise<number> {
  const deadline = cutoff.getTime() + timeoutMs;
  while (Date.now() < deadline) {
    if ((await dueBefore(probe, cutoff).catch(() => -1)) === 0) return Date.now() - cutoff.getTime();
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  return Number.POSITIVE_INFINITY;
}

/** Jobs BullMQ holds per state, summed over the queues (what Redis has, as opposed to what PostgreSQL owes). */
export async function jobCounts(
  redis: { llen(key: string): Promise<number>; zcard(key: string): Promise<number> },
  prefix: string,
): Promise<{ waiting: number; active: number; delayed: number }> {
  const queues = ['events', 'wakeups', 'sends'];
  const sum = async (read: (queue: string) => Promise<number>) =>
    (await Promise.all(queues.map(read))).reduce((a, b) => a + b, 0);
  return {
    waiting: await sum((q) => redis.llen(`${prefix}:${q}:wait`)),
    active: await sum((q) => redis.llen(`${prefix}:${q}:active`)),
    delayed: await sum((q) => redis.zcard(`${prefix}:${q}:delayed`)),
  };
}
