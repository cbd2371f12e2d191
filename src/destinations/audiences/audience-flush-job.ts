import type { JobRequest } from '../../scheduling/queue-catalogue';

/**
 * The one flush job of a destination for the window `now` falls in, due at the window's end: every change buffered
 * in the window shares its job id, so it is enqueued once however many changes come.
 */
export function flushJob(
  destinationId: string,
  now: Date,
  windowMs: number,
  delayMs?: number,
): JobRequest<'audience-flush'> {
  const window = Math.floor(now.getTime() / windowMs);
  return {
    name: 'audience-flush',
    id: `flush.${destinationId}.${window}`,
    data: { destinationId },
    delayMs: delayMs ?? (window + 1) * windowMs - now.getTime(),
  };
}
