import {
  type FlowDefinition,
  type Goal,
  type JourneyDefinition,
  eventNames,
  flowKeyPaths,
} from '../definition/journey-definition.schema';
import type { ContactView, JourneyEvent, TriggerMatch } from './engine.types';
import { evaluateCondition } from './evaluate-condition';
import { carriesKey, eventKey } from './event-key.util';

/** What a goal needs besides the event: the flow's key paths for sameKey, and the scope of its `where`. */
export interface GoalContext {
  keyPaths: readonly string[];
  contact?: ContactView | null;
  trigger?: { properties: Record<string, unknown> } | null;
}

/** Flows whose trigger matches the event, with the entry key; keyed flows need the event to carry a key. */
export function matchTriggers(
  definition: JourneyDefinition,
  event: JourneyEvent,
  contact: ContactView,
): TriggerMatch[] {
  return Object.entries(definition.flows).flatMap(([flowKey, flow]): TriggerMatch[] => {
    if (!triggerMatches(flow, event, contact)) return [];
    const paths = flowKeyPaths(flow);
    if (paths.length === 0) return [{ flowKey, key: null }];
    const key = eventKey(paths, event);
    return key ? [{ flowKey, key: key.value }] : [];
  });
}

function triggerMatches(flow: FlowDefinition, event: JourneyEvent, contact: ContactView): boolean {
  if (!eventNames(flow.trigger.event).includes(event.name)) return false;
  const where = flow.trigger.where;
  return !where || evaluateCondition(where, { properties: event.properties, trigger: event, contact });
}

/** Whether an event reaches an exit goal of a run with key `runKey`. */
export function goalMatches(
  goal: Goal,
  event: JourneyEvent,
  runKey: string | null,
  context: GoalContext,
): boolean {
  if (!eventNames(goal.event).includes(event.name)) return false;
  if (goal.sameKey && !carriesKey(context.keyPaths, event, runKey)) return false;
  const scope = { properties: event.properties, trigger: context.trigger, contact: context.contact };
  return !goal.where || evaluateCondition(goal.where, scope);
}

/** The first exit goal of a flow that the event reaches, for re-checking goals before a send. */
export function reachedGoal(
  definition: JourneyDefinition,
  flowKey: string,
  event: JourneyEvent,
  run: {
    key: string | null;
    contact?: ContactView | null;
    trigger?: { properties: Record<string, unknown> } | null;
  },
): Goal | null {
  const flow = definition.flows[flowKey];
  if (!flow) return null;
  const context = { keyPaths: flowKeyPaths(flow), contact: run.contact, trigger: run.trigger };
  return flow.exit?.find((goal) => goalMatches(goal, event, run.key, context)) ?? null;
}
