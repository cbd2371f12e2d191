import { Injectable, Logger } from '@nestjs/common';
import type { z } from 'zod';
import { Clock } from '../common/clock';
import { ConsentService, type ConsentOutcome } from '../contacts/consent.service';
import { DomainError, type ErrorDetail } from '../common/domain-error';
import { withTimeout } from '../common/with-timeout';
import { parseInput, zodDetails } from '../common/zod-errors';
import { QueueService } from '../scheduling/queue.service';
import type { EventType } from './event.entity';
import { EventStore, type StoredResult } from './event-store';
import { normalizeMessage, type NormalizedMessage } from './normalize-message';
import {
  batchItemSchema,
  batchSchema,
  identifySchema,
  MAX_ITEM_BYTES,
  trackSchema,
} from './segment-message.schema';

export interface IngestResult {
  success: true;
  accepted: number;
  duplicates: number;
  results: { messageId: string; eventId: string; duplicate: boolean }[];
  rejected: { index: number; code: string; errors: ErrorDetail[] }[];
}

/** Past this the answer goes out anyway; the reconciler routes what did not reach Redis. */
const ENQUEUE_TIMEOUT_MS = 2_000;

const byteLength = (value: unknown) => Buffer.byteLength(JSON.stringify(value) ?? '');

/** Validates Segment messages, commits them, then asks for routing; the answer comes only after commit. */
@Injectable()
export class IngestService {
  private readonly logger = new Logger(IngestService.name);

  constructor(
    private readonly store: EventStore,
    private readonly queues: QueueService,
    private readonly clock: Clock,
    private readonly consent: ConsentService,
  ) {}

  async single(workspaceId: string, type: 'track' | 'identify', body: unknown): Promise<IngestResult> {
    if (byteLength(body) > MAX_ITEM_BYTES) {
      throw new DomainError(
        'payload_too_large',
        `a ${type} message may be at most ${MAX_ITEM_BYTES} bytes`,
        413,
      );
    }
    const schema: z.ZodType = type === 'track' ? trackSchema : identifySchema;
    const message = parseInput(schema, body, 'the message is invalid');
    const receivedAt = this.clock.now();
    const normalized = normalizeMessage(message as object, type, receivedAt, '$');
    if (!('id' in normalized))
      throw new DomainError('validation_failed', 'the message is invalid', 400, [normalized]);
    return this.commit(workspaceId, [normalized], receivedAt, []);
  }

  async batch(workspaceId: string, body: unknown): Promise<IngestResult> {
    const request = parseInput(batchSchema, body, 'the batch is invalid');
    const receivedAt = this.clock.now();
    const accepted: NormalizedMessage[] = [];
    const rejected: IngestResult['rejected'] = [];
    request.batch.forEach((raw, index) => {
      const root = `$.batch[${index}]`;
      if (byteLength(raw) > MAX_ITEM_BYTES) {
        return rejected.push({
          index,
          code: 'item_too_large',
          errors: [{ path: root, message: `larger than ${MAX_ITEM_BYTES} bytes` }],
        });
      }
      const item = batchItemSchema.safeParse(raw);
      if (!item.success)
        return rejected.push({ index, code: 'validation_failed', errors: zodDetails(item.error, root) });
      const withBatchDefaults = {
        sentAt: request.sentAt,
        ...item.data,
        context: { ...request.context, ...item.data.context },
      };
      const normalized = normalizeMessage(withBatchDefaults, item.data.type as EventType, receivedAt, root);
      if (!('id' in normalized))
        return rejected.push({ index, code: 'validation_failed', errors: [normalized] });
      accepted.push(normalized);
    });
    if (accepted.length === 0) {
      throw new DomainError(
        'validation_failed',
        'no message in the batch is valid',
        400,
        rejected.flatMap((r) => r.errors),
      );
    }
    return this.commit(workspaceId, accepted, receivedAt, rejected);
  }

  private async commit(
    workspaceId: string,
    messages: NormalizedMessage[],
    receivedAt: Date,
    rejected: IngestResult['rejected'],
  ): Promise<IngestResult> {
    // Consent traits of new identifies are applied in the same transaction as the events.
    const consent: { outcome?: ConsentOutcome } = {};
    const stored = await this.store.store(workspaceId, messages, receivedAt, async (manager, fresh) => {
      const identifies = fresh.filter(({ message }) => message.type === 'identify');
      consent.outcome = await this.consent.fromIdentify(
        manager,
        workspaceId,
        identifies.map(({ message, contactId }) => ({
          contactId,
          traits: message.traits,
          at: message.timestamp,
        })),
      );
    });
    await this.requestRouting(stored);
    if (consent.outcome) await this.consent.afterCommit(consent.outcome);
    return {
      success: true,
      accepted: stored.filter((s) => !s.duplicate).length,
      duplicates: stored.filter((s) => s.duplicate).length,
      results: stored.map(({ messageId, eventId, duplicate }) => ({ messageId, eventId, duplicate })),
      rejected,
    };
  }

  /** Committed already: if Redis is down the reconciler routes these later, so the client still gets its 2xx. */
  private async requestRouting(stored: StoredResult[]): Promise<void> {
    const jobs = stored
      .filter((s) => s.routable)
      .map((s) => ({ name: 'route-event' as const, id: s.eventId, data: { eventId: s.eventId } }));
    if (jobs.length === 0) return;
    try {
      await withTimeout(this.queues.enqueue(jobs), ENQUEUE_TIMEOUT_MS);
    } catch (error) {
      this.logger.warn(
        `routing of ${jobs.length} event(s) left to the reconciler: ${(error as Error).message}`,
      );
    }
  }
}
