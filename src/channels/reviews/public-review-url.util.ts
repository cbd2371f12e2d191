import { flattenSteps } from '../../journeys/definition/flow-steps';
import type { JourneyDefinition } from '../../journeys/definition/journey-definition.schema';

/** The email template that asks promoters for a public review; its step's `data.publicReviewUrl` is the link. */
export const PUBLIC_REVIEW_TEMPLATE = 'review-public-ask';

/**
 * The public review URL a journey sends promoters to, so the landing page offers the same link as the email; null
 * when the journey has no such step (no URL configured).
 */
export function findPublicReviewUrl(definition: JourneyDefinition): string | null {
  for (const flow of Object.values(definition.flows)) {
    for (const step of flattenSteps(flow.steps)) {
      if (step.type !== 'email' || step.template !== PUBLIC_REVIEW_TEMPLATE) continue;
      const url = step.data?.publicReviewUrl;
      if (typeof url === 'string' && url) return url;
    }
  }
  return null;
}
