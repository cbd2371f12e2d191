import { EmailTemplateRenderer } from '../email-template.renderer';
import type { EmailTemplateData } from '../email-template.types';
import { minimalEmailTemplateData, sampleEmailTemplateData } from '../sample-email-data';
import { validateEmailTemplate } from '../validate-email-template';
import { teamAlert } from './team-alert.template';

const alertData = (): EmailTemplateData => ({
  ...sampleEmailTemplateData(),
  event: { score: 3, order_id: '1042' },
  alert: {
    message:
      'Service recovery: Jane Doe answered 3 out of 10 about order 1042 & wants a call back today, please',
    journey: 'customer-lifecycle',
    flow: 'nps',
    step: 'alert-team',
    event: 'NPS Submitted',
    stage: 'retention',
    contact_user_id: 'u-1042',
  },
});

describe('team-alert template', () => {
  const sut = new EmailTemplateRenderer();

  it.each(['en', 'nl'] as const)(
    'shows the alert, the customer and the journey step in %s',
    async (locale) => {
      const rendered = await sut.render('team-alert', locale, alertData());

      expect(rendered.subject).toBe(
        `${locale === 'nl' ? '[Melding]' : '[Alert]'} Service recovery: Jane Doe answered 3 out of 10 about order 1042 & wants a call back to...`,
      );
      expect(rendered.html).toContain('about order 1042 &amp; wants a call back today, please');
      expect(rendered.text).toContain('Jane Doe (jane@example.com)');
      expect(rendered.text).toContain('customer-lifecycle / nps / alert-team');
      expect(rendered.text).toContain('NPS Submitted');
      expect(rendered.html).toContain(`lang="${locale}"`);
      expect(rendered.html).not.toMatch(/{{|{%|<mj-|unsubscribe/i);
    },
  );

  it('renders with the least data, naming the customer by user id when there is no email', async () => {
    const data = minimalEmailTemplateData();
    const rendered = await sut.render('team-alert', 'en', {
      ...data,
      contact: { email: '' },
      alert: { message: 'Check this one', journey: 'j', flow: 'f', step: 's', contact_user_id: 'u-7' },
    });

    expect(rendered.subject).toBe('[Alert] Check this one');
    expect(rendered.text).toContain('(u-7)');
    expect(rendered.text).not.toContain('Event');
  });

  it.each(['en', 'nl'] as const)(
    'passes template validation in %s (no unsubscribe link needed)',
    async (locale) => {
      await expect(
        validateEmailTemplate(teamAlert[locale]!, { requireUnsubscribeLink: false }),
      ).resolves.toBeUndefined();
    },
  );
});
