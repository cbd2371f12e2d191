import { z } from 'zod';
import { type Condition, ConditionSchema } from './condition.schema';
import { isoDurationProblem } from './iso-duration.util';

export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };
/** One event name or a list of names, any of which matches. */
export type EventNames = string | string[];

export const STEP_ID = /^[a-z0-9][a-z0-9-]*$/;
/** A destination's key (PUT /v1/destinations/{key}); checked against the workspace's destinations at publish. */
export const DESTINATION_KEY = /^[a-z0-9][a-z0-9-]{0,62}$/;

export interface EmailStep {
  id: string;
  type: 'email';
  template: string;
  /** Marketing mail needs consent and honours quiet hours; transactional does not. Default: marketing. */
  class?: 'marketing' | 'transactional';
  /** Extra variables handed to the template, e.g. `{ "discountCode": "COMEBACK10" }`. */
  data?: Record<string, JsonValue>;
}
export interface WaitStep {
  id: string;
  type: 'wait';
  duration: string;
}
export interface WaitForEventStep {
  id: string;
  type: 'waitForEvent';
  event: EventNames;
  where?: Condition;
  sameKey?: boolean;
  timeout?: string;
  restartOn?: EventNames;
  onEvent?: Step[];
  onTimeout?: Step[];
}
export interface BranchStep {
  id: string;
  type: 'branch';
  branches: { when: Condition; steps: Step[] }[];
  otherwise?: Step[];
}
export interface ExitStep {
  id: string;
  type: 'exit';
  reason?: string;
}
/** Adds the contact to (or removes it from) a retargeting audience destination. */
export interface AudienceStep {
  id: string;
  type: 'audience.add' | 'audience.remove';
  destination: string;
}
/** Posts a signed webhook to a webhook destination; `data` goes into the body next to the default envelope. */
export interface WebhookStep {
  id: string;
  type: 'webhook.send';
  destination: string;
  data?: Record<string, JsonValue>;
}
/**
 * A service alert to the business (not the customer): a transactional email (template team-alert) to `email`, a
 * webhook to `destination`, or both; with neither, the email goes to the workspace's `alerts.email` setting.
 */
export interface AlertStep {
  id: string;
  type: 'alert';
  email?: string;
  destination?: string;
  /** Liquid text, e.g. `{{ contact.email }} scored {{ event.score }}`. */
  message: string;
}
/**
 * Pauses the contact's marketing sends, from every journey, for `duration` (e.g. after a detractor's NPS answer);
 * transactional mail still goes. The send checks skip held sends with the reason and the end of the hold.
 */
export interface HoldStep {
  id: string;
  type: 'hold';
  duration: string;
  /** Why, in the skip reason: "marketing hold: <reason> until <time>". */
  reason?: string;
}
/** Steps that act at once and never wait: they may also run when a run exits (a flow's `onExit`). */
export type ActionStep = AudienceStep | WebhookStep | AlertStep;
export const ACTION_STEP_TYPES = ['audience.add', 'audience.remove', 'webhook.send', 'alert'] as const;
export type Step = EmailStep | WaitStep | WaitForEventStep | BranchStep | ExitStep | HoldStep | ActionStep;
export type StepType = Step['type'];

export const IsoDurationSchema = z.string().superRefine((iso, ctx) => {
  const problem = isoDurationProblem(iso);
  if (problem) ctx.addIssue({ code: 'custom', message: problem });
});
export const EventNameSchema = z.string().trim().min(1, 'event name must not be empty');
export const EventNamesSchema = z.union(
  [EventNameSchema, z.array(EventNameSchema).min(1, 'expected at least one event name')],
  {
    error: 'expected an event name or a non-empty list of event names',
  },
);
const id = z.string().regex(STEP_ID, 'step id must match ^[a-z0-9][a-z0-9-]*$ (lower-case, digits, dashes)');
const JsonSchema: z.ZodType<JsonValue> = z.json();
const destination = z
  .string()
  .regex(DESTINATION_KEY, 'destination key must match ^[a-z0-9][a-z0-9-]*$ (lower-case, digits, dashes)');

const actionStepSchemas = [
  z.strictObject({ id, type: z.literal('audience.add'), destination }),
  z.strictObject({ id, type: z.literal('audience.remove'), destination }),
  z.strictObject({
    id,
    type: z.literal('webhook.send'),
    destination,
    data: z.record(z.string(), JsonSchema).optional(),
  }),
  z.strictObject({
    id,
    type: z.literal('alert'),
    email: z.email('expected an email address').optional(),
    destination: destination.optional(),
    message: z.string().trim().min(1, 'message must not be empty').max(2_000),
  }),
] as const;

export const ActionStepSchema: z.ZodType<ActionStep> = z.discriminatedUnion('type', [...actionStepSchemas]);

export const StepSchema: z.ZodType<Step> = z.lazy(() =>
  z.discriminatedUnion('type', [
    z.strictObject({
      id,
      type: z.literal('email'),
      template: z.string().trim().min(1, 'template must not be empty'),
      class: z.enum(['marketing', 'transactional']).optional(),
      data: z.record(z.string(), JsonSchema).optional(),
    }),
    z.strictObject({ id, type: z.literal('wait'), duration: IsoDurationSchema }),
    z.strictObject({
      id,
      type: z.literal('waitForEvent'),
      event: EventNamesSchema,
      where: ConditionSchema.optional(),
      sameKey: z.boolean().optional(),
      timeout: IsoDurationSchema.optional(),
      restartOn: EventNamesSchema.optional(),
      onEvent: z.array(StepSchema).optional(),
      onTimeout: z.array(StepSchema).optional(),
    }),
    z.strictObject({
      id,
      type: z.literal('branch'),
      branches: z.array(z.strictObject({ when: ConditionSchema, steps: z.array(StepSchema) })).min(1),
      otherwise: z.array(StepSchema).optional(),
    }),
    z.strictObject({ id, type: z.literal('exit'), reason: z.string().min(1).optional() }),
    z.strictObject({
      id,
      type: z.literal('hold'),
      duration: IsoDurationSchema,
      reason: z.string().trim().min(1).max(200).optional(),
    }),
    ...actionStepSchemas,
  ]),
);

/** Normalises an event-name field to a list. */
export function eventNames(names: EventNames): string[] {
  return typeof names === 'string' ? [names] : names;
}
