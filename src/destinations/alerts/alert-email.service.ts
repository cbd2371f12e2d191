import { Inject, Injectable, Logger } from '@nestjs/common';
import type { Transporter } from 'nodemailer';
import { DataSource, type EntityManager } from 'typeorm';
import { buildEmailMessage, type EmailMessage } from '../../channels/email/email-message.builder';
import { EmailTemplateRenderer } from '../../channels/email/email-template.renderer';
import { MAIL_TRANSPORT } from '../../channels/email/mail-transport.provider';
import { retryWrite } from '../../common/retry-write';
import { isPermanentSmtpError } from '../../channels/email/smtp-errors';
import { Clock } from '../../common/clock';
import { APP_CONFIG, type AppConfig } from '../../config/app-config';
import { lockContact, rows } from '../../database/sql';
import type { JobContext } from '../../scheduling/job-handlers';
import { WebhookBodyError, renderMessage } from '../webhooks/webhook-body';
import { type ActionEffectRow, loadEnvelope, loadRunView, logEffectStep } from '../webhooks/webhook-envelope';
import { readAlertSettings } from './alert-settings.schema';

export const TEAM_ALERT_TEMPLATE = 'team-alert';

interface Claim {
  effect: ActionEffectRow;
  message: EmailMessage;
}

/**
 * Emails an alert step to the business (template team-alert, transactional): at most once per effect, through a
 * unique `deliveries` row claimed before the SMTP call, like every other email.
 */
@Injectable()
export class AlertEmailService {
  private readonly logger = new Logger(AlertEmailService.name);

