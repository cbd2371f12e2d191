import type { AudienceIdentifiers } from './audience-membership.entity';

/** The stored request of an audience delivery: one batch of contacts, all added or all removed. */
export interface AudienceRequest {
  items: { contactId: string; identifiers: AudienceIdentifiers }[];
}

/** Meta takes at most 10,000 records per call; Google's limit (100,000 identifiers) is higher. */
export const AUDIENCE_BATCH_LIMIT = 10_000;
