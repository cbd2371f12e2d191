import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { Client } from 'pg';
import { QUEUES, effectJob, type JobRequest } from '../src/scheduling/queue-catalogue';
import type { QueueService } from '../src/scheduling/queue.service';
import { DEFAULT_WORKSPACE_ID } from '../src/workspaces/workspace.service';
import { pollUntil, sleep, summarize, type Summary } from './stats';

const CHUNK = 10_000;

export const usedMemory = async (redis: Redis) =>
  Number(/used_memory:(\d+)/.exec(await redis.info('memory'))?.[1]);

export interface PendingWakeups {
  count: number;
  seconds: number;
  redisBytesPerWakeup: number;
  jobHashBytes: number | null;
}

/**
 * `count` wake-ups a month out, as the run store writes them: an effect row and a delayed job through the app's
 * own QueueService (same job options). Rows and jobs are written side by side, in chunks.
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
  let sample: string | null = null;
  for (let start = 0; start < count; start += CHUNK) {
    const size = Math.min(CHUNK, count - start);
    const runIds = Array.from({ length: size }, () => randomUUID());
    const ids = runIds.map((run) => `${run}.3`);
    sample ??= ids[0];
    const now = Date.now();
    await Promise.all([
      db.query(
        `INSERT INTO effects (id, workspace_id, run_id, contact_id, kind, status, due_at, payload, created_at)
         SELECT id, $1, run_id, run_id, 'wake', 'pending', $2, '{"seq":3,"stepId":"bench-idle"}', now()
           FROM unnest($3::text[], $4::uuid[]) AS t(id, run_id)`,
        [DEFAULT_WORKSPACE_ID, new Date(now + dueMs), ids, runIds],
      ),
      queues.enqueue(ids.map((id) => effectJob('wake', id, dueMs))),
    ]);
  }
  await sleep(500);
  const after = await usedMemory(redis);
  const jobHashBytes = sample
    ? ((await redis.call('MEMORY', 'USAGE', `${prefix}:wakeups:${sample}`)) as number | null)
    : null;
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
  started: number;
  cancelledBeforeDue: number;
  notStartedInTime: number;
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
  const ids = rows.map((row) => row.id);
  await queues.remove(QUEUES.wakeups, ids);
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
  await pollUntil(async () => ((await status()).pending === 0 ? true : undefined), 60_000, 250);
  const timings = await db.query<{ late: number | null; status: string }>(
    `SELECT extract(epoch FROM started_at - due_at) * 1000 AS late, status FROM effects WHERE id = ANY($1)`,
    [ids],
  );
  const late = timings.rows.filter((row) => row.late !== null).map((row) => Number(row.late));
  const lastStart = await db.query<{ t: Date | null }>(
    `SELECT max(started_at) AS t FROM effects WHERE id = ANY($1)`,
    [ids],
  );
  return {
    requested,
    scheduled: ids.length,
    started: late.length,
    cancelledBeforeDue: timings.rows.filter((row) => row.late === null && row.status === 'cancelled').length,
    notStartedInTime: timings.rows.filter((row) => row.status === 'pending').length,
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
