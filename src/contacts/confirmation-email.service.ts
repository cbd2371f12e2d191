import { Inject, Injectable, Logger } from '@nestjs/common';
import type { Transporter } from 'nodemailer';
import { DataSource, type EntityManager } from 'typeorm';
import { buildEmailMessage, type EmailMessage } from '../channels/email/email-message.builder';
import { EmailTemplateRenderer } from '../channels/email/email-template.renderer';
import type { EmailTemplateOverrides } from '../channels/email/email-template.types';
import { MAIL_TRANSPORT } from '../channels/email/mail-transport.provider';
import { retryWrite } from '../common/retry-write';
import { isPermanentSmtpError } from '../channels/email/smtp-errors';
import { createToken } from '../channels/email/unsubscribe-token';
import { Clock } from '../common/clock';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { lockContact, rows } from '../database/sql';
import type { JobContext } from '../scheduling/job-handlers';
import { WorkspaceSettingsService } from '../workspaces/workspace-settings.service';
import { WorkspaceService } from '../workspaces/workspace.service';
import { CONFIRMATION_TEMPLATE } from './consent.service';
import { currentConsents } from './consent.store';
import { findSuppression } from './suppression.store';
import { claimEmailDelivery, keepInMailbox } from '../deliveries/email-delivery.store';

/** A confirmation link stays valid this long; after that the contact signs up again. */
export const CONFIRM_LINK_DAYS = 30;

interface Claim {
  effectId: string;
  contactId: string;
  workspaceId: string;
  message: EmailMessage;
}

/**
 * Sends the double opt-in confirmation of one `consent-confirm` effect at most once, with the discipline of
 * journey email: re-check under the contact lock, claim the effect's unique delivery row in a committed
 * transaction, then call SMTP with a Message-ID derived from the effect id, then record the outcome.
 */
@Injectable()
export class ConfirmationEmailService {
  private readonly logger = new Logger(ConfirmationEmailService.name);

