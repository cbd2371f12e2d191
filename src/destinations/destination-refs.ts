import type { JourneyDefinition, Step } from '../journeys/definition/journey-definition.schema';
import { JourneyValidationError } from '../journeys/definition/journey-validation.error';
import { toJsonPath } from '../journeys/definition/json-path.util';
import { rows, type Queryable } from '../database/sql';
import { isAudienceType } from './destination-config.schema';

/** A step naming a destination, the kind it needs, and the JSON path of the name. */
export interface DestinationRef {
  key: string;
  needs: 'audience' | 'webhook';
  path: string;
}

/** Every destination a journey's steps (and onExit lists) name. */
export function destinationRefs(definition: JourneyDefinition): DestinationRef[] {
  const refs: DestinationRef[] = [];
  const visit = (steps: Step[], path: PropertyKey[]) =>
    steps.forEach((step, i) => {
      const at = [...path, i];
      const ref = (key: string, needs: DestinationRef['needs']) =>
        refs.push({ key, needs, path: toJsonPath([...at, 'destination']) });
      switch (step.type) {
        case 'audience.add':
        case 'audience.remove':
          return ref(step.destination, 'audience');
        case 'webhook.send':
          return ref(step.destination, 'webhook');
        case 'alert':
          return step.destination ? ref(step.destination, 'webhook') : undefined;
        case 'branch':
          step.branches.forEach((branch, b) => visit(branch.steps, [...at, 'branches', b, 'steps']));
          return visit(step.otherwise ?? [], [...at, 'otherwise']);
        case 'waitForEvent':
          visit(step.onEvent ?? [], [...at, 'onEvent']);
          return visit(step.onTimeout ?? [], [...at, 'onTimeout']);
        case 'email':
        case 'wait':
        case 'exit':
        case 'hold':
          return undefined;
        default: {
          const unknown: never = step;
          throw new Error(`Unsupported step type: ${(unknown as { type: unknown }).type}`);
        }
      }
    });
  for (const [flowKey, flow] of Object.entries(definition.flows)) {
    visit(flow.steps, ['flows', flowKey, 'steps']);
    visit(flow.onExit ?? [], ['flows', flowKey, 'onExit']);
  }
  return refs;
}

/** At publish: every named destination exists in the workspace and has the right type, else 400 with paths. */
export async function checkDestinationRefs(
  db: Queryable,
  workspaceId: string,
  definition: JourneyDefinition,
): Promise<void> {
  const refs = destinationRefs(definition);
  if (refs.length === 0) return;
  const found = await rows<{ key: string; type: string }>(
    db,
    `SELECT key, type FROM destinations WHERE workspace_id = $1 AND key = ANY($2)`,
    [workspaceId, [...new Set(refs.map((ref) => ref.key))]],
  );
  const types = new Map(found.map((row) => [row.key, row.type]));
  const issues = refs.flatMap((ref) => {
    const type = types.get(ref.key);
    if (type === undefined) return [{ path: ref.path, message: `unknown destination "${ref.key}"` }];
    const fits = ref.needs === 'audience' ? isAudienceType(type) : type === 'webhook';
    const wanted = ref.needs === 'audience' ? 'an audience' : 'a webhook';
    return fits ? [] : [{ path: ref.path, message: `destination "${ref.key}" is a ${type}, not ${wanted}` }];
  });
  if (issues.length > 0) throw new JourneyValidationError(issues);
}
