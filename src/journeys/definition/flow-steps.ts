import type { FlowDefinition, Step } from './journey-definition.schema';

/** Every step of a list, nested ones (branches, wait outcomes) in document order after the step holding them. */
export function flattenSteps(steps: readonly Step[]): Step[] {
  return steps.flatMap((step): Step[] => {
    if (step.type === 'branch') {
      return [
        step,
        ...step.branches.flatMap((b) => flattenSteps(b.steps)),
        ...flattenSteps(step.otherwise ?? []),
      ];
    }
    if (step.type === 'waitForEvent') {
      return [step, ...flattenSteps(step.onEvent ?? []), ...flattenSteps(step.onTimeout ?? [])];
    }
    return [step];
  });
}

/** Every step of a flow: its steps flattened, then its onExit actions. */
export const flowSteps = (flow: FlowDefinition): Step[] => [
  ...flattenSteps(flow.steps),
  ...(flow.onExit ?? []),
];
