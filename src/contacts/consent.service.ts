import { Injectable, Logger } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { Clock } from '../common/clock';
import { notFound } from '../common/domain-error';
import { withTimeout } from '../common/with-timeout';
import { rows } from '../database/sql';
import { effectJob, type JobRequest } from '../scheduling/queue-catalogue';
import { QueueService } from '../scheduling/queue.service';
import { AudienceRemovalService } from './audience-removal.service';
import { decideConsent } from './consent-decision';
import { readConsentSettings, type ConsentSettings } from './consent-settings.schema';
import { parseConsentRequest } from './consent-request.schema';
import { consentFromTraits } from './consent-traits';
import { asCurrent, consentHistory, currentConsents, recordConsent } from './consent.store';
import { CONSENT_PURPOSES, type ConsentChange, type ConsentStatus } from './consent.types';

/** What committed consent changes still ask for: confirmation jobs to enqueue, audiences to leave. */
export interface ConsentOutcome {
  workspaceId: string;
  jobs: JobRequest[];
  /** Contacts to remove from every ad audience, with the reason. */
  leaveAudiences: { contactId: string; reason: string }[];
  /** The status each applied change set, in order (ignored changes are left out). */
  applied: { contactId: string; purpose: string; status: ConsentStatus }[];
}

export const CONFIRMATION_TEMPLATE = 'confirm-subscription';
const ENQUEUE_TIMEOUT_MS = 2_000;

export const emptyOutcome = (workspaceId: string): ConsentOutcome => ({
  workspaceId,
  jobs: [],
  leaveAudiences: [],
  applied: [],
});

/** Consent per purpose: changes (with history), the double opt-in request, and the view the API shows. */
@Injectable()
export class ConsentService {
  private readonly logger = new Logger(ConsentService.name);

  constructor(
    private readonly dataSource: DataSource,
    private readonly queues: QueueService,
    private readonly audiences: AudienceRemovalService,
    private readonly clock: Clock,
  ) {}

  /**
   * Applies changes for one contact inside the caller's transaction, which must hold the contact's row lock.
   * A grant that needs confirmation becomes `pending` with a confirmation email effect (`confirm.${changeId}`).
   */
  async apply(
    manager: EntityManager,
    workspaceId: string,
    contactId: string,
    changes: ConsentChange[],
    outcome: ConsentOutcome = emptyOutcome(workspaceId),
    settings?: ConsentSettings,
  ): Promise<ConsentOutcome> {
    if (changes.length === 0) return outcome;
    const { doubleOptIn } = settings ?? (await readConsentSettings(manager, workspaceId));
    const now = this.clock.now();
    for (const change of changes) {
      const current = await currentConsents(manager, contactId);
      const decision = decideConsent(asCurrent(current.get(change.purpose)), change, doubleOptIn);
      if ('ignored' in decision) continue;
      const changeId = await recordConsent(manager, {
        workspaceId,
        contactId,
        change,
        status: decision.status,
        now,
      });
      outcome.applied.push({ contactId, purpose: change.purpose, status: decision.status });
      if (decision.status === 'pending')
        outcome.jobs.push(await this.requestConfirmation(manager, workspaceId, contactId, changeId, now));
      if (change.purpose === 'ads' && decision.status === 'withdrawn')
        outcome.leaveAudiences.push({ contactId, reason: 'ads consent withdrawn' });
    }
    return outcome;
  }

  /** Consent traits of freshly stored identifies, applied in the ingest transaction (which locked the contacts). */
  async fromIdentify(
    manager: EntityManager,
    workspaceId: string,
    identifies: { contactId: string; traits: Record<string, unknown>; at: Date }[],
  ): Promise<ConsentOutcome> {
    const outcome = emptyOutcome(workspaceId);
    const wanted = identifies.map((item) => ({ ...item, changes: consentFromTraits(item.traits, item.at) }));
    if (!wanted.some((item) => item.changes.length > 0)) return outcome;
    const settings = await readConsentSettings(manager, workspaceId);
    for (const item of wanted)
      await this.apply(manager, workspaceId, item.contactId, item.changes, outcome, settings);
    return outcome;
  }

