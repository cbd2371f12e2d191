import { z } from 'zod';
import { SendWindowSchema, type SendWindow } from '../../channels/policy/send-window.schema';
import { type Condition, ConditionSchema } from './condition.schema';
import {
  type ActionStep,
  ActionStepSchema,
  type EventNames,
  EventNamesSchema,
  IsoDurationSchema,
  type Step,
  StepSchema,
  STEP_ID,
} from './step.schema';

export * from './condition.schema';
export * from './step.schema';

/** once: once ever per contact; oncePerKey: once per cart/order; everyTime; or not within a cooldown. */
export type Reentry = 'once' | 'oncePerKey' | 'everyTime' | { cooldown: string };

export interface Trigger {
  event: EventNames;
  where?: Condition;
}
export interface Entry {
  /** Property path (or fallback paths, first non-empty wins) of the run key; absent = one run per contact. */
  key?: string | string[];
  /** Default: DEFAULT_REENTRY. */
  reentry?: Reentry;
}

/** oncePerKey: a keyed flow runs once per cart or order; an unkeyed flow (key null) runs once per contact. */
export const DEFAULT_REENTRY: Reentry = 'oncePerKey';

/** The flow's re-entry rule with the default applied. */
export const reentryOf = (flow: FlowDefinition): Reentry => flow.entry?.reentry ?? DEFAULT_REENTRY;
/** An exit goal: when a matching event arrives the run ends, whatever step it is at. */
export interface Goal {
  event: EventNames;
  where?: Condition;
  /** Only events carrying the run's key (same cart, same order) count. Keyed flows only. */
  sameKey?: boolean;
}
export interface FlowDefinition {
  name: string;
  description?: string;
  /** The stage whose column shows this flow on the journey map. */
  stage?: string;
  trigger: Trigger;
  entry?: Entry;
  exit?: Goal[];
  steps: Step[];
  /** Action steps run when the run exits (a goal reached or an exit step), e.g. leaving a retargeting audience. */
  onExit?: ActionStep[];
}
export interface StageRule {
  event: EventNames;
  where?: Condition;
  /** Stages the rule applies from; absent = any earlier stage (rules without `from` only move forward). */
  from?: string | string[];
  to: string;
}
export interface JourneySettings {
  /** 0-100; a higher priority wins when frequency caps force a choice between journeys. */
  priority?: number;
  /** Quiet hours for this journey's sends; replaces the workspace's `sendWindow` as a whole. */
  sendWindow?: SendWindow;
  /** A share of entrants who get no messages, to measure the journey's lift; off by default. */
  holdout?: { percent: number };
  /** On the journey map, a customer counts as an exit of a stage after this long in it (ISO 8601); P30D by default. */
  stalledAfter?: string;
}
export interface JourneyDefinition {
  key: string;
  name: string;
  description?: string;
  stages: string[];
  stageRules?: StageRule[];
  settings?: JourneySettings;
  flows: Record<string, FlowDefinition>;
}

export const KEY_PATH = /^properties(\.[^.\s]+)+$/;
const keyPath = z.string().regex(KEY_PATH, 'key path must look like properties.cart_id');
const slug = z.string().regex(STEP_ID, 'must match ^[a-z0-9][a-z0-9-]*$ (lower-case, digits, dashes)');
// Stage names become state keys, where a dot would read as a path.
const stageName = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9 _-]*$/, 'stage names use letters, digits, spaces, "_" and "-"');

const ReentrySchema: z.ZodType<Reentry> = z.union(
  [z.enum(['once', 'oncePerKey', 'everyTime']), z.strictObject({ cooldown: IsoDurationSchema })],
  { error: 'expected "once", "oncePerKey", "everyTime" or { "cooldown": "<ISO duration>" }' },
);

export const GoalSchema: z.ZodType<Goal> = z.strictObject({
  event: EventNamesSchema,
  where: ConditionSchema.optional(),
  sameKey: z.boolean().optional(),
});

export const FlowDefinitionSchema: z.ZodType<FlowDefinition> = z.strictObject({
  name: z.string().trim().min(1, 'name must not be empty'),
  description: z.string().optional(),
  stage: z.string().optional(),
  trigger: z.strictObject({ event: EventNamesSchema, where: ConditionSchema.optional() }),
  entry: z
    .strictObject({
      key: z.union([keyPath, z.array(keyPath).min(1)], {
        error: 'expected a key path or a list of key paths',
      }),
      reentry: ReentrySchema,
    })
    .partial()
    .optional(),
  exit: z.array(GoalSchema).optional(),
  steps: z.array(StepSchema).min(1, 'a flow needs at least one step'),
  onExit: z.array(ActionStepSchema).optional(),
});

export const JourneyDefinitionSchema: z.ZodType<JourneyDefinition> = z.strictObject({
  key: slug,
  name: z.string().trim().min(1, 'name must not be empty'),
  description: z.string().optional(),
  stages: z.array(stageName).min(1, 'a journey needs at least one stage'),
  stageRules: z
    .array(
      z.strictObject({
        event: EventNamesSchema,
        where: ConditionSchema.optional(),
        from: z
          .union([stageName, z.array(stageName).min(1)], { error: 'expected a stage or a list of stages' })
          .optional(),
        to: stageName,
      }),
    )
    .optional(),
  settings: z
    .strictObject({
      priority: z.number().int().min(0).max(100).optional(),
      sendWindow: SendWindowSchema.optional(),
      holdout: z
        .strictObject({ percent: z.number().min(0).max(50, 'a holdout above 50 % is not offered') })
        .optional(),
      stalledAfter: IsoDurationSchema.optional(),
    })
    .optional(),
  flows: z.record(slug, FlowDefinitionSchema),
});

/** Normalises `entry.key` to its list of fallback paths ([] for an unkeyed flow). */
export function flowKeyPaths(flow: FlowDefinition): string[] {
  const key = flow.entry?.key;
  if (key === undefined) return [];
  return typeof key === 'string' ? [key] : key;
}
