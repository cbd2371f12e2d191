import type { Client } from 'pg';
import { QUEUES, effectJob } from '../src/scheduling/queue-catalogue';
import type { QueueService } from '../src/scheduling/queue.service';
import type { Sinks } from './infra';
import { pollUntil } from './stats';

/** Far above any real step sequence of a run, so these effect ids never collide with the journey's own. */
const SEQ = 9_000;

export interface EmailBurst {
  requested: number;
  enqueued: number;
  /** Of the burst's own emails, within the window. */
  sent: number;
  skipped: number;
  failed: number;
  /** The window: from the enqueue until the send queue was empty, at most `windowSeconds`. */
  seconds: number;
  /** Every email the sink received in the window (the burst's and the workload's). */
  atSink: number;
  perSecond: number;
  /** Sends were still queued when the window closed: the rate is the worker's ceiling, not the demand. */
  backloggedThroughout: boolean;
  duplicatesAtSink: number;
}

/**
 * `count` email effects due at once, on the workload's cart runs (reminder 1 again, rendered and checked like any
 * send: goal, consent, suppression, address); the rate is what the SMTP sink receives.
 */
export async function emailBurst(
  db: Client,
  queues: QueueService,
  sinks: Sinks,
  count: number,
  windowSeconds: number,
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
  // The rate is taken over a bounded window while sends are due (the burst, plus whatever reminders the
  // workload has due at the same time); it ends early once the send queue is empty.
  let backlogged = true;
  await pollUntil(async () => {
    const counts = await queues.queue(QUEUES.sends).getJobCounts('waiting', 'active', 'prioritized');
    backlogged = counts.waiting + counts.active + counts.prioritized > 0;
    return backlogged ? undefined : true;
  }, windowSeconds * 1000);
  const sink = await sinks.stats(before.emails);
  const seconds = (Date.now() - started) / 1000;
  const mine = sink.received.filter(([messageId]) => messageId.includes(`=2E${SEQ}@`));
  const counts = (
    await db.query<{ skipped: number; failed: number }>(
      `SELECT count(*) FILTER (WHERE status = 'skipped')::int AS skipped,
              count(*) FILTER (WHERE status = 'failed')::int AS failed
         FROM effects WHERE id = ANY($1)`,
      [ids],
    )
  ).rows[0];
  return {
    requested: count,
    enqueued: ids.length,
    sent: mine.length,
    skipped: counts.skipped,
    failed: counts.failed,
    seconds,
    atSink: sink.received.length,
    perSecond: sink.received.length / seconds,
    backloggedThroughout: backlogged,
    duplicatesAtSink: sink.emailDuplicates - before.emailDuplicates,
  };
}
