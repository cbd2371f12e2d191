// The one catalogue of queues, job names and their payloads. Payloads carry ids only: the row says what to do.

export const QUEUES = {
  events: 'events',
  wakeups: 'wakeups',
  sends: 'sends',
  /** Webhooks and audience uploads: slow third-party calls, kept off the email queue. */
  destinations: 'destinations',
} as const;
export type QueueName = (typeof QUEUES)[keyof typeof QUEUES];

export interface JobPayloads {
  'route-event': { eventId: string };
  wake: { effectId: string };
  'send-email': { effectId: string };
  'send-consent-confirmation': { effectId: string };
  'apply-hold': { effectId: string };
  'send-alert': { effectId: string };
  'send-webhook': { effectId: string };
  'audience-update': { effectId: string };
  'audience-flush': { destinationId: string };
  deliver: { deliveryId: string };
}
export type JobName = keyof JobPayloads;

/** Which queue carries each job name. */
export const JOB_QUEUE: { [K in JobName]: QueueName } = {
  'route-event': QUEUES.events,
  wake: QUEUES.wakeups,
  'send-email': QUEUES.sends,
  'send-consent-confirmation': QUEUES.sends,
  'apply-hold': QUEUES.sends,
  'send-alert': QUEUES.sends,
  'send-webhook': QUEUES.destinations,
  'audience-update': QUEUES.destinations,
  'audience-flush': QUEUES.destinations,
  deliver: QUEUES.destinations,
};

export const JOB_NAMES = Object.keys(JOB_QUEUE) as JobName[];

/** Effect kinds a run can ask for, and the job that carries each out (payload: the effect id). */
export const EFFECT_JOB = {
  wake: 'wake',
  email: 'send-email',
  'consent-confirm': 'send-consent-confirmation',
  hold: 'apply-hold',
  alert: 'send-alert',
  webhook: 'send-webhook',
  audience: 'audience-update',
} as const satisfies Record<string, JobName>;
export type EffectKindName = keyof typeof EFFECT_JOB;

/** The job for a stored effect; throws on a kind this build does not know (never silently dropped). */
export function effectJob(kind: string, effectId: string, delayMs = 0): JobRequest {
  if (!Object.hasOwn(EFFECT_JOB, kind)) throw new Error(`no job for effect kind ${kind}`);
  const name = EFFECT_JOB[kind as EffectKindName];
  return { name, id: effectId, data: { effectId }, delayMs } as JobRequest;
}

export interface JobRequest<K extends JobName = JobName> {
  name: K;
  /** The idempotency key: the event id or the effect id. */
  id: string;
  data: JobPayloads[K];
  /** Milliseconds from now; 0 or absent runs at once. */
  delayMs?: number;
}
