import { EmailTemplateRenderer } from './email-template.renderer';
import type { EmailLocale, EmailTemplateData } from './email-template.types';
import { minimalEmailTemplateData, sampleEmailTemplateData } from './sample-email-data';
import { BUILT_IN_EMAIL_TEMPLATES, type BuiltInEmailTemplateKey } from './templates/built-in-templates';

// team-alert goes to the business, not a customer: no greeting, no unsubscribe link (team-alert.template.spec.ts).
const keys = (Object.keys(BUILT_IN_EMAIL_TEMPLATES) as BuiltInEmailTemplateKey[]).filter(
  (key) => key !== 'team-alert',
);
const cartKeys = keys.filter((key) => key.startsWith('cart-reminder'));
const reviewKeys = keys.filter((key) => key === 'review-request' || key === 'review-reminder');
const cases = keys.flatMap((key) => (['en', 'nl'] as const).map((locale) => [key, locale] as const));

const withContact = (contact: Partial<EmailTemplateData['contact']>): EmailTemplateData => {
  const data = sampleEmailTemplateData();
  return { ...data, contact: { ...data.contact, ...contact } };
};

describe(EmailTemplateRenderer.name, () => {
  const sut = new EmailTemplateRenderer();
  const data = sampleEmailTemplateData();
  const unsubscribe = data.links.unsubscribe ?? '';

  it('has exactly the touchpoints of the default journey', () => {
    expect(keys.sort()).toEqual(
      [
        'cart-reminder-1',
        'cart-reminder-2',
        'cart-reminder-3',
        'confirm-subscription',
        'nurture-1',
        'nurture-2',
        'nurture-3',
        'nps-thanks',
        'review-public-ask',
        'review-reminder',
        'review-request',
      ].sort(),
    );
  });

  describe.each(cases)('%s in %s', (key, locale) => {
    let rendered: Awaited<ReturnType<EmailTemplateRenderer['render']>>;
    beforeAll(async () => {
      rendered = await sut.render(key, locale, data);
    });

    it('greets the contact by name and names the shop', () => {
      expect(rendered.locale).toBe(locale);
      expect(rendered.subject.length).toBeGreaterThan(5);
      expect(rendered.subject).not.toMatch(/{{|{%|\n/);
      expect(rendered.html).toContain(locale === 'nl' ? 'Hallo Jane,' : 'Hi Jane,');
      expect(rendered.html).toContain('Acme Kitchen');
      expect(rendered.html).toContain(`lang="${locale}"`);
      expect(rendered.text).toContain(locale === 'nl' ? 'Hallo Jane,' : 'Hi Jane,');
    });

    it('has a visible unsubscribe link in the HTML and the text part', () => {
      expect(rendered.html).toContain(`href="${unsubscribe}"`);
      expect(rendered.text).toContain(unsubscribe);
    });

    it('shows the discount code only in the last cart reminder', () => {
      expect(rendered.html.includes('COMEBACK10')).toBe(key === 'cart-reminder-3');
      expect(rendered.text.includes('COMEBACK10')).toBe(key === 'cart-reminder-3');
    });

    it('leaves no Liquid or MJML markup behind', () => {
      expect(rendered.html).not.toMatch(/{{|{%|<mj-/);
      expect(rendered.text).not.toMatch(/[<>]|&amp;|{{/);
    });
  });

  it.each(cartKeys.flatMap((key) => [`${key}:en`, `${key}:nl`]))(
    '%s lists the products with prices and links to the checkout',
    async (keyAndLocale) => {
      const [key, locale] = keyAndLocale.split(':');
      const { html, text } = await sut.render(key!, locale, data);
      expect(html).toContain('Linen Apron');
      expect(html).toContain('Olive Wood Spoon');
      expect(html).toContain('src="https://shop.example.com/img/linen-apron.jpg"');
      // The & of the URL is escaped once in HTML attributes and plain in the text part.
      expect(html).toContain(
        'href="https://shop.example.com/checkout/chk-1042?step=payment&amp;utm_source=touchpoint"',
      );
      expect(text).toContain('https://shop.example.com/checkout/chk-1042?step=payment&utm_source=touchpoint');
      expect(text).toContain(locale === 'nl' ? '2 × € 24,95' : '2 × €24.95');
      expect(text).toContain(locale === 'nl' ? 'Totaal: € 89,85' : 'Total: €89.85');
    },
  );

  it.each(reviewKeys)('%s links to the review page', async (key) => {
    const { html, text } = await sut.render(key, 'en', data);
    expect(html).toContain(`href="${data.links.review}"`);
    expect(text).toContain(data.links.review);
  });

  it.each(['en', 'nl'] as const)(
    'review-request in %s links every score of 0-10 to the review page',
    async (locale) => {
      const { html } = await sut.render('review-request', locale, data);
      for (const score of [0, 5, 10]) expect(html).toContain(`href="${data.links.review}?score=${score}"`);
      expect(html.match(/\?score=\d+"/g)).toHaveLength(11);
    },
  );

  it('review-public-ask links to the public review page only when there is one', async () => {
    const withLink = await sut.render('review-public-ask', 'nl', data);
    const { public_review: _, ...links } = data.links;
    const without = await sut.render('review-public-ask', 'en', { ...data, links });
    expect(withLink.html).toContain('href="https://reviews.example.com/acme-kitchen"');
    expect(withLink.text).toContain('Schrijf een review');
    expect(without.html).not.toContain('reviews.example.com');
    expect(without.text).not.toContain('Write a review');
  });

  it.each(keys)('%s renders without a name, products or discount', async (key) => {
    const en = await sut.render(key, 'en', minimalEmailTemplateData());
    const nl = await sut.render(key, 'nl', minimalEmailTemplateData());
    expect(en.text).toContain('Hi there,');
    expect(nl.text).toMatch(/^Hallo,$/m);
    expect(en.subject).not.toMatch(/,\s*$|undefined/);
  });

  it.each<[unknown, EmailLocale]>([
    ['nl-NL', 'nl'],
    ['nl_BE', 'nl'],
    ['de-DE', 'en'],
    [undefined, 'en'],
  ])('picks the template for locale %p: %p', async (locale, expected) => {
    const rendered = await sut.render('nurture-1', locale, data);
    expect(rendered.locale).toBe(expected);
    expect(rendered.subject).toBe(expected === 'nl' ? 'Welkom bij Acme Kitchen' : 'Welcome to Acme Kitchen');
  });

  it('escapes values in the HTML but not in the subject', async () => {
    const rendered = await sut.render(
      'cart-reminder-2',
      'en',
      withContact({ first_name: 'Jo <b>"Bo"</b> & Co' }),
    );
    expect(rendered.html).toContain('Hi Jo &lt;b&gt;&#34;Bo&#34;&lt;/b&gt; &amp; Co,');
    expect(rendered.html).not.toContain('<b>"Bo"</b>');
    expect(rendered.subject).toBe('Your cart is still waiting, Jo <b>"Bo"</b> & Co');
    expect(rendered.text).toContain('Hi Jo <b>"Bo"</b> & Co,');
  });

  it('keeps the subject on one line whatever the data holds', async () => {
    const rendered = await sut.render(
      'cart-reminder-2',
      'en',
      withContact({ first_name: 'Jane\r\nBcc: x@evil.test' }),
    );
    expect(rendered.subject).toBe('Your cart is still waiting, Jane Bcc: x@evil.test');
  });

  it('accepts the trigger event under either name', async () => {
    const { cart, ...rest } = data;
    const rendered = await sut.render('cart-reminder-1', 'en', { ...rest, event: cart });
    expect(rendered.html).toContain('Linen Apron');
  });

  describe('overrides', () => {
    const override = (subject: string) => ({
      subject,
      mjml: `<mjml><mj-body><mj-section><mj-column>
        <mj-text>Yo {{ contact.first_name }} <a href="{{ links.unsubscribe }}">stop</a></mj-text>
      </mj-column></mj-section></mj-body></mjml>`,
    });

    it('replaces the built-in source of the same locale only', async () => {
      const overrides = { en: override('Edited for {{ contact.first_name }}') };
      const en = await sut.render('nurture-1', 'en', data, overrides);
      const nl = await sut.render('nurture-1', 'nl', data, overrides);
      expect(en.subject).toBe('Edited for Jane');
      expect(en.text).toContain('Yo Jane stop');
      expect(nl.subject).toBe('Welkom bij Acme Kitchen');
    });

    it('renders a workspace-defined template in the language it has', async () => {
      const rendered = await sut.render('spring-sale', 'en', data, { nl: override('Lente!') });
      expect(rendered).toMatchObject({ subject: 'Lente!', locale: 'nl' });
    });

    it('never reads server files through mj-include', async () => {
      // Relative to the working directory, where MJML would otherwise find the project's package.json.
      const include = '<mjml><mj-body><mj-include path="./package.json" type="html" /></mj-body></mjml>';
      const rendered = await sut.render('nurture-1', 'en', data, { en: { subject: 'x', mjml: include } });
      expect(rendered.html).not.toContain('devDependencies');
    });

    it('fails with template_not_found for an unknown key without a source', async () => {
      await expect(sut.render('spring-sale', 'en', data)).rejects.toMatchObject({
        code: 'template_not_found',
        status: 404,
      });
    });

    it('fails with template_invalid, path and line when an override breaks at render time', async () => {
      const broken = {
        subject: 'ok',
        mjml: '<mjml>\n<mj-body>\n{{ contact.first_name | nope }}</mj-body></mjml>',
      };
      await expect(sut.render('nurture-1', 'en', data, { en: broken })).rejects.toMatchObject({
        code: 'template_invalid',
        errors: [{ path: '$.mjml', line: 3, message: 'undefined filter: nope' }],
      });
    });
  });
});
