import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { DomainError } from '../common/domain-error';
import { rows } from '../database/sql';
import { STAGE_FLOW } from '../journeys/runs/run.entity';

export const CUSTOMER_SEARCH_LIMIT = 20;
const MAX_QUERY = 200;

export interface CustomerMatch {
  userId: string;
  email: string | null;
  firstSeen: string;
  /** The customer's stage in each journey they are on; their timeline is GET /v1/contacts/{userId}/timeline. */
  stages: { journey: string; journeyName: string; stage: string; since: string }[];
}

/** Escapes LIKE's wildcards, so a search for `a_b` finds only that. */
const likePrefix = (text: string) => `${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

/**
 * The dashboard's customer finder: case-insensitive prefix of the external id or the email. Walks the workspace's
 * contacts in external-id order (contacts_workspace_external_uq) and stops at the limit.
 */
@Injectable()
export class CustomerSearchService {
  constructor(private readonly dataSource: DataSource) {}

  async search(workspaceId: string, q: unknown): Promise<{ customers: CustomerMatch[] }> {
    const text = typeof q === 'string' ? q.trim() : '';
    if (text === '' || text.length > MAX_QUERY) {
      throw new DomainError('validation_failed', `q must be 1 to ${MAX_QUERY} characters`, 400, [
        {
          path: '$.query.q',
          message: `expected the start of an external id or email, 1 to ${MAX_QUERY} characters`,
        },
      ]);
    }
    const contacts = await rows<{ id: string; external_id: string; email: string | null; created_at: Date }>(
      this.dataSource,
      `SELECT id, external_id, email, created_at FROM contacts
        WHERE workspace_id = $1 AND (external_id ILIKE $2 OR email ILIKE $2)
        ORDER BY external_id LIMIT ${CUSTOMER_SEARCH_LIMIT}`,
      [workspaceId, likePrefix(text)],
    );
    const stages = await rows<{
      contact_id: string;
      key: string;
      name: string;
      position: string;
      since: Date;
    }>(
      this.dataSource,
      `SELECT r.contact_id, j.key, j.name, r.position, r.position_since AS since
         FROM runs r JOIN journeys j ON j.id = r.journey_id
        WHERE r.contact_id = ANY($1::uuid[]) AND r.flow = '${STAGE_FLOW}' ORDER BY j.key`,
      [contacts.map((contact) => contact.id)],
    );
    return {
      customers: contacts.map((contact) => ({
        userId: contact.external_id,
        email: contact.email,
        firstSeen: contact.created_at.toISOString(),
        stages: stages
          .filter((stage) => stage.contact_id === contact.id)
          .map((stage) => ({
            journey: stage.key,
            journeyName: stage.name,
            stage: stage.position,
            since: stage.since.toISOString(),
          })),
      })),
    };
  }
}
