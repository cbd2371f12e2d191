import type { JourneyDefinition, Step } from '../journeys/definition/journey-definition.schema';
import { flattenSteps } from './touchpoints';

export interface DefinedStep {
  flow: string;
  step: Step;
}

/** Every step of every flow (flattenSteps order, then onExit), as the funnel and the results list them. */
export function definedSteps(definition: JourneyDefinition): DefinedStep[] {
  return Object.entries(definition.flows).flatMap(([flow, body]) =>
    [...flattenSteps(body.steps), ...(body.onExit ?? [])].map((step) => ({ flow, step })),
  );
}

/**
 * Step ids are unique per flow only (`wait-2` may be in two flows). Effects and conversions carry the step id but
 * not the flow, so only rows of a step id used by several flows look their run up: SQL for `CASE` on an effect row.
 */
export function effectFlowSql(alias: string, ambiguousParam: string): string {
  return `CASE WHEN ${alias}.step_id = ANY(${ambiguousParam}::text[]) THEN (SELECT r.flow FROM runs r WHERE r.id = ${alias}.run_id) END`;
}

export class StepIndex {
  private readonly owners = new Map<string, string[]>();

  constructor(definition: JourneyDefinition) {
    for (const { flow, step } of definedSteps(definition)) {
      this.owners.set(step.id, [...(this.owners.get(step.id) ?? []), flow]);
    }
  }

  /** Step ids in more than one flow: the parameter of effectFlowSql. */
  ambiguous(): string[] {
    return [...this.owners].filter(([, flows]) => flows.length > 1).map(([id]) => id);
  }

  /** `flow/step` of a row: its looked-up flow, else the only flow with the step; null for steps no longer defined. */
  keyOf(flow: string | null, stepId: string): string | null {
    const owners = this.owners.get(stepId) ?? [];
    const owner = flow ?? (owners.length === 1 ? owners[0] : undefined);
    return owner !== undefined && owners.includes(owner) ? `${owner}/${stepId}` : null;
  }
}

export const stepKey = (flow: string, stepId: string) => `${flow}/${stepId}`;
