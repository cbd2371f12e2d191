import type { JourneyDefinition, StepType } from '../../journeys/definition/journey-definition.schema';
import { flowGraph } from './flow-graph';
import { stageGraph } from './stage-graph';

/** What a box on the diagram stands for; each kind has its own colour and caption. */
export const NODE_KINDS = [
  'trigger',
  'email',
  'wait',
  'waitForEvent',
  'branch',
  'exit',
  'hold',
  'action',
  'end-completed',
  'goal-exit',
  'stage',
] as const;
export type DiagramNodeKind = (typeof NODE_KINDS)[number];

/** next: the following step; event/timeout: a wait's two outcomes; restart: restartOn re-arms the timer. */
export type DiagramEdgeKind =
  'next' | 'event' | 'timeout' | 'restart' | 'branch' | 'otherwise' | 'goal' | 'on-exit' | 'stage-rule';

export interface DiagramNode {
  /** The step id for steps; `#trigger`, `#completed`, `#goal` (never valid step ids) or the stage name otherwise. */
  id: string;
  kind: DiagramNodeKind;
  /** The step's type (e.g. `audience.add`) for step nodes. */
  stepType?: StepType;
  /** The main text, e.g. "email cart-reminder-1". */
  label: string;
  /** A smaller second line, e.g. the step id or the re-entry rule. */
  detail?: string;
}

export interface DiagramEdge {
  id: string;
  from: string;
  to: string;
  kind: DiagramEdgeKind;
  /** e.g. "Order Completed (same cart)", "no Order Completed within PT4H", "score >= 9", "otherwise". */
  label?: string;
}

export interface Graph {
  nodes: DiagramNode[];
  edges: DiagramEdge[];
}

export interface FlowGraph extends Graph {
  key: string;
  name: string;
  /** The flow's stage on the map; null when it has none. */
  stage: string | null;
  /** The trigger in words, e.g. "Product Added or Checkout Started". */
  trigger: string;
}

export interface JourneyGraph {
  stages: Graph;
  flows: FlowGraph[];
}

/** The journey as graphs: its stage flow and, per flow, the statechart the engine compiles from it. */
export function journeyGraph(definition: JourneyDefinition): JourneyGraph {
  return {
    stages: stageGraph(definition),
    flows: Object.entries(definition.flows).map(([key, flow]) => flowGraph(key, flow)),
  };
}
