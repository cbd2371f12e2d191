import { Injectable, Logger } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { v7 as uuidv7 } from 'uuid';
import { Clock } from '../common/clock';
import { notFound } from '../common/domain-error';
import { lockContact, rows } from '../database/sql';
import { effectJob, JOB_QUEUE, QUEUES, type QueueName } from '../scheduling/queue-catalogue';
import { QueueService } from '../scheduling/queue.service';
import { eraseDestinationData } from '../destinations/destination-erasure';
import { AudienceRemovalService } from './audience-removal.service';

interface ContactRow {
  id: string;
  external_id: string;
  email: string | null;
}

const ERASED = '[erased]';

/**
 * Right to erasure: removes a contact's personal data everywhere in one transaction and cancels what was still to
 * be sent. Kept, anonymous: ids, timestamps, event names, run positions and statuses, consent statuses, delivery
 * statuses (the counts the journey map and funnels are built from), the suppression as a hash of the address (so
 * the address is never mailed marketing again), and an `erasures` row saying who asked and when.
 */
@Injectable()
export class ErasureService {
  private readonly logger = new Logger(ErasureService.name);

  constructor(
    private readonly dataSource: DataSource,
    private readonly queues: QueueService,
    private readonly audiences: AudienceRemovalService,
    private readonly clock: Clock,
  ) {}

  async erase(workspaceId: string, userId: string, requestedBy: string) {
    const [contact] = await rows<ContactRow>(
      this.dataSource,
      `SELECT id, external_id, email FROM contacts WHERE workspace_id = $1 AND external_id = $2`,
      [workspaceId, userId],
    );
    if (!contact) throw notFound(`contact ${userId}`);
    // First, while the identifiers audiences match on still exist.
    await this.audiences.removeEverywhere(workspaceId, contact.id, 'contact erased');
    const done = await this.dataSource.transaction((manager) =>
      this.eraseIn(manager, workspaceId, userId, contact.id, requestedBy),
    );
    await this.dropJobs(done.jobs);
    return { erased: true, userId, erasureId: done.erasureId, counts: done.counts };
  }

