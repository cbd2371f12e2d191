import type { RenderedEmail } from '../../channels/email/email-template.types';
import type { JourneySummary } from '../../insight/insight.types';
import { formatTime } from '../web-format';
import { escapeHtml, layout, type WebPage } from '../web-page';
import { journeyPath } from './journey-nav.html';

// No script runs in an email frame, and it has no origin of its own (sandbox without allow-same-origin).
const emailFrame = (title: string, html: string) =>
  `<iframe sandbox title="${escapeHtml(title)}" srcdoc="${escapeHtml(html)}" loading="lazy"></iframe>`;

/** One template of a journey rendered with sample data (Jane Doe and her two-product cart). */
export function previewPage(
  workspace: string,
  journey: JourneySummary,
  template: string,
  email: RenderedEmail,
  edited: boolean,
): WebPage {
  const body = `<p class="muted"><a href="/app">Journeys</a> › <a href="${escapeHtml(journeyPath(journey.key, '/funnel'))}">${escapeHtml(journey.name)}</a> › preview</p>
<h1>Template ${escapeHtml(template)}</h1>
<p class="muted">Rendered with sample data${edited ? ', from your edited version' : ', built-in version'} (${escapeHtml(email.locale)}).</p>
<div class="card">
<dl class="facts"><dt>Subject</dt><dd data-testid="subject">${escapeHtml(email.subject)}</dd></dl>
${emailFrame(`Email ${template}`, email.html)}
<details><summary>Plain-text part</summary><pre data-testid="text">${escapeHtml(email.text)}</pre></details>
</div>`;
  return { status: 200, html: layout({ title: `Preview ${template}`, workspace, body }) };
}

export interface MailboxMessage {
  effectId: string;
  to: string;
  subject: string;
  html: string;
  createdAt: Date;
}

/** The dev mailbox: what would have been sent, newest first, each rendered in a sandboxed frame. */
export function mailboxPage(
  workspace: string,
  input: { smtp: boolean; to: string; messages: MailboxMessage[]; limit: number },
): WebPage {
  const filter = `<form method="get" class="period"><label for="to">Recipient</label>
<input type="search" id="to" name="to" value="${escapeHtml(input.to)}" maxlength="320"><button class="primary" type="submit">Filter</button></form>`;
  let content: string;
  if (input.smtp) {
    content = `<div class="note" data-testid="mailbox-off"><p><strong>Emails go out through your SMTP server</strong> (SMTP_URL is set),
so the dev mailbox keeps nothing. Without SMTP_URL, Touchpoint keeps every email here instead of sending it.</p></div>`;
  } else if (input.messages.length === 0) {
    content = `${filter}<div class="note" data-testid="mailbox-empty"><p>No emails yet${input.to ? ` to ${escapeHtml(input.to)}` : ''}. When a journey sends one, it appears here instead of going out (no SMTP_URL is set).</p></div>`;
  } else {
    content = `${filter}<p class="muted">The latest ${input.messages.length} emails${input.to ? ` to ${escapeHtml(input.to)}` : ''} (at most ${input.limit}); nothing was sent (no SMTP_URL is set).</p>
${input.messages
  .map(
    (
      m,
      i,
    ) => `<details class="card" data-testid="mailbox-message" data-effect="${escapeHtml(m.effectId)}"${i === 0 ? ' open' : ''}>
<summary><strong data-testid="subject">${escapeHtml(m.subject)}</strong> · <span data-testid="to">${escapeHtml(m.to)}</span> · <span class="muted">${formatTime(m.createdAt)}</span></summary>
${emailFrame(`Email to ${m.to}: ${m.subject}`, m.html)}
</details>`,
  )
  .join('\n')}`;
  }
  return {
    status: 200,
    html: layout({ title: 'Mailbox', workspace, body: `<h1>Dev mailbox</h1>\n${content}` }),
  };
}
