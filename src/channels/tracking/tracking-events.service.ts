import { createHash } from 'node:crypto';
import { Injectable, Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { v7 as uuidv7 } from 'uuid';
import { Clock } from '../../common/clock';
import { withTimeout } from '../../common/with-timeout';
import { rows } from '../../database/sql';
import { EventStore } from '../../ingest/event-store';
import { QueueService } from '../../scheduling/queue.service';
import { WorkspaceService } from '../../workspaces/workspace.service';
import { readToken, type LinkTokenPayload } from '../email/unsubscribe-token';

export const EMAIL_OPENED = 'Email Opened';
export const EMAIL_LINK_CLICKED = 'Email Link Clicked';

/** Past this the pixel or redirect goes out anyway; the reconciler routes what did not reach Redis. */
const ENQUEUE_TIMEOUT_MS = 1_000;

interface EmailOrigin {
  external_id: string;
  journey: string | null;
  step: string | null;
  template: string | null;
}

/**
 * Turns opens and clicks into track events on the contact, stored and routed like ingested ones. Message ids are
 * deterministic: the first open of an email, and the first click on each of its link targets, are recorded once.
 */
@Injectable()
export class TrackingEventsService {
  private readonly logger = new Logger(TrackingEventsService.name);

  constructor(
    private readonly dataSource: DataSource,
    private readonly events: EventStore,
    private readonly queues: QueueService,
    private readonly workspaces: WorkspaceService,
    private readonly clock: Clock,
  ) {}

  /** Records the open; false when the token is not a valid open token (nothing is written). */
  async opened(token: string): Promise<boolean> {
    const payload = this.read(token, 'open');
    if (!payload) return false;
    await this.record(payload, EMAIL_OPENED, `email-opened:${payload.f}`, {});
    return true;
  }

  /** Records the click and returns where to send the reader; null when the token is not valid (nothing written). */
  async clicked(token: string): Promise<string | null> {
    const payload = this.read(token, 'click');
    const target = payload?.u && URL.canParse(payload.u) ? new URL(payload.u) : null;
    if (!payload || !target || (target.protocol !== 'https:' && target.protocol !== 'http:')) return null;
    const linkKey = createHash('sha256').update(target.href).digest('base64url').slice(0, 16);
    await this.record(payload, EMAIL_LINK_CLICKED, `email-clicked:${payload.f}:${linkKey}`, {
      url: target.href,
    });
    return target.href;
  }

  private read(token: string, purpose: 'open' | 'click'): (LinkTokenPayload & { f: string }) | null {
    const payload = readToken(this.workspaces.signingSecret(), token, this.clock.now(), purpose);
    return payload instanceof Error || !payload.f ? null : { ...payload, f: payload.f };
  }

  /** Stores the event unless already there; a failure is logged, since the reader must still get the page. */
  private async record(
    payload: LinkTokenPayload & { f: string },
    name: string,
    messageId: string,
    properties: Record<string, unknown>,
  ): Promise<void> {
    try {
      const [origin] = await rows<EmailOrigin>(
        this.dataSource,
        `SELECT c.external_id, j.key AS journey, f.payload->>'stepId' AS step, f.payload->>'template' AS template
           FROM contacts c
           LEFT JOIN effects f ON f.id = $3 AND f.contact_id = c.id
           LEFT JOIN runs r ON r.id = f.run_id
           LEFT JOIN journeys j ON j.id = r.journey_id
          WHERE c.id = $2 AND c.workspace_id = $1`,
        [payload.w, payload.c, payload.f],
      );
      // An erased contact stays erased: its old emails' opens and clicks are not recorded.
      if (!origin) return;
      const now = this.clock.now();
      const [stored] = await this.events.store(
        payload.w,
        [
          {
            id: uuidv7(),
            messageId,
            type: 'track',
            name,
            externalId: origin.external_id,
            properties: {
              ...properties,
              effect_id: payload.f,
              journey: origin.journey,
              step: origin.step,
              template: origin.template,
            },
            traits: {},
            context: { channel: 'email' },
            timestamp: now,
          },
        ],
        now,
      );
      if (stored?.routable) {
        const job = { name: 'route-event' as const, id: stored.eventId, data: { eventId: stored.eventId } };
        await withTimeout(this.queues.enqueue([job]), ENQUEUE_TIMEOUT_MS).catch((error: Error) =>
          this.logger.warn(`routing of ${name} left to the reconciler: ${error.message}`),
        );
      }
    } catch (error) {
      this.logger.warn(`${name} for ${payload.f} not recorded: ${(error as Error).message}`);
    }
  }
}
