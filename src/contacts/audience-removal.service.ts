import { Injectable, Logger } from '@nestjs/common';

/**
 * The one call site that asks ad audiences to drop a contact: when `ads` consent is withdrawn, and before an
 * erasure (while the identifiers to match on still exist).
 */
@Injectable()
export class AudienceRemovalService {
  private readonly logger = new Logger(AudienceRemovalService.name);

  async removeEverywhere(workspaceId: string, contactId: string, reason: string): Promise<void> {
    // AUDIENCES-HOOK: call AudienceService.removeContactEverywhere(workspaceId, contactId, reason) here once
    // src/destinations has landed; until then no audience holds contacts, so there is nothing to remove.
    this.logger.debug(`audience removal for ${contactId} in ${workspaceId} (${reason}): no audiences yet`);
    await Promise.resolve();
  }
}
