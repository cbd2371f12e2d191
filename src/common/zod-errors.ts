import type { z } from 'zod';
import { DomainError } from './domain-error';
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

/** Parses untrusted input with `schema`, or throws a 400 `validation_failed` naming every bad field's path. */
export function parseInput<S extends z.ZodType>(
  schema: S,
  input: unknown,
  message: string,
  root = '$',
): z.output<S> {
  const parsed = schema.safeParse(input);
  if (!parsed.success)
    throw new DomainError('validation_failed', message, 400, zodDetails(parsed.error, root));
  return parsed.data;
}
