import type {
  ActionStep,
  BranchStep,
  FlowDefinition,
  Step,
  WaitForEventStep,
} from '../../journeys/definition/journey-definition.schema';
import { stepLabel } from '../touchpoints';
import {
  awaitedWords,
  conditionWords,
  entryWords,
  eventWords,
  flowKeyLabel,
  goalWords,
} from './diagram-words';
import type { DiagramEdge, DiagramEdgeKind, DiagramNode, DiagramNodeKind, FlowGraph } from './journey-graph';

export const TRIGGER_NODE = '#trigger';
export const COMPLETED_NODE = '#completed';
export const GOAL_NODE = '#goal';

/** What the walk collects; mirrors FlowBuild in the engine's step-states.ts. */
interface Walk {
  key: string | null;
  nodes: DiagramNode[];
  edges: DiagramEdge[];
  /** Steps a run can rest at (waits): the only places an exit goal is checked. */
  resting: string[];
  /** Exit steps: each runs the flow's onExit actions. */
  exits: string[];
}

const KIND: Record<Step['type'], DiagramNodeKind> = {
  email: 'email',
  wait: 'wait',
  waitForEvent: 'waitForEvent',
  branch: 'branch',
  exit: 'exit',
  hold: 'hold',
  'audience.add': 'action',
  'audience.remove': 'action',
  'webhook.send': 'action',
  alert: 'action',
};

/**
 * The statechart of one flow as compile-flow.ts builds it: steps chain in order, a list's end continues after its
 * parent step, the flow completes after its last step, and an exit goal ends the run wherever it rests.
 */
export function flowGraph(key: string, flow: FlowDefinition): FlowGraph {
  const walk: Walk = { key: flowKeyLabel(flow), nodes: [], edges: [], resting: [], exits: [] };
  const trigger = awaitedWords(flow.trigger.event, flow.trigger.where, false, null);
  walk.nodes.push({ id: TRIGGER_NODE, kind: 'trigger', label: trigger, detail: entryWords(flow) });
  edge(walk, TRIGGER_NODE, startOf(flow.steps, COMPLETED_NODE), 'next');
  addSteps(flow.steps, COMPLETED_NODE, walk);
  const goals = flow.exit ?? [];
  if (goals.length > 0) {
    const words = goals.map((goal) => goalWords(goal, walk.key)).join('; or ');
    walk.nodes.push({ id: GOAL_NODE, kind: 'goal-exit', label: 'goal reached: exit', detail: words });
    for (const at of walk.resting) edge(walk, at, GOAL_NODE, 'goal', `goal: ${words}`);
  }
  addOnExit(flow.onExit ?? [], goals.length > 0 ? [GOAL_NODE, ...walk.exits] : walk.exits, walk);
  if (walk.edges.some((e) => e.to === COMPLETED_NODE)) {
    walk.nodes.push({
      id: COMPLETED_NODE,
      kind: 'end-completed',
      label: 'completed',
      detail: 'all steps done',
    });
  }
  return {
    key,
    name: flow.name,
    stage: flow.stage ?? null,
    trigger,
    nodes: walk.nodes,
    edges: walk.edges,
  };
}

function edge(walk: Walk, from: string, to: string, kind: DiagramEdgeKind, label?: string): void {
  walk.edges.push({ id: `e${walk.edges.length + 1}`, from, to, kind, ...(label ? { label } : {}) });
}

/** The node a step list starts at; an empty list goes straight on to `after`. */
const startOf = (steps: Step[] | undefined, after: string): string => steps?.[0]?.id ?? after;

/** Adds a step list whose end continues at `after` (addSteps in the engine); edges come before nested steps. */
function addSteps(steps: Step[], after: string, walk: Walk): void {
  steps.forEach((step, i) => addStep(step, steps[i + 1]?.id ?? after, walk));
}

function addStep(step: Step, next: string, walk: Walk): void {
  walk.nodes.push({
    id: step.id,
    kind: KIND[step.type],
    stepType: step.type,
    label: stepLabel(step),
    detail: step.id,
  });
  switch (step.type) {
    case 'wait':
      walk.resting.push(step.id);
      return edge(walk, step.id, next, 'next', `after ${step.duration}`);
    case 'waitForEvent':
      return addWaitForEvent(step, next, walk);
    case 'branch':
      return addBranch(step, next, walk);
    case 'exit':
      walk.exits.push(step.id);
      return;
    case 'email':
    case 'hold':
    case 'audience.add':
    case 'audience.remove':
    case 'webhook.send':
    case 'alert':
      return edge(walk, step.id, next, 'next');
    default: {
      const unsupported: never = step;
      throw new Error(`Unsupported step type: ${(unsupported as { type: unknown }).type}`);
    }
  }
}

function addWaitForEvent(step: WaitForEventStep, next: string, walk: Walk): void {
  walk.resting.push(step.id);
  const awaited = awaitedWords(step.event, step.where, step.sameKey, walk.key);
  edge(walk, step.id, startOf(step.onEvent, next), 'event', awaited);
  // Without a timeout the run waits for the event as long as it takes; restartOn needs a timer to restart.
  if (step.timeout !== undefined) {
    const missed = `no ${eventWords(step.event)} within ${step.timeout}`;
    edge(walk, step.id, startOf(step.onTimeout, next), 'timeout', missed);
    if (step.restartOn !== undefined) {
      const restart = `${eventWords(step.restartOn)}: restart the ${step.timeout} timer`;
      edge(walk, step.id, step.id, 'restart', restart);
    }
  }
  addSteps(step.onEvent ?? [], next, walk);
  addSteps(step.onTimeout ?? [], next, walk);
}

/** Branches are tried in order; the first whose condition holds wins, else `otherwise` (the next step if empty). */
function addBranch(step: BranchStep, next: string, walk: Walk): void {
  for (const branch of step.branches) {
    edge(walk, step.id, startOf(branch.steps, next), 'branch', conditionWords(branch.when));
  }
  edge(walk, step.id, startOf(step.otherwise, next), 'otherwise', 'otherwise');
  for (const branch of step.branches) addSteps(branch.steps, next, walk);
  addSteps(step.otherwise ?? [], next, walk);
}

/** onExit actions run, in order, on every way out through `exited`: a goal reached or an exit step. */
function addOnExit(actions: ActionStep[], from: string[], walk: Walk): void {
  if (actions.length === 0) return;
  actions.forEach((step, i) => {
    walk.nodes.push({
      id: step.id,
      kind: 'action',
      stepType: step.type,
      label: `on exit: ${stepLabel(step)}`,
      detail: step.id,
    });
    if (i > 0) edge(walk, actions[i - 1].id, step.id, 'next');
  });
  for (const at of from) edge(walk, at, actions[0].id, 'on-exit', 'on exit');
}