  private async eraseIn(
    manager: EntityManager,
    workspaceId: string,
    userId: string,
    contactId: string,
    requestedBy: string,
  ) {
    // Row lock, then the advisory lock that routing and sends hold: the order ingest uses too.
    const [contact] = await rows<ContactRow>(
      manager,
      `SELECT id, external_id, email FROM contacts WHERE id = $1 AND external_id = $2 FOR UPDATE`,
      [contactId, userId],
    );
    if (!contact) throw notFound(`contact ${userId}`);
    await lockContact(manager, contactId);
    const now = this.clock.now();
    const secrets = [contact.email, contact.external_id.includes('@') ? contact.external_id : null].filter(
      (s): s is string => !!s,
    );
    const scrub = (column: string) =>
      secrets.reduce((sql, _, i) => `replace(${sql}, $${i + 2}::text, '${ERASED}')`, column);
    const count = async (text: string, params: unknown[] = []) =>
      (await rows<unknown>(manager, text, [contactId, ...params])).length;

    const cancelled = await rows<{ id: string; kind: string }>(
      manager,
      `UPDATE effects SET status = 'cancelled', reason = 'contact erased', done_at = $2
        WHERE contact_id = $1 AND status IN ('pending', 'held') RETURNING id, kind`,
      [contactId, now],
    );
    const unrouted = await rows<{ id: string }>(
      manager,
      `SELECT id FROM events WHERE contact_id = $1 AND routed_at IS NULL`,
      [contactId],
    );
    const exited = await rows<{ id: string; position: string }>(
      manager,
      `UPDATE runs SET status = 'exited', ended_at = $2, updated_at = $2, pending_wake_seq = NULL
        WHERE contact_id = $1 AND status = 'active' RETURNING id, position`,
      [contactId, now],
    );
    if (exited.length > 0)
      await manager.query(
        `INSERT INTO run_steps (workspace_id, run_id, contact_id, at, cause, from_position, to_position, reason)
         SELECT $1, id, $2, $3, 'erasure', position, position, 'contact erased' FROM unnest($4::uuid[], $5::text[]) AS t(id, position)`,
        [workspaceId, contactId, now, exited.map((r) => r.id), exited.map((r) => r.position)],
      );
    const counts = {
      effectsCancelled: cancelled.length,
      runsExited: exited.length,
      // Snapshots hold the trigger event's properties.
      runs: await count(`UPDATE runs SET snapshot = '{}'::jsonb WHERE contact_id = $1 RETURNING id`),
      events: await count(
        `UPDATE events SET properties = '{}'::jsonb, context = '{}'::jsonb, routed_at = coalesce(routed_at, $2)
          WHERE contact_id = $1 RETURNING id`,
        [now],
      ),
      mailboxMessages: await count(
        `DELETE FROM mailbox_messages WHERE effect_id IN (SELECT id FROM effects WHERE contact_id = $1)
            OR (workspace_id = $2 AND recipient = ANY($3)) RETURNING effect_id`,
        [workspaceId, secrets],
      ),
      deliveries: await count(
        `UPDATE deliveries SET recipient = NULL, subject = NULL, error = ${scrub('error')} WHERE contact_id = $1 RETURNING effect_id`,
        secrets,
      ),
      runSteps: await count(
        `UPDATE run_steps SET reason = ${scrub('reason')} WHERE contact_id = $1 AND reason <> ${scrub('reason')} RETURNING id`,
        secrets,
      ),
      webhookDeliveries: await eraseDestinationData(manager, contactId),
      consentChanges: await count(
        `UPDATE consent_changes SET method = NULL WHERE contact_id = $1 RETURNING id`,
      ),
      suppressions: await count(
        `UPDATE suppressions SET address = NULL, contact_id = NULL, note = NULL
          WHERE contact_id = $1 OR (workspace_id = $2 AND address = ANY($3)) RETURNING address_hash`,
        [workspaceId, secrets],
      ),
    };
    await manager.query(`UPDATE effects SET reason = ${scrub('reason')} WHERE contact_id = $1`, [
      contactId,
      ...secrets,
    ]);
    await manager.query(`UPDATE contact_consents SET method = NULL WHERE contact_id = $1`, [contactId]);
    await manager.query(
      `UPDATE contacts SET external_id = 'erased:' || id, email = NULL, traits = '{}'::jsonb, updated_at = $2 WHERE id = $1`,
      [contactId, now],
    );
    const erasureId = uuidv7();
    await manager.query(
      `INSERT INTO erasures (id, workspace_id, contact_id, requested_by, erased_at, counts) VALUES ($1, $2, $3, $4, $5, $6)`,
      [erasureId, workspaceId, contactId, requestedBy, now, JSON.stringify(counts)],
    );
    const jobs = [
      ...cancelled.map((effect) => ({ kind: effect.kind, id: effect.id })),
      ...unrouted.map((event) => ({ kind: null, id: event.id })),
    ];
    return { erasureId, counts, jobs };
  }

  /** Queued jobs of cancelled effects and of events not routed yet; a job that runs anyway finds nothing to do. */
  private async dropJobs(jobs: { kind: string | null; id: string }[]): Promise<void> {
    const byQueue = new Map<QueueName, string[]>();
    for (const job of jobs) {
      let queue: QueueName;
      try {
        queue = job.kind ? JOB_QUEUE[effectJob(job.kind, job.id).name] : QUEUES.events;
      } catch {
        continue;
      }
      byQueue.set(queue, [...(byQueue.get(queue) ?? []), job.id]);
    }
    try {
      await Promise.all([...byQueue].map(([queue, ids]) => this.queues.remove(queue, ids)));
    } catch (error) {
      this.logger.warn(
        `erasure: queued jobs not removed (they will find nothing to do): ${(error as Error).message}`,
      );
    }
  }
}
