import { Injectable } from '@nestjs/common';
import { AudienceService } from '../destinations/audiences/audience.service';

/**
 * The one call site that asks ad audiences to drop a contact: `ads` consent withdrawn, an unsubscribe, a spam
 * complaint, and before an erasure (while the identifiers to match on still exist).
 */
@Injectable()
export class AudienceRemovalService {
  constructor(private readonly audiences: AudienceService) {}

  async removeEverywhere(workspaceId: string, contactId: string, reason: string): Promise<void> {
    // Removals use the hashes kept when the contact was added, so they work after an erasure too.
    await this.audiences.removeContactEverywhere(workspaceId, contactId, reason);
  }
}
