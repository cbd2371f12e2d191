import type { z } from 'zod';
import type { JourneyDefinition } from '../journey-definition.schema';
import {
  type CustomerLifecycleParamsInput,
  CustomerLifecycleParamsSchema,
  buildCustomerLifecycle,
} from './customer-lifecycle.template';

export interface JourneyTemplate {
  /** Builds the definition; throws JourneyValidationError with `$.params...` paths on bad params. */
  build(params?: unknown): JourneyDefinition;
  paramsSchema: z.ZodType;
}

/** An unknown built-in template name. */
export class UnknownJourneyTemplateError extends Error {
  readonly code = 'journey_template_unknown';

  constructor(readonly templateName: string) {
    super(
      `Unknown journey template "${templateName}"; known templates: ${Object.keys(JOURNEY_TEMPLATES).join(', ')}`,
    );
    this.name = 'UnknownJourneyTemplateError';
  }
}

export const JOURNEY_TEMPLATES: Readonly<Record<string, JourneyTemplate>> = {
  'customer-lifecycle': {
    // The builder validates its params itself, so untrusted input is safe to pass through.
    build: (params) => buildCustomerLifecycle(params as CustomerLifecycleParamsInput | undefined),
    paramsSchema: CustomerLifecycleParamsSchema,
  },
};

/** The built-in template of that name; throws UnknownJourneyTemplateError otherwise. */
export function getJourneyTemplate(name: string): JourneyTemplate {
  if (!Object.hasOwn(JOURNEY_TEMPLATES, name)) throw new UnknownJourneyTemplateError(name);
  return JOURNEY_TEMPLATES[name];
}
