import type { z } from 'zod';
import type { JourneyValidationIssue } from './journey-validation.error';
import { toJsonPath, valueAtPath } from './json-path.util';
import { ACTION_STEP_TYPES } from './step.schema';

const STEP_TYPES = ['email', 'wait', 'waitForEvent', 'branch', 'exit', 'hold', ...ACTION_STEP_TYPES];

/** Turns zod issues into `{ path, message }` with JSON paths rooted at `root` (e.g. `$` or `$.params`). */
export function fromZodIssues(
  issues: readonly z.core.$ZodIssue[],
  input: unknown,
  root = '$',
): JourneyValidationIssue[] {
  return issues.flatMap((issue) => {
    const path = issue.path as PropertyKey[];
    if (issue.code === 'unrecognized_keys') {
      return issue.keys.map((key) => ({ path: toJsonPath([...path, key], root), message: 'unknown field' }));
    }
    if (issue.code === 'invalid_union' && 'discriminator' in issue && issue.discriminator === 'type') {
      return [{ path: toJsonPath(path, root), message: stepTypeMessage(valueAtPath(input, path)) }];
    }
    if (issue.code === 'invalid_key') {
      return [
        { path: toJsonPath(path, root), message: `bad key: ${issue.issues[0]?.message ?? issue.message}` },
      ];
    }
    return [{ path: toJsonPath(path, root), message: issue.message }];
  });
}

function stepTypeMessage(type: unknown): string {
  const label = typeof type === 'string' ? `"${type}"` : String(type);
  return `unknown step type ${label}; expected ${STEP_TYPES.slice(0, -1).join(', ')} or ${STEP_TYPES.at(-1)}`;
}
