import { checkJourneySemantics } from './check-journey-semantics';
import { type JourneyDefinition, JourneyDefinitionSchema } from './journey-definition.schema';
import { JourneyValidationError } from './journey-validation.error';
import { fromZodIssues } from './zod-issues.util';

export { JourneyValidationError } from './journey-validation.error';

/** Parses an untrusted journey definition; throws JourneyValidationError listing every problem with its path. */
export function validateJourneyDefinition(input: unknown): JourneyDefinition {
  const parsed = JourneyDefinitionSchema.safeParse(input);
  if (!parsed.success) throw new JourneyValidationError(fromZodIssues(parsed.error.issues, input));
  const issues = checkJourneySemantics(parsed.data);
  if (issues.length > 0) throw new JourneyValidationError(issues);
  return parsed.data;
}
