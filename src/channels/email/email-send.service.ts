import { Inject, Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import type { Transporter } from 'nodemailer';
import { DataSource, type EntityManager } from 'typeorm';
import { Clock } from '../../common/clock';
import { retryWrite } from '../../common/retry-write';
import { APP_CONFIG, type AppConfig } from '../../config/app-config';
import { lockContact, rows } from '../../database/sql';
import { JourneyCatalog } from '../../journeys/journey-catalog.service';
import type { EventRow } from '../../journeys/runs/contact-view';
import type { RunRow } from '../../journeys/runs/run-store';
import type { JobContext, JobDelay } from '../../scheduling/job-handlers';
import { WorkspaceService } from '../../workspaces/workspace.service';
import { WorkspaceSettingsService } from '../../workspaces/workspace-settings.service';
import { SendPolicyService } from '../policy/send-policy.service';
import { EmailContentService } from './email-content.service';
import { buildEmailMessage } from './email-message.builder';
import { claimEmailDelivery, keepInMailbox } from '../../deliveries/email-delivery.store';
import { decideSend } from './send-checks';
import { isPermanentSmtpError } from './smtp-errors';
import { MAIL_TRANSPORT } from './mail-transport.provider';

interface EmailEffect {
  id: string;
  workspace_id: string;
  run_id: string;
  contact_id: string;
  status: string;
  due_at: Date;
  payload: {
    stepId: string;
    template: string;
    messageClass?: 'marketing' | 'transactional';
    data?: Record<string, unknown>;
  };
}

interface Claim {
  effect: EmailEffect;
  runId: string;
  contactId: string;
  workspaceId: string;
  message: ReturnType<typeof buildEmailMessage>;
}

/**
 * Sends one email effect at most once: checks, then claims the effect's unique delivery row in a committed
 * transaction, then calls SMTP with a Message-ID derived from the effect id, then records the outcome.
 */
@Injectable()
export class EmailSendService implements OnApplicationShutdown {
  private readonly logger = new Logger(EmailSendService.name);

  constructor(
    private readonly dataSource: DataSource,
    private readonly catalog: JourneyCatalog,
    private readonly content: EmailContentService,
    private readonly workspaces: WorkspaceService,
    private readonly settings: WorkspaceSettingsService,
    private readonly clock: Clock,
    private readonly policy: SendPolicyService,
    @Inject(MAIL_TRANSPORT) private readonly transport: Transporter,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async send(effectId: string, context: JobContext): Promise<void | JobDelay> {
    const claim = await this.dataSource.transaction((manager) => this.prepare(manager, effectId));
    if (claim instanceof Date) return { delayMs: claim.getTime() - this.clock.now().getTime() };
    if (!claim) return;
    let info: { message?: unknown; response?: string };
    try {
      info = await this.transport.sendMail(claim.message);
    } catch (error) {
      const permanent = isPermanentSmtpError(error);
      if (permanent || context.attempt >= context.maxAttempts)
        return this.recordFailure(claim, error as Error, permanent);
      await this.dataSource.query(`UPDATE deliveries SET error = $2 WHERE effect_id = $1`, [
        effectId,
        String((error as Error).message),
      ]);
      throw error;
    }
    // The mail is out: a failed job would send it again, so the record waits out a database outage instead.
    await retryWrite(() => this.recordSent(claim, info), {
      onRetry: (error, attempt, delayMs) =>
        this.logger.warn(
          `recording email ${effectId} as sent failed (try ${attempt}), again in ${delayMs} ms: ${error.message}`,
        ),
    });
  }

  /** Closes pooled SMTP connections once the workers have stopped. */
  onApplicationShutdown(): void {
    this.transport.close();
  }

  /** Phase one, under the contact lock: re-check, render, and claim the delivery row; a Date: run again then. */
  private async prepare(manager: EntityManager, effectId: string): Promise<Claim | Date | null> {
    const [head] = await rows<{ contact_id: string }>(
      manager,
      `SELECT contact_id FROM effects WHERE id = $1`,
      [effectId],
    );
    if (!head) return null;
    await lockContact(manager, head.contact_id);
    const [effect] = await rows<EmailEffect>(
      manager,
      `SELECT * FROM effects WHERE id = $1 AND kind = 'email'`,
      [effectId],
    );
    if (!effect || effect.status !== 'pending') return null;
    const now = this.clock.now();
    // A deferred effect whose job came early (re-added, or moved back before a crash) waits for its due time.
    if (effect.due_at > now) return effect.due_at;
    const [run] = await rows<RunRow & { journey_status: string }>(
      manager,
      `SELECT r.*, j.status AS journey_status FROM runs r JOIN journeys j ON j.id = r.journey_id WHERE r.id = $1`,
      [effect.run_id],
    );
    const [contact] = await rows<{ id: string; email: string | null; traits: Record<string, unknown> }>(
      manager,
      `SELECT id, email, traits FROM contacts WHERE id = $1`,
      [effect.contact_id],
    );
    const [trigger] = run.trigger_event_id
      ? await rows<EventRow>(manager, `SELECT * FROM events WHERE id = $1`, [run.trigger_event_id])
      : [];
    const definition = await this.catalog.definition(run.journey_version_id, manager);
    const messageClass = effect.payload.messageClass ?? 'marketing';
    const checked = await decideSend(manager, {
      definition,
      run,
      contact,
      journeyStatus: run.journey_status,
      messageClass,
      trigger: trigger ?? null,
      now,
      timeScale: this.config.TIME_SCALE,
    });
    const decision =
      checked.action === 'send'
        ? await this.policy.decide(manager, {
            effectId,
            workspaceId: effect.workspace_id,
            contact,
            definition,
            messageClass,
            now,
          })
        : checked;
    const step = effect.payload.stepId;
    if (decision.action === 'defer') {
      // Still pending, due later: the reconciler finds it by due_at like any other pending effect.
      await manager.query(`UPDATE effects SET due_at = $2, reason = $3 WHERE id = $1`, [
        effectId,
        decision.until,
        decision.reason,
      ]);
      await this.log(manager, effect, run.position, `${step} ${decision.reason}`, now);
      return decision.until;
    }
    if (decision.action !== 'send') {
      const status = decision.action === 'hold' ? 'held' : 'skipped';
      await manager.query(`UPDATE effects SET status = $2, reason = $3, done_at = $4 WHERE id = $1`, [
        effectId,
        status,
        decision.reason,
        decision.action === 'hold' ? null : now,
      ]);
      await this.log(manager, effect, run.position, `${step} ${status}: ${decision.reason}`, now);
      return null;
    }
    const rendered = await this.content.render(
      { effect, run, definition, contact: { ...contact, email: contact.email! }, trigger: trigger ?? null },
      manager,
    );
    const message = buildEmailMessage({
      effectId,
      messageClass,
      from: this.config.MAIL_FROM,
      to: contact.email!,
      rendered: rendered.email,
      unsubscribeUrl: rendered.unsubscribeUrl,
      messageIdDomain: this.config.MESSAGE_ID_DOMAIN,
      dkim: (await this.settings.get(effect.workspace_id, manager)).dkim,
    });
    const claimed = await claimEmailDelivery(
      manager,
      {
        effectId,
        workspaceId: effect.workspace_id,
        contactId: effect.contact_id,
        messageId: message.messageId,
        recipient: contact.email!,
        subject: message.subject,
      },
      now,
    );
    if (!claimed) return null;
    return { effect, runId: run.id, contactId: contact.id, workspaceId: effect.workspace_id, message };
  }

  private async recordSent(claim: Claim, info: { message?: unknown; response?: string }): Promise<void> {
    const now = this.clock.now();
    await this.dataSource.transaction(async (manager) => {
      // An erasure may have committed while SMTP was answering: then no address is written back anywhere.
      await lockContact(manager, claim.contactId);
      const [still] = await rows<{ email: string | null }>(
        manager,
        `SELECT email FROM contacts WHERE id = $1`,
        [claim.contactId],
      );
      const erased = !still?.email;
      const recorded = await rows<{ effect_id: string }>(
        manager,
        `UPDATE deliveries SET status = 'sent', sent_at = $2, error = NULL
          WHERE effect_id = $1 AND status = 'sending' RETURNING effect_id`,
        [claim.effect.id, now],
      );
      // Already sent: a retried record whose first commit went through, or a worker that took the job over.
      if (recorded.length === 0) return;
      await manager.query(`UPDATE effects SET status = 'done', done_at = $2 WHERE id = $1`, [
        claim.effect.id,
        now,
      ]);
      if (Buffer.isBuffer(info.message) && !erased) {
        const copy = { effectId: claim.effect.id, workspaceId: claim.workspaceId, message: claim.message };
        await keepInMailbox(manager, { ...copy, raw: info.message }, now);
      }
      await this.log(
        manager,
        claim.effect,
        null,
        `${claim.effect.payload.stepId} sent to ${erased ? '(erased contact)' : claim.message.to}`,
        now,
      );
    });
  }

  private async recordFailure(claim: Claim, error: Error, permanent: boolean): Promise<void> {
    const now = this.clock.now();
    const reason = `${permanent ? 'rejected' : 'gave up after retries'}: ${error.message}`;
    this.logger.warn(`email ${claim.effect.id} failed: ${reason}`);
    await this.dataSource.transaction(async (manager) => {
      await manager.query(`UPDATE deliveries SET status = 'failed', error = $2 WHERE effect_id = $1`, [
        claim.effect.id,
        reason,
      ]);
      await manager.query(`UPDATE effects SET status = 'failed', reason = $2, done_at = $3 WHERE id = $1`, [
        claim.effect.id,
        reason,
        now,
      ]);
      await this.log(manager, claim.effect, null, `${claim.effect.payload.stepId} failed: ${reason}`, now);
    });
  }

  private async log(
    manager: EntityManager,
    effect: EmailEffect,
    position: string | null,
    reason: string,
    now: Date,
  ): Promise<void> {
    await manager.query(
      `INSERT INTO run_steps (workspace_id, run_id, contact_id, at, cause, from_position, to_position, reason)
       SELECT $1, $2, $3, $4, $5, coalesce($6, position), coalesce($6, position), $7 FROM runs WHERE id = $2`,
      [
        effect.workspace_id,
        effect.run_id,
        effect.contact_id,
        now,
        `send ${effect.payload.stepId}`,
        position,
        reason,
      ],
    );
  }
}
