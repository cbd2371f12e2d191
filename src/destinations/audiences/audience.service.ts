import { Inject, Injectable, Logger } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { Clock } from '../../common/clock';
import { HOLDOUT_REASON } from '../../insight/holdout';
import { APP_CONFIG, type AppConfig } from '../../config/app-config';
import { lockContact, rows } from '../../database/sql';
import type { EffectPayload } from '../../scheduling/effect.entity';
import { QueueService } from '../../scheduling/queue.service';
import { isAudienceType } from '../destination-config.schema';
import { DestinationsService } from '../destinations.service';
import { adBlockReason } from './ad-permission';
import { flushJob } from './audience-flush-job';
import type { AudienceIdentifiers } from './audience-membership.entity';
import { logEffectStep } from '../webhooks/webhook-envelope';
import { hashIdentifiers } from './identifiers';

interface AudienceEffectRow {
  id: string;
  workspace_id: string;
  run_id: string;
  contact_id: string;
  payload: EffectPayload & { destination: string; action: 'add' | 'remove' };
}

interface Subject {
  workspaceId: string;
  runId: string;
  paused: boolean;
  /** In the journey's holdout group: retargeting is a message too, so it is not added. */
  holdout: boolean;
  contact: { id: string; email: string | null; traits: Record<string, unknown> };
}

type Outcome =
  { status: 'done'; destinationId: string } | { status: 'skipped' | 'failed' | 'held'; reason: string };

/**
 * Audience steps and removals. Each change is written to the audience_updates buffer at once; a flush job per
 * destination and window sends the batch. Identifiers are hashed when a contact is added and kept, so removals
 * still work after the contact's personal data is erased.
 */
@Injectable()
export class AudienceService {
  private readonly logger = new Logger(AudienceService.name);

