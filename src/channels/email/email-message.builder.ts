import type { Address, SendMailOptions } from 'nodemailer';

/** Marketing mail carries unsubscribe headers (RFC 8058 one-click); transactional mail does not. */
export type EmailMessageClass = 'marketing' | 'transactional';

export interface EmailMessageInput {
  /** The effect being delivered: the idempotency key, and the source of the Message-ID. */
  effectId: string;
  messageClass: EmailMessageClass;
  from: string | Address;
  to: string | Address;
  replyTo?: string | Address;
  rendered: { subject: string; html: string; text: string };
  /** Required for marketing mail: the one-click URL, `unsubscribeUrl(baseUrl, token)`; the body links to it too. */
  unsubscribeUrl?: string;
  /** Optional address for the `mailto:` alternative in List-Unsubscribe. */
  unsubscribeMailto?: string;
  /** Right-hand side of the Message-ID; defaults to the domain of the From address, else `touchpoint.local`. */
  messageIdDomain?: string;
  /** The workspace's DKIM key; the message goes out unsigned without one. */
  dkim?: { domainName: string; keySelector: string; privateKey: string } | null;
}

/**
 * Header fields the DKIM signature covers: nodemailer's default list (RFC 6376 section 5.4) plus
 * List-Unsubscribe-Post, which Gmail and Yahoo require to be signed along with List-Unsubscribe (RFC 8058).
 */
export const DKIM_HEADER_FIELDS = [
  'From',
  'Sender',
  'Reply-To',
  'Subject',
  'Date',
  'Message-ID',
  'To',
  'Cc',
  'MIME-Version',
  'Content-Type',
  'Content-Transfer-Encoding',
  'Content-ID',
  'Content-Description',
  'In-Reply-To',
  'References',
  'List-Id',
  'List-Unsubscribe',
  'List-Unsubscribe-Post',
].join(':');

/** A nodemailer message whose identifying fields are always set. */
export type EmailMessage = SendMailOptions & {
  messageId: string;
  subject: string;
  to: string | Address;
  headers: Record<string, string>;
};

/** `{baseUrl}/u/{token}`: the page that a GET shows and a one-click POST (RFC 8058) acts on. */
export function unsubscribeUrl(baseUrl: string, token: string): string {
  return `${baseUrl.replace(/\/+$/, '')}/u/${encodeURIComponent(token)}`;
}

/**
 * `<effectId@domain>`, with every character outside [A-Za-z0-9_-] written as =XX (UTF-8 hex), because a
 * Message-ID allows no ':' and effect ids are `${runId}:${seq}`. Injective, so distinct effects never collide.
 */
export function emailMessageId(effectId: string, domain: string): string {
  const local = [...Buffer.from(effectId, 'utf8')]
    .map((byte) => {
      const char = String.fromCharCode(byte);
      return /[A-Za-z0-9_-]/.test(char) ? char : `=${byte.toString(16).toUpperCase().padStart(2, '0')}`;
    })
    .join('');
  return `<${local}@${domain}>`;
}

function domainOf(address: string | Address): string | undefined {
  const text = typeof address === 'string' ? address : (address.address ?? '');
  return /@([A-Za-z0-9.-]+)>?\s*$/.exec(text)?.[1];
}

function unsubscribeHeaders(input: EmailMessageInput): Record<string, string> {
  if (input.messageClass === 'transactional') return {};
  const url =
    input.unsubscribeUrl && URL.canParse(input.unsubscribeUrl) ? new URL(input.unsubscribeUrl) : undefined;
  if (!url || (url.protocol !== 'https:' && url.protocol !== 'http:')) {
    throw new Error(`marketing email ${input.effectId} needs an http(s) unsubscribe URL`);
  }
  const targets = [url.href];
  if (input.unsubscribeMailto) targets.push(`mailto:${input.unsubscribeMailto}?subject=unsubscribe`);
  return {
    'List-Unsubscribe': targets.map((target) => `<${target}>`).join(', '),
    // RFC 8058: mailbox providers POST List-Unsubscribe=One-Click to the URL, no login and no confirmation page.
    'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
  };
}

/** Builds the nodemailer message for one send of one effect. */
export function buildEmailMessage(input: EmailMessageInput): EmailMessage {
  const domain = input.messageIdDomain || domainOf(input.from) || 'touchpoint.local';
  return {
    from: input.from,
    to: input.to,
    ...(input.replyTo ? { replyTo: input.replyTo } : {}),
    subject: input.rendered.subject,
    html: input.rendered.html,
    text: input.rendered.text,
    messageId: emailMessageId(input.effectId, domain),
    headers: { 'X-Touchpoint-Effect-ID': input.effectId, ...unsubscribeHeaders(input) },
    ...(input.dkim ? { dkim: { ...input.dkim, headerFieldNames: DKIM_HEADER_FIELDS } } : {}),
    // Content is rendered text; never let a message pull files or URLs into itself.
    disableFileAccess: true,
    disableUrlAccess: true,
  };
}
