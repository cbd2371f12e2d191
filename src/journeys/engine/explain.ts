import type { ActionStep, Condition, FieldTest } from '../definition/journey-definition.schema';

// Log reasons for a shop owner: each says what happened and why, in the words of the journey.

const OPERATORS: Record<Exclude<keyof FieldTest, 'exists'>, string> = {
  eq: '=',
  ne: '!=',
  gt: '>',
  gte: '>=',
  lt: '<',
  lte: '<=',
  in: 'in',
  contains: 'contains',
};

/** " (cart c-17)" for keyed runs, "" otherwise. */
export const keyText = (label: string | null, key: string | null): string =>
  key === null ? '' : ` (${label ?? 'key'} ${key})`;

const names = (events: readonly string[]): string => events.join(' or ');

export const explain = {
  started: (event: string, key: string) => `started by ${event}${key}`,
  email: (template: string, messageClass: string) => `email ${template} (${messageClass}) requested`,
  waiting: (duration: string, until: Date) => `waiting ${duration}, until ${until.toISOString()}`,
  timerFired: (duration: string) => `timer fired after ${duration}`,
  waitingFor: (events: readonly string[], timeout: string | undefined, key: string) =>
    timeout
      ? `waiting ${timeout} for ${names(events)}${key}`
      : `waiting for ${names(events)}${key}, no timeout`,
  received: (event: string, key: string) => `${event} received${key}`,
  timedOut: (events: readonly string[], timeout: string, key: string) =>
    `no ${names(events)} within ${timeout}${key}`,
  restarted: (event: string, key: string, timeout: string) => `${event}${key} restarted the ${timeout} timer`,
  goalReached: (event: string, label: string | null, key: string | null) =>
    `goal reached: ${event}${key === null ? '' : ` for ${label ?? 'key'} ${key}`}`,
  branchTaken: (index: number, when: Condition) => `branch ${index + 1} taken: ${describeCondition(when)}`,
  otherwise: () => 'no branch matched, otherwise taken',
  exitStep: (stepId: string, reason: string | undefined) =>
    `exited at ${stepId}${reason ? `: ${reason}` : ''}`,
  completed: () => 'all steps done',
  staleWake: (seq: number, pending: number | null) =>
    `stale wake-up #${seq} ignored (${pending === null ? 'no timer pending' : `waiting for #${pending}`})`,
  finished: (status: string) => `ignored: the run has ${status}`,
  skipped: (stepId: string, why: string) => `${stepId} skipped: ${why}`,
  stageEntered: (stage: string) => `entered the journey at ${stage}`,
  stageMoved: (from: string, to: string, event: string) => `${from} → ${to} on ${event}`,
  action: (step: ActionStep, onExit: boolean) => `${onExit ? 'on exit: ' : ''}${describeAction(step)}`,
  hold: (duration: string, until: Date, reason: string) =>
    `marketing sends held for ${duration}, until ${until.toISOString()}: ${reason}`,
};

function describeAction(step: ActionStep): string {
  if (step.type !== 'alert') {
    if (step.type === 'webhook.send') return `webhook to ${step.destination} requested`;
    const what = step.type === 'audience.add' ? 'add to' : 'removal from';
    return `${what} audience ${step.destination} requested`;
  }
  const targets = [
    ...(step.email || !step.destination ? [`email ${step.email ?? 'to the alerts address'}`] : []),
    ...(step.destination ? [`webhook ${step.destination}`] : []),
  ];
  return `alert requested (${targets.join(', ')})`;
}

/** A condition in words: `properties.score >= 9 and not (contact.traits.vip = true)`. */
export function describeCondition(condition: Condition): string {
  const parts = Object.entries(condition).flatMap(([key, value]): string[] => {
    if (value === undefined) return [];
    if (key === 'all') return [`(${(value as Condition[]).map(describeCondition).join(' and ')})`];
    if (key === 'any') return [`(${(value as Condition[]).map(describeCondition).join(' or ')})`];
    if (key === 'not') return [`not (${describeCondition(value as Condition)})`];
    return Object.entries(value as FieldTest).map(([op, expected]) =>
      op === 'exists'
        ? `${key} ${expected ? 'exists' : 'is missing'}`
        : `${key} ${OPERATORS[op as keyof typeof OPERATORS]} ${JSON.stringify(expected)}`,
    );
  });
  return parts.join(' and ');
}
