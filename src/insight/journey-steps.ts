import type { JourneyDefinition, Step } from '../journeys/definition/journey-definition.schema';
import { flowSteps } from '../journeys/definition/flow-steps';

export interface DefinedStep {
  flow: string;
  step: Step;
}

/** Every step of every flow (flowSteps order), as the funnel and the results list them. */
export function definedSteps(definition: JourneyDefinition): DefinedStep[] {
  return Object.entries(definition.flows).flatMap(([flow, body]) =>
    flowSteps(body).map((step) => ({ flow, step })),
  );
}

export class StepIndex {
  private readonly owners = new Map<string, string[]>();

  constructor(definition: JourneyDefinition) {
    for (const { flow, step } of definedSteps(definition)) {
      this.owners.set(step.id, [...(this.owners.get(step.id) ?? []), flow]);
    }
  }

  /**
   * `flow/step` of a row: its flow (effects record it), else (not known) the only flow with the step; null for
   * steps no longer defined. Step ids are unique per flow only (`wait-2` may be in two flows).
   */
  keyOf(flow: string | null, stepId: string): string | null {
    const owners = this.owners.get(stepId) ?? [];
    const owner = flow ?? (owners.length === 1 ? owners[0] : undefined);
    return owner !== undefined && owners.includes(owner) ? stepKey(owner, stepId) : null;
  }
}

export const stepKey = (flow: string, stepId: string) => `${flow}/${stepId}`;
