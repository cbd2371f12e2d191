// Post-purchase: one to two weeks after delivery, ask how the order was and link to the review / NPS page.
import type { BuiltInEmailTemplate } from '../email-template.types';
import { emailLayout } from './email-layout';
import { greeting, scoreRow } from './email-blocks';

export const reviewRequest: BuiltInEmailTemplate = {
  en: {
    subject: 'How was your order from {{ workspace.name }}?',
    mjml: emailLayout({
      locale: 'en',
      preview: 'Tell us in one minute how it went.',
      body: `
        ${greeting.en}
        <mj-text>Your order{% if event.order_id != blank %} {{ event.order_id }}{% endif %} arrived a little while ago,
          and we would love to hear how it went.</mj-text>
        <mj-text>How likely is it that you would recommend {{ workspace.name }} to a friend or colleague? It takes less
          than a minute, and every answer is read by our team.</mj-text>
        ${scoreRow('en')}
        <mj-button href="{{ links.review }}">Share your experience</mj-button>
        <mj-text>Something not right with your order? Reply to this email and we will sort it out.</mj-text>`,
    }),
  },
  nl: {
    subject: 'Hoe was je bestelling bij {{ workspace.name }}?',
    mjml: emailLayout({
      locale: 'nl',
      preview: 'Vertel ons in een minuut hoe het ging.',
      body: `
        ${greeting.nl}
        <mj-text>Je bestelling{% if event.order_id != blank %} {{ event.order_id }}{% endif %} is een tijdje geleden
          bezorgd, en we horen graag hoe het ging.</mj-text>
        <mj-text>Hoe waarschijnlijk is het dat je {{ workspace.name }} aanbeveelt aan een vriend of collega? Het kost
          minder dan een minuut, en ons team leest elk antwoord.</mj-text>
        ${scoreRow('nl')}
        <mj-button href="{{ links.review }}">Deel je ervaring</mj-button>
        <mj-text>Is er iets niet goed met je bestelling? Beantwoord deze e-mail en we lossen het op.</mj-text>`,
    }),
  },
};
