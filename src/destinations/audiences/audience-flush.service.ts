import { Inject, Injectable, Logger } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { Clock } from '../../common/clock';
import { APP_CONFIG, type AppConfig } from '../../config/app-config';
import { rows } from '../../database/sql';
import { QueueService } from '../../scheduling/queue.service';
import { DeliveryRunner } from '../deliveries/delivery-runner.service';
import type { AudienceIdentifiers, MembershipStatus } from './audience-membership.entity';
import { AUDIENCE_BATCH_LIMIT, type AudienceRequest } from './audience-request';
import { flushJob } from './audience-flush-job';
import { planBatch, type BufferedUpdate } from './plan-batch';

/** Buffered rows taken per flush; more waits for an immediate next flush. */
const FLUSH_LIMIT = 5 * AUDIENCE_BATCH_LIMIT;

/**
 * Turns a destination's buffered audience changes into deliveries: the last change per contact wins, changes that
 * change nothing (add then remove in one window, a second add) are dropped, and at most 10,000 contacts go per call.
 */
@Injectable()
export class AudienceFlushService {
  private readonly logger = new Logger(AudienceFlushService.name);

  constructor(
    private readonly dataSource: DataSource,
    private readonly runner: DeliveryRunner,
    private readonly queues: QueueService,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async flush(destinationId: string): Promise<void> {
    const { deliveries, more } = await this.dataSource.transaction((manager) =>
      this.plan(manager, destinationId),
    );
    for (const id of deliveries) await this.runner.attempt(id);
    if (more) {
      const next = flushJob(destinationId, this.clock.now(), this.config.AUDIENCE_BATCH_WINDOW_MS, 0);
      await this.queues.enqueue([{ ...next, id: `${next.id}.more${Date.now()}` }]);
    }
  }

  private async plan(manager: EntityManager, destinationId: string) {
    // One flush per destination at a time: the second waits and then finds the rows taken.
    await manager.query(`SELECT pg_advisory_xact_lock(hashtextextended($1, 0))`, [
      `audience-flush:${destinationId}`,
    ]);
    const [destination] = await rows<{ workspace_id: string }>(
      manager,
      `SELECT workspace_id FROM destinations WHERE id = $1`,
      [destinationId],
    );
    const updates = await rows<BufferedUpdate>(
      manager,
      `SELECT id::text AS id, contact_id, action, identifiers, run_id, reason FROM audience_updates
        WHERE destination_id = $1 AND flushed_at IS NULL ORDER BY id LIMIT $2`,
      [destinationId, FLUSH_LIMIT],
    );
    if (!destination || updates.length === 0) return { deliveries: [], more: false };
    const members = await rows<{
      contact_id: string;
      status: MembershipStatus;
      identifiers: AudienceIdentifiers;
    }>(
      manager,
      `SELECT contact_id, status, identifiers FROM audience_memberships WHERE destination_id = $1 AND contact_id = ANY($2)`,
      [destinationId, [...new Set(updates.map((u) => u.contact_id))]],
    );
    const batches = planBatch(updates, new Map(members.map((m) => [m.contact_id, m])), AUDIENCE_BATCH_LIMIT);
    const now = this.clock.now();
    const deliveryOf = new Map<string, string>();
    for (const batch of batches) {
      const request: AudienceRequest = {
        items: batch.items.map(({ contactId, identifiers }) => ({ contactId, identifiers })),
      };
      await manager.query(
        `INSERT INTO destination_deliveries (id, workspace_id, destination_id, kind, status, request, state, next_attempt_at, created_at, updated_at)
         VALUES ($1, $2, $3, $4, 'pending', $5, '{}', $6, $6, $6) ON CONFLICT (id) DO NOTHING`,
        [
          batch.id,
          destination.workspace_id,
          destinationId,
          `audience-${batch.action}`,
          JSON.stringify(request),
          now,
        ],
      );
      for (const item of batch.items) {
        deliveryOf.set(item.contactId, batch.id);
        await this.markMember(
          manager,
          destination.workspace_id,
          destinationId,
          batch.action,
          item,
          batch.id,
          now,
        );
      }
    }
    await manager.query(
      `UPDATE audience_updates u SET flushed_at = $2, delivery_id = x.delivery_id
         FROM unnest($1::bigint[], $3::text[]) AS x(id, delivery_id) WHERE u.id = x.id`,
      [updates.map((u) => u.id), now, updates.map((u) => deliveryOf.get(u.contact_id) ?? null)],
    );
    this.logger.debug(
      `flushed ${updates.length} change(s) of ${destinationId} into ${batches.length} call(s)`,
    );
    return { deliveries: batches.map((b) => b.id), more: updates.length === FLUSH_LIMIT };
  }

  private async markMember(
    manager: EntityManager,
    workspaceId: string,
    destinationId: string,
    action: 'add' | 'remove',
    item: { contactId: string; identifiers: AudienceIdentifiers; runId: string | null; reason: string },
    deliveryId: string,
    now: Date,
  ): Promise<void> {
    await manager.query(
      `INSERT INTO audience_memberships (destination_id, contact_id, workspace_id, status, identifiers, run_id, reason, delivery_id, updated_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
       ON CONFLICT (destination_id, contact_id) DO UPDATE SET status = EXCLUDED.status, identifiers = EXCLUDED.identifiers,
         run_id = EXCLUDED.run_id, reason = EXCLUDED.reason, delivery_id = EXCLUDED.delivery_id, updated_at = EXCLUDED.updated_at`,
      [
        destinationId,
        item.contactId,
        workspaceId,
        action === 'add' ? 'adding' : 'removing',
        JSON.stringify(item.identifiers),
        item.runId,
        item.reason,
        deliveryId,
        now,
      ],
    );
  }
}
