import type { JourneyDefinition, Step } from '../../journeys/definition/journey-definition.schema';

/** The email template that asks promoters for a public review; its step's `data.publicReviewUrl` is the link. */
export const PUBLIC_REVIEW_TEMPLATE = 'review-public-ask';

/**
 * The public review URL a journey sends promoters to, so the landing page offers the same link as the email; null
 * when the journey has no such step (no URL configured).
 */
export function findPublicReviewUrl(definition: JourneyDefinition): string | null {
  for (const flow of Object.values(definition.flows)) {
    const url = inSteps(flow.steps);
    if (url) return url;
  }
  return null;
}

function inSteps(steps: Step[]): string | null {
  for (const step of steps) {
    const url = inStep(step);
    if (url) return url;
  }
  return null;
}

function inStep(step: Step): string | null {
  switch (step.type) {
    case 'email': {
      const url = step.data?.publicReviewUrl;
      return step.template === PUBLIC_REVIEW_TEMPLATE && typeof url === 'string' && url ? url : null;
    }
    case 'branch':
      return inSteps([...step.branches.flatMap((branch) => branch.steps), ...(step.otherwise ?? [])]);
    case 'waitForEvent':
      return inSteps([...(step.onEvent ?? []), ...(step.onTimeout ?? [])]);
    default:
      return null;
  }
}
