import {
  type Condition,
  type EventNames,
  type FlowDefinition,
  type Goal,
  type Reentry,
  eventNames,
  flowKeyPaths,
  reentryOf,
} from '../../journeys/definition/journey-definition.schema';
import { keyLabel } from '../../journeys/engine/event-key.util';
import { describeCondition } from '../../journeys/engine/explain';

// Labels on the diagram, in the words the run log uses (explain.ts), shortened where a box is small.

export const eventWords = (names: EventNames): string => eventNames(names).join(' or ');

/** describeCondition without the `properties.` prefix of the event being matched: "score >= 9". */
export const conditionWords = (condition: Condition): string =>
  describeCondition(condition).replace(/(^|[\s(])properties\./g, '$1');

/** "cart" for a flow keyed by properties.cart_id; null for an unkeyed flow. */
export function flowKeyLabel(flow: FlowDefinition): string | null {
  const [first] = flowKeyPaths(flow);
  return first === undefined ? null : keyLabel(first);
}

/** "Order Completed (same cart) if total > 10". */
export function awaitedWords(
  names: EventNames,
  where: Condition | undefined,
  sameKey: boolean | undefined,
  key: string | null,
): string {
  const same = sameKey && key !== null ? ` (same ${key})` : '';
  return `${eventWords(names)}${same}${where ? ` if ${conditionWords(where)}` : ''}`;
}

export const goalWords = (goal: Goal, key: string | null): string =>
  awaitedWords(goal.event, goal.where, goal.sameKey, key);

/** The entry rule: "per cart, at most once per P7D". */
export function entryWords(flow: FlowDefinition): string {
  const key = flowKeyLabel(flow);
  const reentry: Reentry = reentryOf(flow);
  const per = key === null ? 'per customer' : `per ${key}`;
  if (reentry === 'everyTime') return `${per}, every time`;
  if (reentry === 'once') return 'once per customer';
  if (reentry === 'oncePerKey') return `once ${per}`;
  return `${per}, at most once per ${reentry.cooldown}`;
}
