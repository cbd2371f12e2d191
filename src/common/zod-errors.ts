import type { z } from 'zod';
import type { ErrorDetail } from './domain-error';

/** Renders a zod issue path as a JSON path: ['batch', 2, 'event'] -> `$.batch[2].event`. */
export function jsonPath(path: readonly PropertyKey[], root = '$'): string {
  return path.reduce<string>(
    (acc, part) => (typeof part === 'number' ? `${acc}[${part}]` : `${acc}.${String(part)}`),
    root,
  );
}

export function zodDetails(error: z.ZodError, root = '$'): ErrorDetail[] {
  return error.issues.map((issue) => ({ path: jsonPath(issue.path, root), message: issue.message }));
}
