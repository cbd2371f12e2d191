// An alert step's email to the business (not the customer): the alert text and who and where it is about.
// Internal and transactional, so it has no unsubscribe footer.
import type { EmailLocale, EmailTemplateSource } from '../email-template.types';
import type { BuiltInEmailTemplate } from '../email-template.types';

const labels: Record<
  EmailLocale,
  Record<'title' | 'customer' | 'journey' | 'event' | 'stage' | 'why', string>
> = {
  en: {
    title: 'Service alert',
    customer: 'Customer',
    journey: 'Journey step',
    event: 'Event',
    stage: 'Stage',
    why: 'A step of your customer journey sent this alert. Reply to the customer before anything else goes out to them.',
  },
  nl: {
    title: 'Servicemelding',
    customer: 'Klant',
    journey: 'Stap in de journey',
    event: 'Gebeurtenis',
    stage: 'Fase',
    why: 'Een stap in je customer journey stuurde deze melding. Reageer op de klant voordat er iets anders naar hen gaat.',
  },
};

function source(locale: EmailLocale, subject: string): EmailTemplateSource {
  const l = labels[locale];
  const row = (label: string, value: string) =>
    `<tr><td style="color: #6b7280; padding: 4px 12px 4px 0; vertical-align: top;">${label}</td><td style="padding: 4px 0;">${value}</td></tr>`;
  return {
    subject,
    mjml: `<mjml lang="${locale}">
  <mj-head>
    <mj-title>{{ subject }}</mj-title>
    <mj-preview>{{ alert.message }}</mj-preview>
    <mj-attributes>
      <mj-all font-family="Helvetica, Arial, sans-serif" />
      <mj-text font-size="16px" line-height="24px" color="#1f2937" />
    </mj-attributes>
  </mj-head>
  <mj-body background-color="#f3f4f6">
    <mj-section background-color="#ffffff" border-radius="8px" padding="16px 8px">
      <mj-column>
        <mj-text font-size="13px" color="#b91c1c" font-weight="bold">${l.title} · {{ workspace.name }}</mj-text>
        <mj-text font-size="18px" font-weight="bold">{{ alert.message }}</mj-text>
        <mj-table font-size="14px" line-height="20px" color="#1f2937">
          ${row(l.customer, '{{ contact.first_name }} {{ contact.last_name }} ({{ contact.email | default: alert.contact_user_id }})')}
          ${row(l.journey, '{{ alert.journey }} / {{ alert.flow }} / {{ alert.step }}')}
          {% if alert.event != blank %}${row(l.event, '{{ alert.event }}')}{% endif %}
          {% if alert.stage != blank %}${row(l.stage, '{{ alert.stage }}')}{% endif %}
        </mj-table>
        <mj-text font-size="13px" line-height="20px" color="#4b5563">${l.why}</mj-text>
      </mj-column>
    </mj-section>
  </mj-body>
</mjml>
`,
  };
}

export const teamAlert: BuiltInEmailTemplate = {
  en: source('en', '[Alert] {{ alert.message | truncate: 90 }}'),
  nl: source('nl', '[Melding] {{ alert.message | truncate: 90 }}'),
};
