import { flowSteps } from '../journeys/definition/flow-steps';
import type { JourneyDefinition, Step } from '../journeys/definition/journey-definition.schema';
import type { MapTouchpoint } from './insight.types';

/** A step in a few words, as the map and the funnel show it. */
export function stepLabel(step: Step): string {
  switch (step.type) {
    case 'email':
      return `email ${step.template}`;
    case 'wait':
      return `wait ${step.duration}`;
    case 'waitForEvent':
      return `wait for ${[step.event].flat().join(' or ')}${step.timeout ? ` (up to ${step.timeout})` : ''}`;
    case 'branch':
      return `branch (${step.branches.length + (step.otherwise ? 1 : 0)} ways)`;
    case 'exit':
      return step.reason ? `exit: ${step.reason}` : 'exit';
    case 'audience.add':
      return `add to audience ${step.destination}`;
    case 'audience.remove':
      return `remove from audience ${step.destination}`;
    case 'webhook.send':
      return `webhook ${step.destination}`;
    case 'alert':
      return 'alert the team';
    case 'hold':
      return `hold marketing ${step.duration}`;
  }
}

/** Steps that touch the customer or the team (what a journey map shows as touchpoints); waits and branches are not. */
const TOUCHING = new Set<Step['type']>([
  'email',
  'audience.add',
  'audience.remove',
  'webhook.send',
  'alert',
  'hold',
]);

/** Touchpoints per stage, from the definition; flows without a stage under `null`. */
export function touchpointsByStage(definition: JourneyDefinition): Map<string | null, MapTouchpoint[]> {
  const byStage = new Map<string | null, MapTouchpoint[]>();
  for (const [flowKey, flow] of Object.entries(definition.flows)) {
    const stage = flow.stage && definition.stages.includes(flow.stage) ? flow.stage : null;
    const list = byStage.get(stage) ?? [];
    for (const step of flowSteps(flow)) {
      if (!TOUCHING.has(step.type)) continue;
      list.push({
        flow: flowKey,
        flowName: flow.name,
        stepId: step.id,
        type: step.type,
        label: stepLabel(step),
      });
    }
    byStage.set(stage, list);
  }
  return byStage;
}
