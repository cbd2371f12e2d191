export interface JourneyValidationIssue {
  /** JSON path of the offending value, e.g. `$.flows.cart.steps[2].duration`. */
  path: string;
  message: string;
}

/** A journey definition (or template params) that cannot be used; every problem names its JSON path. */
export class JourneyValidationError extends Error {
  readonly code = 'journey_invalid';

  constructor(readonly errors: JourneyValidationIssue[]) {
    super(JourneyValidationError.summarise(errors));
    this.name = 'JourneyValidationError';
  }

  private static summarise(errors: JourneyValidationIssue[]): string {
    const [first] = errors;
    if (!first) return 'Journey definition is invalid';
    const more = errors.length > 1 ? ` (and ${errors.length - 1} more)` : '';
    return `Journey definition is invalid: ${first.path}: ${first.message}${more}`;
  }
}
