import { initialTransition, transition } from 'xstate';
import { type JourneyDefinition, flowKeyPaths } from '../definition/journey-definition.schema';
import { compileFlow } from './compile-flow';
import { type StageEvent, compileStages } from './compile-stages';
import type {
  AdvanceInput,
  ContactView,
  EngineEffect,
  StageAdvanceInput,
  StartInput,
  StepLogEntry,
  StepResult,
} from './engine.types';
import { eventKey, keyLabel } from './event-key.util';
import { explain } from './explain';
import type { FlowContext, FlowEvent, FlowMachine } from './flow-machine.setup';
import { persistSnapshot, restoreSnapshot } from './run-snapshot';

export { evaluateCondition } from './evaluate-condition';
export { goalMatches, matchTriggers, reachedGoal } from './event-matching';

type FlowSnapshot = ReturnType<typeof initialTransition<FlowMachine>>[0];
type RecordedAction = { type: string; params?: unknown };

/** Starts a run of one flow for the trigger event; returns its first snapshot, effects and log. */
export function startRun(input: StartInput): StepResult {
  const machine = compileFlow(input.definition, input.flowKey);
  const paths = flowKeyPaths(input.definition.flows[input.flowKey]);
  const path = input.key === null ? null : (eventKey(paths, input.trigger)?.path ?? paths[0] ?? null);
  const [idle] = initialTransition(machine);
  const start: FlowEvent = {
    type: 'start',
    trigger: input.trigger,
    key: input.key,
    keyLabel: path === null ? null : keyLabel(path),
    env: { contact: input.contact, now: input.now.getTime() },
  };
  const [next, actions] = transition(machine, idle, start);
  return flowResult(machine, next, actions);
}

/** Advances a run by a customer event or a wake-up; stale wake-ups and ignored events change nothing. */
export function advanceRun(input: AdvanceInput): StepResult {
  const machine = compileFlow(input.definition, input.flowKey);
  const current = restoreSnapshot(machine, input.snapshot, checkFlowContext);
  const env = { contact: input.contact, now: input.now.getTime() };
  const { pendingWake } = current.context;
  if (input.input.kind === 'wake' && (current.status !== 'active' || input.input.seq !== pendingWake)) {
    const position = flowPosition(current);
    const reason = explain.staleWake(input.input.seq, current.status === 'active' ? pendingWake : null);
    return unchanged(machine, current, [{ from: position, to: position, reason }]);
  }
  if (current.status !== 'active') return unchanged(machine, current, []);
  const event: FlowEvent =
    input.input.kind === 'event'
      ? { type: 'event', event: input.input.event, env }
      : { type: 'wake', seq: input.input.seq, env };
  const [next, actions] = transition(machine, current, event);
  return flowResult(machine, next, actions, persistSnapshot(machine, current));
}

/** Puts a contact at the journey's first stage. */
export function startStage(definition: JourneyDefinition, _contact: ContactView, _now: Date): StepResult {
  const machine = compileStages(definition);
  const [snapshot] = initialTransition(machine);
  const stage = String(snapshot.value);
  return {
    snapshot: persistSnapshot(machine, snapshot),
    status: 'active',
    position: stage,
    effects: [],
    log: [{ from: null, to: stage, reason: explain.stageEntered(stage) }],
    pendingWakeSeq: null,
    changed: true,
  };
}

/** Moves the contact's stage by the stage rules; position is the stage name. */
export function advanceStage(input: StageAdvanceInput): StepResult {
  const machine = compileStages(input.definition);
  const current = restoreSnapshot(machine, input.snapshot, () => null);
  const before = persistSnapshot(machine, current);
  let log: StepLogEntry[] = [];
  let snapshot = current;
  if (input.input.kind === 'event') {
    const env = { contact: input.contact, now: input.now.getTime() };
    const event: StageEvent = { type: 'event', event: input.input.event, env };
    const [next, actions] = transition(machine, current, event);
    snapshot = next;
    log = (actions as RecordedAction[]).filter((a) => a.type === 'log').map((a) => a.params as StepLogEntry);
  }
  const after = persistSnapshot(machine, snapshot);
  return {
    snapshot: after,
    status: 'active',
    position: String(snapshot.value),
    effects: [],
    log,
    pendingWakeSeq: null,
    changed: JSON.stringify(after) !== JSON.stringify(before),
  };
}

/** `before` is the persisted snapshot the step started from; absent for a new run. */
function flowResult(
  machine: FlowMachine,
  next: FlowSnapshot,
  actions: RecordedAction[],
  before?: unknown,
): StepResult {
  const effects: EngineEffect[] = [];
  const log: StepLogEntry[] = [];
  for (const action of actions) {
    if (action.type === 'log') log.push(action.params as StepLogEntry);
    if (['emitEmail', 'emitWake', 'emitEffect', 'emitHold'].includes(action.type))
      effects.push(action.params as EngineEffect);
  }
  const snapshot = persistSnapshot(machine, next);
  const changed =
    before === undefined || log.length > 0 || JSON.stringify(snapshot) !== JSON.stringify(before);
  return { ...summarise(next), snapshot, effects, log, changed };
}

function unchanged(machine: FlowMachine, current: FlowSnapshot, log: StepLogEntry[]): StepResult {
  return {
    ...summarise(current),
    snapshot: persistSnapshot(machine, current),
    effects: [],
    log,
    changed: false,
  };
}

function summarise(snapshot: FlowSnapshot): Pick<StepResult, 'status' | 'position' | 'pendingWakeSeq'> {
  const position = flowPosition(snapshot);
  const status = position === 'completed' || position === 'exited' ? position : 'active';
  return { status, position, pendingWakeSeq: snapshot.context.pendingWake };
}

function flowPosition(snapshot: FlowSnapshot): string {
  const { value } = snapshot;
  return typeof value === 'string' ? value : String(Object.values(value)[0]);
}

function checkFlowContext(context: Record<string, unknown>): string | null {
  const { seq, pendingWake, key } = context as Partial<Record<keyof FlowContext, unknown>>;
  if (typeof seq !== 'number') return 'snapshot context has no seq';
  if (pendingWake !== null && typeof pendingWake !== 'number')
    return 'snapshot context has a bad pendingWake';
  if (key !== null && typeof key !== 'string') return 'snapshot context has a bad key';
  return null;
}
