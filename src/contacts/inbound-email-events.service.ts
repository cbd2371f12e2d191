import { Injectable, Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { v7 as uuidv7 } from 'uuid';
import { Clock } from '../common/clock';
import { DomainError } from '../common/domain-error';
import { withTimeout } from '../common/with-timeout';
import { rows } from '../database/sql';
import { EventStore } from '../ingest/event-store';
import type { NormalizedMessage } from '../ingest/normalize-message';
import { QueueService } from '../scheduling/queue.service';
import { AudienceRemovalService } from './audience-removal.service';
import { parseInbound, type InboundEmailEvent } from './inbound-email-event.parser';
import { suppress } from './suppression.store';

export const BOUNCE_EVENT = 'Email Bounced';
export const COMPLAINT_EVENT = 'Email Marked as Spam';
const ENQUEUE_TIMEOUT_MS = 2_000;

/**
 * Bounces and complaints from the mail provider: a hard bounce or a complaint suppresses the address (soft bounces
 * are only recorded), and each becomes a track event on every contact with that address, in one transaction.
 */
@Injectable()
export class InboundEmailEventsService {
  private readonly logger = new Logger(InboundEmailEventsService.name);

  constructor(
    private readonly dataSource: DataSource,
    private readonly events: EventStore,
    private readonly queues: QueueService,
    private readonly audiences: AudienceRemovalService,
    private readonly clock: Clock,
  ) {}

  async receive(workspaceId: string, body: unknown) {
    const now = this.clock.now();
    const parsed = parseInbound(body, now);
    if ('errors' in parsed)
      throw new DomainError('validation_failed', 'the notification is invalid', 400, parsed.errors);
    if ('subscribeUrl' in parsed) {
      // Confirming means fetching a URL from the request body; an operator does it once, from the log or console.
      this.logger.warn(`SNS subscription waits for confirmation: open ${parsed.subscribeUrl}`);
      return { received: 0, subscription: 'confirm the SNS subscription with its SubscribeURL (logged)' };
    }
    const messages = await this.messagesFor(workspaceId, parsed.events);
    const suppressed = parsed.events.filter((e) => e.type === 'complaint' || e.bounceType === 'hard');
    const stored = await this.events.store(workspaceId, messages, now, async (manager) => {
      for (const event of suppressed) {
        const reason = event.type === 'complaint' ? 'complaint' : 'bounce';
        const note = event.messageId ? `message ${event.messageId}` : null;
        const input = { workspaceId, address: event.email, contactId: null, at: event.occurredAt, note };
        await suppress(manager, { ...input, reason, source: event.provider === 'ses' ? 'ses' : 'inbound' });
      }
    });
    await this.requestRouting(stored.filter((s) => s.routable).map((s) => s.eventId));
    await this.leaveAudiences(
      workspaceId,
      parsed.events.filter((e) => e.type === 'complaint'),
    );
    return {
      received: parsed.events.length,
      suppressed: [...new Set(suppressed.map((e) => e.email))],
      events: stored.filter((s) => !s.duplicate).length,
    };
  }

  /** One track event per contact holding the address; the message id makes a provider's retry a duplicate. */
  private async messagesFor(workspaceId: string, events: InboundEmailEvent[]): Promise<NormalizedMessage[]> {
    if (events.length === 0) return [];
    const contacts = await rows<{ id: string; external_id: string; email: string }>(
      this.dataSource,
      `SELECT id, external_id, email FROM contacts WHERE workspace_id = $1 AND email = ANY($2)`,
      [workspaceId, [...new Set(events.map((e) => e.email))]],
    );
    return events.flatMap((event) =>
      contacts
        .filter((contact) => contact.email === event.email)
        .map((contact) => ({
          id: uuidv7(),
          messageId: `${event.key}:${contact.id}`,
          type: 'track' as const,
          name: event.type === 'complaint' ? COMPLAINT_EVENT : BOUNCE_EVENT,
          externalId: contact.external_id,
          properties: {
            ...(event.bounceType ? { bounce_type: event.bounceType } : {}),
            ...(event.messageId ? { message_id: event.messageId } : {}),
            provider: event.provider,
          },
          traits: {},
          context: { source: 'inbound-email-events' },
          timestamp: event.occurredAt,
        })),
    );
  }

  /** A spam complaint is an opt-out, and opting out covers ad audiences too. */
  private async leaveAudiences(workspaceId: string, complaints: InboundEmailEvent[]): Promise<void> {
    if (complaints.length === 0) return;
    const contacts = await rows<{ id: string }>(
      this.dataSource,
      `SELECT id FROM contacts WHERE workspace_id = $1 AND email = ANY($2)`,
      [workspaceId, complaints.map((e) => e.email)],
    );
    for (const contact of contacts)
      await this.audiences.removeEverywhere(workspaceId, contact.id, 'spam complaint');
  }

  /** Committed already: if Redis is down the reconciler routes the events later. */
  private async requestRouting(eventIds: string[]): Promise<void> {
    if (eventIds.length === 0) return;
    try {
      const jobs = eventIds.map((eventId) => ({
        name: 'route-event' as const,
        id: eventId,
        data: { eventId },
      }));
      await withTimeout(this.queues.enqueue(jobs), ENQUEUE_TIMEOUT_MS);
    } catch (error) {
      this.logger.warn(`routing of inbound email events left to the reconciler: ${(error as Error).message}`);
    }
  }
}
