import type { Client } from 'pg';
import { effectJob } from '../src/scheduling/queue-catalogue';
import type { QueueService } from '../src/scheduling/queue.service';
import type { Sinks } from './infra';
import { pollUntil } from './stats';

/** Far above any real step sequence of a run, so these effect ids never collide with the journey's own. */
const SEQ = 9_000;

export interface EmailBurst {
  requested: number;
  enqueued: number;
  sent: number;
  skipped: number;
  failed: number;
  /** From the enqueue to the last one at the sink. */
  seconds: number;
  perSecond: number;
  duplicatesAtSink: number;
}

/**
 * `count` email effects due at once, on the workload's cart runs (reminder 1 again, rendered and checked like any
 * send: goal, suppression, address); counts what the SMTP sink receives.
 */
export async function emailBurst(
  db: Client,
  queues: QueueService,
  sinks: Sinks,
  count: number,
): Promise<EmailBurst> {
  const { rows } = await db.query<{ id: string }>(
    `INSERT INTO effects (id, workspace_id, run_id, contact_id, kind, status, due_at, payload, created_at)
     SELECT r.id || '.' || $2::int, r.workspace_id, r.id, r.contact_id, 'email', 'pending', now(),
            jsonb_build_object('seq', $2::int, 'stepId', 'bench-burst', 'template', 'cart-reminder-1', 'messageClass', 'marketing'),
            now()
       FROM runs r JOIN contacts c ON c.id = r.contact_id
      WHERE r.flow = 'cart' AND r.status <> 'exited' AND c.email IS NOT NULL
      LIMIT $1
     ON CONFLICT (id) DO NOTHING RETURNING id`,
    [count, SEQ],
  );
  const ids = rows.map((row) => row.id);
  const before = await sinks.stats();
  const started = Date.now();
  await queues.enqueue(ids.map((id) => effectJob('email', id)));
  const final = async () =>
    (
      await db.query<{ pending: number; done: number; skipped: number; failed: number }>(
        `SELECT count(*) FILTER (WHERE status = 'pending')::int AS pending,
                count(*) FILTER (WHERE status = 'done')::int AS done,
                count(*) FILTER (WHERE status = 'skipped')::int AS skipped,
                count(*) FILTER (WHERE status = 'failed')::int AS failed
           FROM effects WHERE id = ANY($1)`,
        [ids],
      )
    ).rows[0];
  await pollUntil(async () => ((await final()).pending === 0 ? true : undefined), 120_000, 250);
  const counts = await final();
  const sink = await sinks.stats(before.emails);
  const mine = sink.received.filter(([messageId]) => messageId.includes(`=2E${SEQ}@`));
  const last = mine.reduce((max, [, at]) => Math.max(max, at), started);
  const seconds = (last - started) / 1000;
  return {
    requested: count,
    enqueued: ids.length,
    sent: mine.length,
    skipped: counts.skipped,
    failed: counts.failed,
    seconds,
    perSecond: seconds > 0 ? mine.length / seconds : 0,
    duplicatesAtSink: sink.emailDuplicates - before.emailDuplicates,
  };
}
