export interface ErrorDetail {
  /** JSON path of the offending field, e.g. `$.batch[2].event`. */
  path: string;
  message: string;
  line?: number;
}

/** An error a client can act on: a stable code, an HTTP status and the fields at fault. */
export class DomainError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly status = 400,
    readonly details: ErrorDetail[] = [],
  ) {
    super(message);
  }
}

export const notFound = (what: string) => new DomainError('not_found', `${what} not found`, 404);
