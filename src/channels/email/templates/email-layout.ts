// The frame every built-in template shares: brand header, white content card, footer with the unsubscribe link.
// It only assembles a string, so a shop owner editing a template sees (and can change) one complete MJML document.
import type { EmailLocale } from '../email-template.types';

const footerText: Record<EmailLocale, string> = {
  en: `You receive this email from {{ workspace.name }} because you are a customer or signed up with us.<br />
          <a href="{{ links.unsubscribe }}" style="color: #6b7280;">Unsubscribe</a> from these emails.`,
  nl: `Je ontvangt deze e-mail van {{ workspace.name }} omdat je klant bent of je bij ons hebt aangemeld.<br />
          <a href="{{ links.unsubscribe }}" style="color: #6b7280;">Afmelden</a> voor deze e-mails.`,
};

export interface EmailLayoutParts {
  locale: EmailLocale;
  /** Preview text shown next to the subject in the inbox. */
  preview: string;
  /** MJML content elements (mj-text, mj-button, mj-table, ...) for the main column. */
  body: string;
}

/** Wraps content elements into a complete MJML document. */
export function emailLayout({ locale, preview, body }: EmailLayoutParts): string {
  return `<mjml lang="${locale}">
  <mj-head>
    <mj-title>{{ subject }}</mj-title>
    <mj-preview>${preview}</mj-preview>
    <mj-attributes>
      <mj-all font-family="Helvetica, Arial, sans-serif" />
      <mj-text font-size="16px" line-height="24px" color="#1f2937" />
      <mj-button background-color="#111827" color="#ffffff" font-size="16px" border-radius="6px" />
    </mj-attributes>
  </mj-head>
  <mj-body background-color="#f3f4f6">
    <mj-section padding="24px 0 8px">
      <mj-column>
        <mj-text align="center" font-size="20px" font-weight="bold">{{ workspace.name }}</mj-text>
      </mj-column>
    </mj-section>
    <mj-section background-color="#ffffff" border-radius="8px" padding="16px 8px">
      <mj-column>
${body.replace(/^\n+|\s+$/g, '')}
      </mj-column>
    </mj-section>
    <mj-section padding="16px 0 32px">
      <mj-column>
        <mj-text align="center" font-size="12px" line-height="18px" color="#6b7280">
          ${footerText[locale]}
        </mj-text>
      </mj-column>
    </mj-section>
  </mj-body>
</mjml>
`;
}
