import { createHash } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { Client } from 'pg';
import { QUEUES, effectJob, type JobRequest } from '../src/scheduling/queue-catalogue';
import type { QueueService } from '../src/scheduling/queue.service';
import { DEFAULT_WORKSPACE_ID } from '../src/workspaces/workspace.service';
import { pollUntil, sleep, summarize, type Summary } from './stats';

const CHUNK = 10_000;
/** How long after the last due time the burst may take before the rest count as lower bounds. */
const BURST_GRACE_MS = 30_000;

export const usedMemory = async (redis: Redis) =>
  Number(/used_memory:(\d+)/.exec(await redis.info('memory'))?.[1]);

export interface PendingWakeups {
  count: number;
  seconds: number;
  redisBytesPerWakeup: number;
  jobHashBytes: number | null;
}

/** The i-th idle wake-up's effect id: a uuid (md5 of i, as SQL computes it too) and a step number, like real ids. */
export function idleWakeupId(i: number): string {
  const hex = createHash('md5').update(String(i)).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}.3`;
}

/**
 * `count` wake-ups a month out, as the run store writes them: effect rows (one server-side INSERT) and delayed
 * jobs through the app's own QueueService (same job options), in chunks, side by side.
 */
export async function addPendingWakeups(
  db: Client,
  redis: Redis,
  queues: QueueService,
  count: number,
  prefix: string,
): Promise<PendingWakeups> {
  const started = Date.now();
  const before = await usedMemory(redis);
  const dueMs = 30 * 24 * 3600 * 1000;
  const rows = db.query(
    `INSERT INTO effects (id, workspace_id, run_id, contact_id, kind, status, due_at, payload, created_at)
     SELECT md5(i::text)::uuid::text || '.3', $1, md5(i::text)::uuid, md5(i::text)::uuid, 'wake', 'pending',
            $2, '{"seq":3,"stepId":"bench-idle"}', now()
       FROM generate_series(0, $3::int - 1) AS i`,
    [DEFAULT_WORKSPACE_ID, new Date(started + dueMs), count],
  );
  let next = 0;
  // A few chunks in flight keep Redis busy while the next chunk's jobs are being built.
  const jobs = async () => {
    while (next < count) {
      const start = next;
      next += CHUNK;
      const size = Math.min(CHUNK, count - start);
      await queues.enqueue(
        Array.from({ length: size }, (_, i) => effectJob('wake', idleWakeupId(start + i), dueMs)),
      );
    }
  };
  await Promise.all([rows, jobs(), jobs(), jobs(), jobs()]);
  await sleep(500);
  const after = await usedMemory(redis);
  const jobHashBytes = (await redis.call('MEMORY', 'USAGE', `${prefix}:wakeups:${idleWakeupId(0)}`)) as
    number | null;
  return {
    count,
    seconds: (Date.now() - started) / 1000,
    redisBytesPerWakeup: (after - before) / count,
    jobHashBytes,
  };
}

export interface BurstResult {
  requested: number;
  scheduled: number;
  /** Real pending waits of the workload moved forward; the rest are stale wake-ups of active runs. */
  natural: number;
  started: number;
  cancelledBeforeDue: number;
  notStartedInTime: number;
  /** Handler start - due time; for those not started in the window, the time waited so far (a lower bound). */
  latenessMs: Summary;
  /** From the first due time to the last handler start. */
  seconds: number;
  /** The effects moved (left out of the JSON). */
  ids?: string[];
}

/**
 * Takes real pending wake-ups of the workload's runs (waits far from due) and moves them to come due at `rate`
 * per second from a few seconds from now: their handlers do the real work (reminders, next waits).
 */
export async function wakeBurst(
  db: Client,
  queues: QueueService,
  rate: number,
  seconds: number,
): Promise<BurstResult> {
  const requested = Math.round(rate * seconds);
  const { rows } = await db.query<{ id: string }>(
    `SELECT id FROM effects WHERE kind = 'wake' AND status = 'pending' AND due_at > now() + interval '30 seconds'
        AND due_at < now() + interval '1 day' ORDER BY due_at DESC LIMIT $1`,
    [requested],
  );
  const natural = rows.map((row) => row.id);
  await queues.remove(QUEUES.wakeups, natural);
  // Too few real waits far from due: the rest are wake-ups for a step active runs no longer wait at. Their
  // handlers do the same reads, lock and engine step, then log the wake-up as stale.
  const extra = await db.query<{ id: string }>(
    `INSERT INTO effects (id, workspace_id, run_id, contact_id, kind, status, due_at, payload, created_at)
     SELECT r.id || '.' || (8000 + n), r.workspace_id, r.id, r.contact_id, 'wake', 'pending', now() + interval '1 day',
            jsonb_build_object('seq', 8000 + n, 'stepId', 'bench-stale'), now()
       FROM (SELECT id, workspace_id, contact_id, row_number() OVER () AS n FROM runs
              WHERE status = 'active' AND flow <> '$stage' LIMIT $1) r
     ON CONFLICT (id) DO NOTHING RETURNING id`,
    [requested - natural.length],
  );
  const ids = [...natural, ...extra.rows.map((row) => row.id)];
  const start = Date.now() + 3_000;
  const dues = ids.map((_, i) => start + Math.floor((i * 1000) / rate));
  await db.query(
    `UPDATE effects e SET due_at = t.due FROM unnest($1::text[], $2::timestamptz[]) AS t(id, due)
      WHERE e.id = t.id AND e.status = 'pending'`,
    [ids, dues.map((due) => new Date(due))],
  );
  const now = Date.now();
  const jobs: JobRequest[] = ids.map((id, i) => effectJob('wake', id, dues[i] - now));
  for (let i = 0; i < jobs.length; i += CHUNK) await queues.enqueue(jobs.slice(i, i + CHUNK));
  const lastDue = dues[dues.length - 1] ?? start;
  const status = async () =>
    (
      await db.query<{ pending: number }>(
        `SELECT count(*) FILTER (WHERE status = 'pending')::int AS pending FROM effects WHERE id = ANY($1)`,
        [ids],
      )
    ).rows[0];
  await sleep(Math.max(0, lastDue - Date.now()));
  await pollUntil(async () => ((await status()).pending === 0 ? true : undefined), BURST_GRACE_MS, 250);
  // Not started by now: already this late (a lower bound), so they count instead of vanishing from the figure.
  const timings = await db.query<{ late: number | null; status: string; waiting: number }>(
    `SELECT extract(epoch FROM started_at - due_at) * 1000 AS late, status,
            extract(epoch FROM now() - due_at) * 1000 AS waiting
       FROM effects WHERE id = ANY($1)`,
    [ids],
  );
  const started = timings.rows.filter((row) => row.late !== null);
  const unstarted = timings.rows.filter((row) => row.status === 'pending');
  const late = [...started, ...unstarted].map((row) => Number(row.late ?? row.waiting));
  const lastStart = await db.query<{ t: Date | null }>(
    `SELECT max(started_at) AS t FROM effects WHERE id = ANY($1)`,
    [ids],
  );
  return {
    requested,
    scheduled: ids.length,
    natural: natural.length,
    started: started.length,
    cancelledBeforeDue: timings.rows.filter((row) => row.late === null && row.status === 'cancelled').length,
    notStartedInTime: unstarted.length,
    latenessMs: summarize(late),
    seconds: ((lastStart.rows[0].t?.getTime() ?? start) - start) / 1000,
    ids,
  };
}

/** Lateness of every wake-up the workload itself ran (not the burst). */
export async function workloadLateness(db: Client, exclude: string[]): Promise<Summary> {
  const { rows } = await db.query<{ late: number }>(
    `SELECT extract(epoch FROM started_at - due_at) * 1000 AS late FROM effects
      WHERE kind = 'wake' AND started_at IS NOT NULL AND NOT (id = ANY($1))`,
    [exclude],
  );
  return summarize(rows.map((row) => Number(row.late)));
}
