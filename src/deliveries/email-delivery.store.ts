import type { EntityManager } from 'typeorm';
import type { EmailMessage } from '../channels/email/email-message.builder';
import { rows } from '../database/sql';

export interface EmailClaim {
  effectId: string;
  workspaceId: string;
  contactId: string;
  messageId: string;
  recipient: string;
  subject: string;
}

/**
 * Claims the effect's one `deliveries` row before the SMTP call: the unique row is the promise that a second worker
 * (or a retry after a crash) sends no second copy. False when the effect was delivered already; it is then marked done.
 */
export async function claimEmailDelivery(
  manager: EntityManager,
  claim: EmailClaim,
  now: Date,
): Promise<boolean> {
  const claimed = await rows<{ status: string }>(
    manager,
    `INSERT INTO deliveries (effect_id, workspace_id, contact_id, channel, status, message_id, recipient, subject, attempts, created_at)
     VALUES ($1, $2, $3, 'email', 'sending', $4, $5, $6, 1, $7)
     ON CONFLICT (effect_id) DO UPDATE SET attempts = deliveries.attempts + 1 WHERE deliveries.status = 'sending'
     RETURNING status`,
    [
      claim.effectId,
      claim.workspaceId,
      claim.contactId,
      claim.messageId,
      claim.recipient,
      claim.subject,
      now,
    ],
  );
  if (claimed.length > 0) return true;
  await manager.query(
    `UPDATE effects SET status = 'done', done_at = $2 WHERE id = $1 AND status = 'pending'`,
    [claim.effectId, now],
  );
  return false;
}

export interface MailboxCopy {
  effectId: string;
  workspaceId: string;
  /** The message as built for nodemailer, and the raw MIME the dev transport produced from it. */
  message: Pick<EmailMessage, 'messageId' | 'to' | 'subject' | 'html'>;
  raw: Buffer;
}

/** Dev mailbox: with no SMTP server configured, the rendered message is kept for viewing. */
export async function keepInMailbox(manager: EntityManager, copy: MailboxCopy, now: Date): Promise<void> {
  const { messageId, to, subject, html } = copy.message;
  await manager.query(
    `INSERT INTO mailbox_messages (effect_id, workspace_id, message_id, recipient, subject, raw, html, created_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (effect_id) DO NOTHING`,
    [copy.effectId, copy.workspaceId, messageId, to, subject, copy.raw.toString('utf8'), html, now],
  );
}