  /** After commit: enqueue confirmations (the reconciler re-adds them if Redis fails) and leave audiences. */
  async afterCommit(outcome: ConsentOutcome): Promise<void> {
    if (outcome.jobs.length > 0) {
      try {
        await withTimeout(this.queues.enqueue(outcome.jobs), ENQUEUE_TIMEOUT_MS);
      } catch (error) {
        this.logger.warn(`confirmation email left to the reconciler: ${(error as Error).message}`);
      }
    }
    const seen = new Set<string>();
    for (const { contactId, reason } of outcome.leaveAudiences) {
      if (seen.has(contactId)) continue;
      seen.add(contactId);
      await this.audiences.removeEverywhere(outcome.workspaceId, contactId, reason);
    }
  }

  /** `PUT /v1/contacts/{userId}/consent`: validates, applies in one transaction, then answers with the view. */
  async update(workspaceId: string, userId: string, body: unknown) {
    const changes = parseConsentRequest(body, this.clock.now());
    const outcome = await this.dataSource.transaction(async (manager) => {
      // The row lock serialises consent changes of one contact (ingest holds it while applying traits).
      const [contact] = await rows<{ id: string }>(
        manager,
        `SELECT id FROM contacts WHERE workspace_id = $1 AND external_id = $2 FOR UPDATE`,
        [workspaceId, userId],
      );
      if (!contact) throw notFound(`contact ${userId}`);
      return this.apply(manager, workspaceId, contact.id, changes);
    });
    await this.afterCommit(outcome);
    return this.view(workspaceId, userId);
  }

  /** `GET /v1/contacts/{userId}/consent`: per purpose the answer and whether it allows use now, and the history. */
  async view(workspaceId: string, userId: string) {
    const [contact] = await rows<{ id: string }>(
      this.dataSource,
      `SELECT id FROM contacts WHERE workspace_id = $1 AND external_id = $2`,
      [workspaceId, userId],
    );
    if (!contact) throw notFound(`contact ${userId}`);
    const settings = await readConsentSettings(this.dataSource, workspaceId);
    const current = await currentConsents(this.dataSource, contact.id);
    const defaults = { email_marketing: settings.emailMarketingDefault, ads: settings.adsDefault };
    const consent = Object.fromEntries(
      CONSENT_PURPOSES.map((purpose) => {
        const row = current.get(purpose);
        const allowed = row ? row.status === 'granted' : defaults[purpose] === 'granted';
        return [
          purpose,
          row
            ? { status: row.status, source: row.source, method: row.method, at: row.changed_at, allowed }
            : { status: null, default: defaults[purpose], allowed },
        ];
      }),
    );
    const history = (await consentHistory(this.dataSource, contact.id)).map((row) => ({
      purpose: row.purpose,
      status: row.status,
      source: row.source,
      method: row.method,
      at: row.at,
      recordedAt: row.recorded_at,
    }));
    return { userId, consent, history };
  }

  private async requestConfirmation(
    manager: EntityManager,
    workspaceId: string,
    contactId: string,
    changeId: string,
    now: Date,
  ): Promise<JobRequest> {
    const id = `confirm.${changeId}`;
    const payload = {
      stepId: CONFIRMATION_TEMPLATE,
      seq: 0,
      template: CONFIRMATION_TEMPLATE,
      messageClass: 'transactional',
    };
    await manager.query(
      `INSERT INTO effects (id, workspace_id, run_id, contact_id, kind, status, due_at, payload, created_at)
       VALUES ($1, $2, NULL, $3, 'consent-confirm', 'pending', $4, $5, $4) ON CONFLICT (id) DO NOTHING`,
      [id, workspaceId, contactId, now, JSON.stringify(payload)],
    );
    return effectJob('consent-confirm', id);
  }
}