  constructor(
    private readonly dataSource: DataSource,
    private readonly renderer: EmailTemplateRenderer,
    private readonly workspaces: WorkspaceService,
    private readonly settings: WorkspaceSettingsService,
    private readonly clock: Clock,
    @Inject(MAIL_TRANSPORT) private readonly transport: Transporter,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  baseUrl(): string {
    return (this.config.PUBLIC_URL ?? `http://localhost:${this.config.PORT}`).replace(/\/$/, '');
  }

  async send(effectId: string, context: JobContext): Promise<void> {
    const claim = await this.dataSource.transaction((manager) => this.prepare(manager, effectId));
    if (!claim) return;
    let info: { message?: unknown };
    try {
      info = await this.transport.sendMail(claim.message);
    } catch (error) {
      const permanent = isPermanentSmtpError(error);
      if (permanent || context.attempt >= context.maxAttempts)
        return this.finish(
          claim,
          'failed',
          `${permanent ? 'rejected' : 'gave up after retries'}: ${(error as Error).message}`,
        );
      await this.dataSource.query(`UPDATE deliveries SET error = $2 WHERE effect_id = $1`, [
        effectId,
        String((error as Error).message),
      ]);
      throw error;
    }
    // The mail is out: a failed job would send it again, so the record waits out a database outage instead.
    const raw = Buffer.isBuffer(info.message) ? info.message : null;
    await retryWrite(() => this.finish(claim, 'sent', null, raw), {
      onRetry: (error, attempt, delayMs) =>
        this.logger.warn(
          `recording confirmation ${effectId} as sent failed (try ${attempt}), again in ${delayMs} ms: ${error.message}`,
        ),
    });
  }

  private async prepare(manager: EntityManager, effectId: string): Promise<Claim | null> {
    const [head] = await rows<{ contact_id: string }>(
      manager,
      `SELECT contact_id FROM effects WHERE id = $1`,
      [effectId],
    );
    if (!head) return null;
    await lockContact(manager, head.contact_id);
    const [effect] = await rows<{ workspace_id: string; contact_id: string; status: string }>(
      manager,
      `SELECT workspace_id, contact_id, status FROM effects WHERE id = $1 AND kind = 'consent-confirm'`,
      [effectId],
    );
    if (!effect || effect.status !== 'pending') return null;
    const now = this.clock.now();
    const [contact] = await rows<{
      id: string;
      email: string | null;
      traits: Record<string, unknown>;
      workspace: string;
    }>(
      manager,
      `SELECT c.id, c.email, c.traits, w.name AS workspace FROM contacts c JOIN workspaces w ON w.id = c.workspace_id WHERE c.id = $1`,
      [effect.contact_id],
    );
    const skip = await this.skipReason(manager, effect.workspace_id, contact);
    if (skip) {
      await manager.query(`UPDATE effects SET status = 'skipped', reason = $2, done_at = $3 WHERE id = $1`, [
        effectId,
        skip,
        now,
      ]);
      return null;
    }
    const email = contact.email!;
    const secret = this.workspaces.signingSecret();
    const ids = { w: effect.workspace_id, c: contact.id };
    const expires = Math.floor(now.getTime() / 1000) + CONFIRM_LINK_DAYS * 86_400;
    const links = {
      confirm: `${this.baseUrl()}/c/${createToken(secret, { ...ids, p: 'confirm', e: expires })}`,
      unsubscribe: `${this.baseUrl()}/u/${createToken(secret, { ...ids, p: 'unsubscribe' })}`,
    };
    const rendered = await this.renderer.render(
      CONFIRMATION_TEMPLATE,
      contact.traits.locale,
      { contact: { ...contact.traits, email }, workspace: { name: contact.workspace }, links },
      await this.overrides(manager, effect.workspace_id),
    );
    const message = buildEmailMessage({
      effectId,
      messageClass: 'transactional',
      from: this.config.MAIL_FROM,
      to: email,
      rendered,
      messageIdDomain: this.config.MESSAGE_ID_DOMAIN,
      dkim: (await this.settings.get(effect.workspace_id, manager)).dkim,
    });
    const claimed = await claimEmailDelivery(
      manager,
      {
        effectId,
        workspaceId: effect.workspace_id,
        contactId: contact.id,
        messageId: message.messageId,
        recipient: email,
        subject: message.subject,
      },
      now,
    );
    if (!claimed) return null;
    return { effectId, contactId: contact.id, workspaceId: effect.workspace_id, message };
  }

  /** Why the confirmation is no longer wanted: no address, answered meanwhile, or the address bounced. */
  private async skipReason(
    manager: EntityManager,
    workspaceId: string,
    contact: { id: string; email: string | null } | undefined,
  ): Promise<string | null> {
    if (!contact?.email) return 'the contact has no email address';
    const status = (await currentConsents(manager, contact.id)).get('email_marketing')?.status ?? 'unknown';
    if (status !== 'pending') return `email_marketing consent is ${status} now`;
    const suppressed = await findSuppression(manager, workspaceId, contact.email);
    if (suppressed?.reason === 'bounce') return 'email suppressed: bounce';
    return null;
  }

  private async overrides(manager: EntityManager, workspaceId: string): Promise<EmailTemplateOverrides> {
    const edited = await rows<{ locale: string; subject: string; mjml: string }>(
      manager,
      `SELECT locale, subject, mjml FROM email_templates WHERE workspace_id = $1 AND key = $2`,
      [workspaceId, CONFIRMATION_TEMPLATE],
    );
    return Object.fromEntries(edited.map((row) => [row.locale, { subject: row.subject, mjml: row.mjml }]));
  }

  private async finish(
    claim: Claim,
    status: 'sent' | 'failed',
    error: string | null,
    raw: Buffer | null = null,
  ): Promise<void> {
    if (error) this.logger.warn(`confirmation ${claim.effectId} failed: ${error}`);
    const now = this.clock.now();
    await this.dataSource.transaction(async (manager) => {
      await manager.query(
        `UPDATE deliveries SET status = $2, error = $3, sent_at = CASE WHEN $2 = 'sent' THEN $4::timestamptz END WHERE effect_id = $1`,
        [claim.effectId, status, error, now],
      );
      await manager.query(`UPDATE effects SET status = $2, reason = $3, done_at = $4 WHERE id = $1`, [
        claim.effectId,
        status === 'sent' ? 'done' : 'failed',
        error,
        now,
      ]);
      // Dev mailbox, unless the contact was erased while SMTP was answering.
      const [still] = raw
        ? await rows<{ email: string | null }>(manager, `SELECT email FROM contacts WHERE id = $1`, [
            claim.contactId,
          ])
        : [];
      if (raw && still?.email) {
        const copy = { effectId: claim.effectId, workspaceId: claim.workspaceId, message: claim.message };
        await keepInMailbox(manager, { ...copy, raw }, now);
      }
    });
  }
}