  constructor(
    private readonly dataSource: DataSource,
    private readonly queues: QueueService,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** Carries out an audience effect, and the run's earlier pending ones first, so add and remove keep their order. */
  async applyEffect(effectId: string): Promise<void> {
    const touched = await this.dataSource.transaction(async (manager) => {
      const [head] = await rows<{ contact_id: string; run_id: string; seq: number }>(
        manager,
        `SELECT contact_id, run_id, (payload->>'seq')::int AS seq FROM effects WHERE id = $1 AND kind = 'audience'`,
        [effectId],
      );
      if (!head) return [];
      await lockContact(manager, head.contact_id);
      const pending = await rows<AudienceEffectRow>(
        manager,
        `SELECT id, workspace_id, run_id, contact_id, payload FROM effects
          WHERE run_id = $1 AND kind = 'audience' AND status = 'pending' AND (payload->>'seq')::int <= $2
          ORDER BY (payload->>'seq')::int`,
        [head.run_id, head.seq],
      );
      if (pending.length === 0) return [];
      const subject = await this.subject(manager, head.run_id, head.contact_id);
      const done: string[] = [];
      for (const effect of pending) {
        const outcome = await this.apply(manager, effect, subject);
        await this.finish(manager, effect, outcome);
        if (outcome.status === 'done') done.push(outcome.destinationId);
      }
      return done;
    });
    await this.scheduleFlush(touched);
  }

  /**
   * Removes the contact from every audience it was added to (or is about to be), from the hashes kept at add time,
   * and drops its audience additions not carried out yet. Called on unsubscribe, ad-consent withdrawal, erasure.
   */
  async removeContactEverywhere(workspaceId: string, contactId: string, reason: string): Promise<void> {
    const touched = await this.dataSource.transaction(async (manager) => {
      await lockContact(manager, contactId);
      const now = this.clock.now();
      const targets = await rows<{ destination_id: string; identifiers: AudienceIdentifiers }>(
        manager,
        `SELECT destination_id, identifiers FROM audience_memberships
          WHERE workspace_id = $1 AND contact_id = $2 AND status NOT IN ('removed', 'removing')
         UNION
         SELECT destination_id, identifiers FROM (
           SELECT DISTINCT ON (destination_id) destination_id, identifiers, action FROM audience_updates
            WHERE workspace_id = $1 AND contact_id = $2 AND flushed_at IS NULL ORDER BY destination_id, id DESC
         ) last WHERE action = 'add'`,
        [workspaceId, contactId],
      );
      for (const target of targets) {
        await manager.query(
          `INSERT INTO audience_updates (workspace_id, destination_id, contact_id, action, identifiers, reason, created_at)
           VALUES ($1, $2, $3, 'remove', $4, $5, $6)`,
          [workspaceId, target.destination_id, contactId, JSON.stringify(target.identifiers), reason, now],
        );
      }
      await manager.query(
        `UPDATE effects SET status = 'skipped', reason = $3, done_at = $4
          WHERE contact_id = $1 AND workspace_id = $2 AND kind = 'audience' AND status IN ('pending', 'held')
            AND payload->>'action' = 'add'`,
        [contactId, workspaceId, `removed from every audience: ${reason}`, now],
      );
      return targets.map((target) => target.destination_id);
    });
    if (touched.length > 0)
      this.logger.log(`contact ${contactId} leaves ${touched.length} audience(s): ${reason}`);
    await this.scheduleFlush(touched);
  }

  private async apply(manager: EntityManager, effect: AudienceEffectRow, subject: Subject): Promise<Outcome> {
    const { destination: key, action } = effect.payload;
    if (subject.paused) return { status: 'held', reason: 'the journey is paused' };
    const destination = await DestinationsService.find(manager, subject.workspaceId, key);
    if (!destination) return { status: 'failed', reason: `unknown destination ${key}` };
    if (!isAudienceType(destination.type))
      return { status: 'failed', reason: `destination ${key} is a ${destination.type}, not an audience` };
    let identifiers: AudienceIdentifiers | null;
    if (action === 'add') {
      if (subject.holdout) return { status: 'skipped', reason: HOLDOUT_REASON };
      const blocked = await adBlockReason(manager, subject.workspaceId, subject.contact);
      if (blocked) return { status: 'skipped', reason: blocked };
      const style = destination.type === 'google-customer-match' ? 'plus' : 'digits';
      identifiers = hashIdentifiers(
        { email: subject.contact.email, phone: subject.contact.traits.phone },
        style,
      );
      if (Object.keys(identifiers).length === 0)
        return { status: 'skipped', reason: 'no email or phone (with country code) to match on' };
    } else {
      identifiers = await this.memberIdentifiers(manager, destination.id, subject.contact.id);
      if (!identifiers) return { status: 'skipped', reason: `not in audience ${key}` };
    }
    await manager.query(
      `INSERT INTO audience_updates (workspace_id, destination_id, contact_id, action, identifiers, effect_id, run_id, reason, created_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) ON CONFLICT DO NOTHING`,
      [
        subject.workspaceId,
        destination.id,
        subject.contact.id,
        action,
        JSON.stringify(identifiers),
        effect.id,
        subject.runId,
        effect.payload.stepId,
        this.clock.now(),
      ],
    );
    return { status: 'done', destinationId: destination.id };
  }

  /** The hashes to remove with: the last buffered add, else the membership's (kept from when it was added). */
  private async memberIdentifiers(manager: EntityManager, destinationId: string, contactId: string) {
    const [last] = await rows<{ action: string; identifiers: AudienceIdentifiers }>(
      manager,
      `SELECT action, identifiers FROM audience_updates
        WHERE destination_id = $1 AND contact_id = $2 AND flushed_at IS NULL ORDER BY id DESC LIMIT 1`,
      [destinationId, contactId],
    );
    if (last) return last.action === 'add' ? last.identifiers : null;
    const [member] = await rows<{ identifiers: AudienceIdentifiers }>(
      manager,
      `SELECT identifiers FROM audience_memberships
        WHERE destination_id = $1 AND contact_id = $2 AND status NOT IN ('removed', 'removing')`,
      [destinationId, contactId],
    );
    return member?.identifiers ?? null;
  }

  private async subject(manager: EntityManager, runId: string, contactId: string): Promise<Subject> {
    const [run] = await rows<{ workspace_id: string; journey_status: string; holdout: boolean }>(
      manager,
      `SELECT r.workspace_id, r.holdout, j.status AS journey_status FROM runs r JOIN journeys j ON j.id = r.journey_id WHERE r.id = $1`,
      [runId],
    );
    const [contact] = await rows<Subject['contact']>(
      manager,
      `SELECT id, email, traits FROM contacts WHERE id = $1`,
      [contactId],
    );
    return {
      workspaceId: run.workspace_id,
      runId,
      paused: run.journey_status === 'paused',
      holdout: run.holdout,
      contact,
    };
  }

  private async finish(manager: EntityManager, effect: AudienceEffectRow, outcome: Outcome): Promise<void> {
    const now = this.clock.now();
    const { stepId, action, destination } = effect.payload;
    const reason = outcome.status === 'done' ? null : outcome.reason;
    await manager.query(`UPDATE effects SET status = $2, reason = $3, done_at = $4 WHERE id = $1`, [
      effect.id,
      outcome.status,
      reason,
      outcome.status === 'held' ? null : now,
    ]);
    const what =
      outcome.status === 'done'
        ? `${stepId} ${action === 'add' ? 'add to' : 'removal from'} audience ${destination} queued for the next batch`
        : `${stepId} ${outcome.status}: ${reason}`;
    await logEffectStep(manager, effect, what, now);
  }

  private async scheduleFlush(destinationIds: string[]): Promise<void> {
    const now = this.clock.now();
    const jobs = [...new Set(destinationIds)].map((id) =>
      flushJob(id, now, this.config.AUDIENCE_BATCH_WINDOW_MS),
    );
    if (jobs.length === 0) return;
    await this.queues
      .enqueue(jobs)
      .catch((error: Error) =>
        this.logger.warn(`flush enqueue failed, left to the sweeper: ${error.message}`),
      );
  }
}