  constructor(
    private readonly dataSource: DataSource,
    private readonly renderer: EmailTemplateRenderer,
    private readonly clock: Clock,
    @Inject(MAIL_TRANSPORT) private readonly transport: Transporter,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async send(effectId: string, context: JobContext): Promise<void> {
    const claim = await this.dataSource.transaction((manager) => this.prepare(manager, effectId));
    if (!claim) return;
    let info: { message?: unknown };
    try {
      info = (await this.transport.sendMail(claim.message)) as { message?: unknown };
    } catch (error) {
      const permanent = isPermanentSmtpError(error);
      if (!permanent && context.attempt < context.maxAttempts) throw error;
      return this.finish(claim, {
        sent: false,
        reason: `${permanent ? 'rejected' : 'gave up'}: ${(error as Error).message}`,
      });
    }
    // The mail is out: a failed job would send it again, so the record waits out a database outage instead.
    const raw = Buffer.isBuffer(info.message) ? info.message.toString('utf8') : null;
    await retryWrite(() => this.finish(claim, { sent: true, raw }), {
      onRetry: (error, attempt, delayMs) =>
        this.logger.warn(
          `recording alert ${effectId} as sent failed (try ${attempt}), again in ${delayMs} ms: ${error.message}`,
        ),
    });
  }

  private async prepare(manager: EntityManager, effectId: string): Promise<Claim | null> {
    const [head] = await rows<{ contact_id: string }>(
      manager,
      `SELECT contact_id FROM effects WHERE id = $1 AND kind = 'alert'`,
      [effectId],
    );
    if (!head) return null;
    await lockContact(manager, head.contact_id);
    const [effect] = await rows<ActionEffectRow>(manager, `SELECT * FROM effects WHERE id = $1`, [effectId]);
    if (effect.status !== 'pending') return null;
    const now = this.clock.now();
    const stop = async (status: 'held' | 'skipped' | 'failed', reason: string) => {
      await manager.query(`UPDATE effects SET status = $2, reason = $3, done_at = $4 WHERE id = $1`, [
        effectId,
        status,
        reason,
        status === 'held' ? null : now,
      ]);
      await logEffectStep(manager, effect, `${effect.payload.stepId} ${status}: ${reason}`, now);
      return null;
    };
    const run = await loadRunView(manager, effect.run_id);
    if (run.journey_status === 'paused') return stop('held', 'the journey is paused');
    const settings = await readAlertSettings(manager, effect.workspace_id);
    const to = effect.payload.to ?? settings.email;
    if (!to)
      return stop('skipped', 'no alert address: give the step an email or set alerts.email in the settings');
    const envelope = await loadEnvelope(manager, effect, run, 'alert');
    let text: string;
    try {
      text = await renderMessage(effect.payload.message ?? '', envelope);
    } catch (error) {
      if (error instanceof WebhookBodyError) return stop('failed', `message: ${error.message}`);
      throw error;
    }
    const [workspace] = await rows<{ name: string }>(manager, `SELECT name FROM workspaces WHERE id = $1`, [
      effect.workspace_id,
    ]);
    const edited = await rows<{ locale: 'en' | 'nl'; subject: string; mjml: string }>(
      manager,
      `SELECT locale, subject, mjml FROM email_templates WHERE workspace_id = $1 AND key = $2`,
      [effect.workspace_id, TEAM_ALERT_TEMPLATE],
    );
    const rendered = await this.renderer.render(
      TEAM_ALERT_TEMPLATE,
      settings.locale,
      {
        contact: { ...envelope.contact.traits, email: envelope.contact.email ?? '' },
        ...(envelope.event ? { event: envelope.event.properties } : {}),
        workspace: { name: workspace?.name ?? 'Touchpoint' },
        links: {},
        alert: {
          message: text,
          journey: envelope.journey.key,
          flow: envelope.journey.flow,
          step: envelope.journey.step,
          event: envelope.event?.name ?? null,
          stage: envelope.stage,
          contact_user_id: envelope.contact.userId,
        },
      },
      Object.fromEntries(edited.map((row) => [row.locale, { subject: row.subject, mjml: row.mjml }])),
    );
    const message = buildEmailMessage({
      effectId,
      messageClass: 'transactional',
      from: this.config.MAIL_FROM,
      to,
      rendered,
      messageIdDomain: this.config.MESSAGE_ID_DOMAIN,
    });
    // The unique row is the promise of one alert per effect, whatever retries or crashes happen.
    const claimed = await rows(
      manager,
      `INSERT INTO deliveries (effect_id, workspace_id, contact_id, channel, status, message_id, recipient, subject, attempts, created_at)
       VALUES ($1, $2, $3, 'alert-email', 'sending', $4, $5, $6, 1, $7)
       ON CONFLICT (effect_id) DO UPDATE SET attempts = deliveries.attempts + 1 WHERE deliveries.status = 'sending'
       RETURNING effect_id`,
      [effectId, effect.workspace_id, effect.contact_id, message.messageId, to, message.subject, now],
    );
    if (claimed.length === 0) return null;
    return { effect, message };
  }

  private async finish(
    claim: Claim,
    outcome: { sent: true; raw: string | null } | { sent: false; reason: string },
  ): Promise<void> {
    const now = this.clock.now();
    const { effect, message } = claim;
    if (!outcome.sent) this.logger.warn(`alert ${effect.id} failed: ${outcome.reason}`);
    await this.dataSource.transaction(async (manager) => {
      await manager.query(
        `UPDATE deliveries SET status = $2, sent_at = CASE WHEN $2 = 'sent' THEN $3::timestamptz END, error = $4 WHERE effect_id = $1`,
        [effect.id, outcome.sent ? 'sent' : 'failed', now, outcome.sent ? null : outcome.reason],
      );
      await manager.query(`UPDATE effects SET status = $2, reason = $3, done_at = $4 WHERE id = $1`, [
        effect.id,
        outcome.sent ? 'done' : 'failed',
        outcome.sent ? null : outcome.reason,
        now,
      ]);
      if (outcome.sent && outcome.raw !== null) {
        // Dev mailbox: no SMTP server configured, so the alert is kept for the dashboard like any email.
        await manager.query(
          `INSERT INTO mailbox_messages (effect_id, workspace_id, message_id, recipient, subject, raw, html, created_at)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (effect_id) DO NOTHING`,
          [
            effect.id,
            effect.workspace_id,
            message.messageId,
            String(message.to),
            message.subject,
            outcome.raw,
            message.html,
            now,
          ],
        );
      }
      const what = outcome.sent ? `alert emailed to ${String(message.to)}` : `failed: ${outcome.reason}`;
      await logEffectStep(manager, effect, `${effect.payload.stepId} ${what}`, now);
    });
  }
}
