import type { Redis } from 'ioredis';
import type { Probe } from './database';

const QUEUES = ['events', 'wakeups', 'sends', 'destinations'];
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A job BullMQ holds as active; its id is an event or effect id, its lock names the worker that holds it. */
export interface ActiveJob {
  queue: string;
  id: string;
  lock: string | null;
}

const lockKey = (prefix: string, job: { queue: string; id: string }) =>
  `${prefix}:${job.queue}:${job.id}:lock`;
/** Destination jobs: `send-webhook` (the effect id, which is the delivery id) and `deliver` (`<delivery>.a<n>`). */
const deliveryId = (jobId: string) => jobId.replace(/\.a\d+(\.lease)?$/, '');

/** The jobs active right now, with the lock token of each. */
export async function activeJobs(redis: Redis, prefix: string): Promise<ActiveJob[]> {
  const ids = await Promise.all(QUEUES.map((queue) => redis.lrange(`${prefix}:${queue}:active`, 0, -1)));
  const jobs = QUEUES.flatMap((queue, i) => ids[i].map((id) => ({ queue, id })));
  const locks = jobs.length > 0 ? await redis.mget(jobs.map((job) => lockKey(prefix, job))) : [];
  return jobs.map((job, i) => ({ ...job, lock: locks[i] }));
}

/**
 * Of these jobs, the ones not recovered yet: their work is not done in PostgreSQL (event not routed, effect pending,
 * webhook delivery open) and no other worker has taken the job over (its lock is gone or still the dead worker's).
 */
export async function notRecovered(
  probe: Probe,
  redis: Redis,
  prefix: string,
  jobs: ActiveJob[],
): Promise<ActiveJob[]> {
  if (jobs.length === 0) return [];
  const hooks = jobs.filter((job) => job.queue === 'destinations').map((job) => deliveryId(job.id));
  const ids = jobs.filter((job) => job.queue !== 'destinations').map((job) => job.id);
  const open = new Set(
    (
      await probe.rows<{ id: string }>(
        `SELECT id::text FROM events WHERE id = ANY($1::uuid[]) AND routed_at IS NULL
         UNION ALL SELECT id FROM effects WHERE id = ANY($2) AND status = 'pending'
         UNION ALL SELECT id FROM destination_deliveries WHERE id = ANY($3) AND status IN ('pending', 'sending')`,
        [ids.filter((id) => UUID.test(id)), ids.filter((id) => !UUID.test(id)), hooks],
      )
    ).map((row) => row.id),
  );
  const pending = jobs.filter((job) => open.has(job.queue === 'destinations' ? deliveryId(job.id) : job.id));
  if (pending.length === 0) return [];
  const locks = await redis.mget(pending.map((job) => lockKey(prefix, job)));
  return pending.filter((job, i) => locks[i] === null || locks[i] === job.lock);
}
