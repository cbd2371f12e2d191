// The one catalogue of queues, job names and their payloads. Payloads carry ids only: the row says what to do.

export const QUEUES = {
  events: 'events',
  wakeups: 'wakeups',
  sends: 'sends',
} as const;
export type QueueName = (typeof QUEUES)[keyof typeof QUEUES];

export interface JobPayloads {
  'route-event': { eventId: string };
  wake: { effectId: string };
  'send-email': { effectId: string };
}
export type JobName = keyof JobPayloads;

/** Which queue carries each job name. */
export const JOB_QUEUE: { [K in JobName]: QueueName } = {
  'route-event': QUEUES.events,
  wake: QUEUES.wakeups,
  'send-email': QUEUES.sends,
};

export const JOB_NAMES = Object.keys(JOB_QUEUE) as JobName[];

export interface JobRequest<K extends JobName = JobName> {
  name: K;
  /** The idempotency key: the event id or the effect id. */
  id: string;
  data: JobPayloads[K];
  /** Milliseconds from now; 0 or absent runs at once. */
  delayMs?: number;
}
