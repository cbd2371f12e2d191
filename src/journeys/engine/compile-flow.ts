import { type JourneyDefinition, flowKeyPaths } from '../definition/journey-definition.schema';
import { explain, keyText } from './explain';
import { type FlowMachine, flowSetup } from './flow-machine.setup';
import { type FlowBuild, COMPLETED, addSteps, enter, goalTransitions, log, positionOf } from './step-states';

/** A flow key the definition does not have (e.g. a run pinned to a version that lost it). */
export class UnknownFlowError extends Error {
  readonly code = 'journey_flow_unknown';

  constructor(readonly flowKey: string) {
    super(`Unknown flow "${flowKey}"`);
    this.name = 'UnknownFlowError';
  }
}

// Published versions are immutable and callers cache parsed definitions, so identity is a safe cache key.
const cache = new WeakMap<JourneyDefinition, Map<string, FlowMachine>>();

/** The XState machine of one flow: idle -> run (one state per step) -> completed | exited. */
export function compileFlow(definition: JourneyDefinition, flowKey: string): FlowMachine {
  const perDefinition = cache.get(definition) ?? new Map<string, FlowMachine>();
  cache.set(definition, perDefinition);
  const cached = perDefinition.get(flowKey);
  if (cached) return cached;
  const machine = buildFlowMachine(definition, flowKey);
  perDefinition.set(flowKey, machine);
  return machine;
}

function buildFlowMachine(definition: JourneyDefinition, flowKey: string): FlowMachine {
  const flow = Object.hasOwn(definition.flows, flowKey) ? definition.flows[flowKey] : undefined;
  if (!flow) throw new UnknownFlowError(flowKey);
  const build: FlowBuild = {
    keyPaths: flowKeyPaths(flow),
    goals: flow.exit ?? [],
    onExit: flow.onExit ?? [],
    states: {},
  };
  const first = addSteps(flow.steps, COMPLETED, build);
  return flowSetup.createMachine({
    id: 'flow',
    context: { key: null, keyLabel: null, trigger: null, seq: 0, pendingWake: null, at: null },
    initial: 'idle',
    states: {
      idle: {
        on: {
          start: {
            target: 'run',
            actions: [
              { type: 'begin' },
              log(positionOf(first), ({ context, event }) =>
                explain.started(
                  event.type === 'start' ? event.trigger.name : '?',
                  keyText(context.keyLabel, context.key),
                ),
              ),
            ],
          },
        },
      },
      run: { initial: first, on: { event: goalTransitions(build) }, states: build.states },
      completed: { type: 'final', entry: [log('completed', () => explain.completed()), enter('completed')] },
      exited: { type: 'final', entry: [{ type: 'clearWake' }, enter('exited')] },
    },
  });
}
