import type { Condition, FieldTest } from '../definition/journey-definition.schema';
import type { ContactView } from './engine.types';
import { passesFieldTest } from './field-test.util';

/** What condition paths can see: the event being matched, the run's trigger and the contact. */
export interface ConditionScope {
  properties?: Record<string, unknown>;
  trigger?: { properties: Record<string, unknown> } | null;
  contact?: ContactView | null;
}

/** Reads a dotted path through own properties only (never the prototype chain). */
export function readPath(root: unknown, path: string): unknown {
  let current = root;
  for (const segment of path.split('.')) {
    if (current === null || typeof current !== 'object' || !Object.hasOwn(current, segment)) return undefined;
    current = (current as Record<string, unknown>)[segment];
  }
  return current;
}

/** Evaluates a condition: every key of one object must hold; `all`, `any` and `not` nest. */
export function evaluateCondition(condition: Condition, scope: ConditionScope): boolean {
  const root = {
    properties: scope.properties ?? {},
    trigger: { properties: scope.trigger?.properties ?? {} },
    contact: scope.contact ?? {},
  };
  return holds(condition, root);
}

function holds(condition: Condition, root: object): boolean {
  return Object.entries(condition).every(([key, value]) => {
    if (value === undefined) return true;
    if (key === 'all') return (value as Condition[]).every((c) => holds(c, root));
    if (key === 'any') return (value as Condition[]).some((c) => holds(c, root));
    if (key === 'not') return !holds(value as Condition, root);
    return passesFieldTest(readPath(root, key), value as FieldTest);
  });
}
