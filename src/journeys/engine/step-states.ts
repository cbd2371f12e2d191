import {
  type ActionStep,
  type BranchStep,
  type EmailStep,
  type Goal,
  type HoldStep,
  type Step,
  type WaitForEventStep,
  type WaitStep,
  eventNames,
} from '../definition/journey-definition.schema';
import { isoDurationToMs } from '../definition/iso-duration.util';
import { actionStepActions } from './action-steps';
import { explain, keyText } from './explain';
import type { FlowContext, FlowEvent, FlowStateConfig } from './flow-machine.setup';

export const COMPLETED = '#flow.completed';
export const EXITED = '#flow.exited';

/** What every step state needs from its flow; `states` collects the flattened step states. */
export interface FlowBuild {
  keyPaths: readonly string[];
  goals: Goal[];
  /** Action steps run on every way to `exited`. */
  onExit: ActionStep[];
  states: Record<string, FlowStateConfig>;
}

type Args = { context: FlowContext; event: FlowEvent };

/** The position a target names in logs: a step id, `completed` or `exited`. */
export const positionOf = (target: string): string => target.replace(/^#flow\./, '');

export const log = (to: string, reason: (args: Args) => string) => ({
  type: 'log' as const,
  params: (args: Args) => ({ from: args.context.at, to, reason: reason(args) }),
});
export const enter = (position: string) => ({ type: 'enter' as const, params: { position } });
/** The flow's onExit actions, appended to every transition into `exited`. */
const onExitActions = (build: FlowBuild) => build.onExit.flatMap((step) => actionStepActions(step, 'exited'));
const keyOf = ({ context }: Args) => keyText(context.keyLabel, context.key);
const armWake = (stepId: string, delayMs: number) => [
  { type: 'nextSeq' as const },
  { type: 'armWake' as const },
  {
    type: 'emitWake' as const,
    params: ({ context }: Args) => ({ kind: 'wake' as const, seq: context.seq, stepId, delayMs }),
  },
];

/** Adds the states of a step list whose end continues at `after`; returns the target that starts the list. */
export function addSteps(steps: Step[], after: string, build: FlowBuild): string {
  steps.forEach((step, i) => {
    build.states[step.id] = stepState(step, steps[i + 1]?.id ?? after, build);
  });
  return steps[0]?.id ?? after;
}

/** Transitions to `exited` for every goal of the flow, checked before a step's own handlers. */
export function goalTransitions(build: FlowBuild) {
  return build.goals.map((goal) => ({
    guard: { type: 'goal' as const, params: { goal, keyPaths: build.keyPaths } },
    target: EXITED,
    actions: [
      { type: 'clearWake' as const },
      log('exited', ({ context, event }) =>
        explain.goalReached(
          event.type === 'event' ? event.event.name : '?',
          context.keyLabel,
          goal.sameKey ? context.key : null,
        ),
      ),
      ...onExitActions(build),
    ],
  }));
}

function stepState(step: Step, next: string, build: FlowBuild): FlowStateConfig {
  switch (step.type) {
    case 'email':
      return emailState(step, next);
    case 'wait':
      return waitState(step, next);
    case 'waitForEvent':
      return waitForEventState(step, next, build);
    case 'branch':
      return branchState(step, next, build);
    case 'exit':
      return {
        entry: [enter(step.id)],
        always: {
          target: EXITED,
          actions: [log('exited', () => explain.exitStep(step.id, step.reason)), ...onExitActions(build)],
        },
      };
    case 'hold':
      return holdState(step, next);
    case 'audience.add':
    case 'audience.remove':
    case 'webhook.send':
    case 'alert':
      return { entry: [...actionStepActions(step, step.id), enter(step.id)], always: { target: next } };
    default: {
      // Exhaustive: a step type added to the schema fails to compile here until it has a state.
      const unsupported: never = step;
      throw new Error(`Unsupported step type: ${(unsupported as { type: unknown }).type}`);
    }
  }
}

function emailState(step: EmailStep, next: string): FlowStateConfig {
  const messageClass = step.class ?? 'marketing';
  const effect = ({ context }: Args) => ({
    kind: 'email' as const,
    seq: context.seq,
    stepId: step.id,
    template: step.template,
    messageClass,
    ...(step.data ? { data: structuredClone(step.data) } : {}),
  });
  return {
    entry: [
      { type: 'nextSeq' },
      { type: 'emitEmail', params: effect },
      log(step.id, () => explain.email(step.template, messageClass)),
      enter(step.id),
    ],
    always: { target: next },
  };
}

export const DEFAULT_HOLD_REASON = 'paused by the journey';

/** The hold runs from the effect's creation: the send checks read the effect, so it holds once this step commits. */
function holdState(step: HoldStep, next: string): FlowStateConfig {
  const durationMs = isoDurationToMs(step.duration);
  const reason = step.reason ?? DEFAULT_HOLD_REASON;
  const effect = ({ context }: Args) => ({
    kind: 'hold' as const,
    seq: context.seq,
    stepId: step.id,
    duration: step.duration,
    durationMs,
    reason,
  });
  return {
    entry: [
      { type: 'nextSeq' },
      { type: 'emitHold', params: effect },
      log(step.id, ({ event }) => explain.hold(step.duration, new Date(event.env.now + durationMs), reason)),
      enter(step.id),
    ],
    always: { target: next },
  };
}

function waitState(step: WaitStep, next: string): FlowStateConfig {
  const delayMs = isoDurationToMs(step.duration);
  return {
    entry: [
      ...armWake(step.id, delayMs),
      log(step.id, ({ event }) => explain.waiting(step.duration, new Date(event.env.now + delayMs))),
      enter(step.id),
    ],
    on: {
      wake: {
        guard: 'pendingWake',
        target: next,
        actions: [{ type: 'clearWake' }, log(positionOf(next), () => explain.timerFired(step.duration))],
      },
    },
  };
}

function waitForEventState(step: WaitForEventStep, next: string, build: FlowBuild): FlowStateConfig {
  const names = eventNames(step.event);
  const { timeout } = step;
  const onEvent = addSteps(step.onEvent ?? [], next, build);
  const onTimeout = addSteps(step.onTimeout ?? [], next, build);
  const awaited = { names, where: step.where, sameKey: step.sameKey === true, keyPaths: build.keyPaths };
  const restart = step.restartOn &&
    timeout && {
      guard: {
        type: 'restart' as const,
        params: { names: eventNames(step.restartOn), keyPaths: build.keyPaths },
      },
      target: step.id,
      reenter: true,
      actions: [log(step.id, (args) => explain.restarted(eventName(args), keyOf(args), timeout))],
    };
  return {
    entry: [
      ...(timeout ? armWake(step.id, isoDurationToMs(timeout)) : []),
      log(step.id, (args) => explain.waitingFor(names, timeout, keyOf(args))),
      enter(step.id),
    ],
    on: {
      // Goals first: an exit goal ends the run even when this step awaits the same event.
      event: [
        ...goalTransitions(build),
        {
          guard: { type: 'awaited', params: awaited },
          target: onEvent,
          actions: [
            { type: 'clearWake' },
            log(positionOf(onEvent), (args) => explain.received(eventName(args), keyOf(args))),
          ],
        },
        ...(restart ? [restart] : []),
      ],
      ...(timeout && {
        wake: {
          guard: 'pendingWake',
          target: onTimeout,
          actions: [
            { type: 'clearWake' },
            log(positionOf(onTimeout), (args) => explain.timedOut(names, timeout, keyOf(args))),
          ],
        },
      }),
    },
  };
}

function branchState(step: BranchStep, next: string, build: FlowBuild): FlowStateConfig {
  const taken = step.branches.map((branch, i) => {
    const target = addSteps(branch.steps, next, build);
    return {
      guard: { type: 'when' as const, params: { when: branch.when } },
      target,
      actions: [log(positionOf(target), () => explain.branchTaken(i, branch.when))],
    };
  });
  const otherwise = addSteps(step.otherwise ?? [], next, build);
  return {
    entry: [enter(step.id)],
    always: [
      ...taken,
      { target: otherwise, actions: [log(positionOf(otherwise), () => explain.otherwise())] },
    ],
  };
}

const eventName = ({ event }: Args) => (event.type === 'event' ? event.event.name : event.type);
