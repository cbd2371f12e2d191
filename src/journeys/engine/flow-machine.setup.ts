import { assign, setup } from 'xstate';
import type { Condition, Goal } from '../definition/journey-definition.schema';
import type {
  ActionEffect,
  ContactView,
  EmailEffect,
  HoldEffect,
  JourneyEvent,
  StepLogEntry,
  WakeEffect,
} from './engine.types';
import { evaluateCondition } from './evaluate-condition';
import { carriesKey } from './event-key.util';
import { goalMatches } from './event-matching';

/** Per-step inputs that are not persisted: the contact as it is now and the step's clock. */
export interface StepEnv {
  contact: ContactView;
  now: number;
}

export interface FlowContext {
  key: string | null;
  /** Words for the key in logs ("cart"), from the key path that produced it. */
  keyLabel: string | null;
  trigger: { id: string; name: string; properties: Record<string, unknown> } | null;
  /** Last seq handed out; wake and send effects get ids `${runId}:${seq}`. */
  seq: number;
  pendingWake: number | null;
  /** Current position, for the `from` of the next log entry. */
  at: string | null;
}

export type FlowEvent =
  | { type: 'start'; trigger: JourneyEvent; key: string | null; keyLabel: string | null; env: StepEnv }
  | { type: 'event'; event: JourneyEvent; env: StepEnv }
  | { type: 'wake'; seq: number; env: StepEnv };

export interface AwaitParams {
  names: string[];
  where?: Condition;
  sameKey: boolean;
  keyPaths: readonly string[];
}

const scopeOf = (context: FlowContext, event: FlowEvent) => ({
  properties: event.type === 'event' ? event.event.properties : (context.trigger?.properties ?? {}),
  trigger: context.trigger,
  contact: event.env.contact,
});

/** Named actions and guards of every flow machine; effects and logs are recorded actions, never executed. */
export const flowSetup = setup({
  types: {} as { context: FlowContext; events: FlowEvent },
  actions: {
    begin: assign(({ event }) =>
      event.type === 'start'
        ? {
            key: event.key,
            keyLabel: event.keyLabel,
            trigger: { id: event.trigger.id, name: event.trigger.name, properties: event.trigger.properties },
          }
        : {},
    ),
    enter: assign((_, params: { position: string }) => ({ at: params.position })),
    nextSeq: assign(({ context }) => ({ seq: context.seq + 1 })),
    armWake: assign(({ context }) => ({ pendingWake: context.seq })),
    clearWake: assign({ pendingWake: null }),
    // The five below are returned by transition() as data and turned into StepResult entries.
    log: (_, _entry: StepLogEntry) => {},
    emitEmail: (_, _effect: EmailEffect) => {},
    emitWake: (_, _effect: WakeEffect) => {},
    emitEffect: (_, _effect: ActionEffect) => {},
    emitHold: (_, _effect: HoldEffect) => {},
  },
  guards: {
    goal: ({ context, event }, params: { goal: Goal; keyPaths: readonly string[] }) =>
      event.type === 'event' &&
      goalMatches(params.goal, event.event, context.key, {
        keyPaths: params.keyPaths,
        contact: event.env.contact,
        trigger: context.trigger,
      }),
    awaited: ({ context, event }, params: AwaitParams) =>
      event.type === 'event' &&
      params.names.includes(event.event.name) &&
      (!params.sameKey || carriesKey(params.keyPaths, event.event, context.key)) &&
      (!params.where || evaluateCondition(params.where, scopeOf(context, event))),
    restart: ({ context, event }, params: { names: string[]; keyPaths: readonly string[] }) =>
      event.type === 'event' &&
      params.names.includes(event.event.name) &&
      (params.keyPaths.length === 0 || carriesKey(params.keyPaths, event.event, context.key)),
    pendingWake: ({ context, event }) => event.type === 'wake' && event.seq === context.pendingWake,
    when: ({ context, event }, params: { when: Condition }) =>
      evaluateCondition(params.when, scopeOf(context, event)),
  },
});

export type FlowMachineConfig = Parameters<typeof flowSetup.createMachine>[0];
export type FlowStateConfig = NonNullable<FlowMachineConfig['states']>[string];
export type FlowMachine = ReturnType<typeof flowSetup.createMachine>;
