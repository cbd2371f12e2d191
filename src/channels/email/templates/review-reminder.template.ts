// Post-purchase: the single reminder when the review request got no answer.
import type { BuiltInEmailTemplate } from '../email-template.types';
import { emailLayout } from './email-layout';
import { greeting } from './email-blocks';

export const reviewReminder: BuiltInEmailTemplate = {
  en: {
    subject: 'A minute to tell us about your order?',
    mjml: emailLayout({
      locale: 'en',
      preview: 'Your feedback helps us and other customers.',
      body: `
        ${greeting.en}
        <mj-text>A few days ago we asked how your order{% if event.order_id != blank %} {{ event.order_id }}{% endif %}
          was. If you have not had the chance yet: your feedback is the best way for us to improve, and it helps
          other customers choose.</mj-text>
        <mj-button href="{{ links.review }}">Rate your order</mj-button>
        <mj-text>This is the only reminder we send about it. Thank you for shopping with {{ workspace.name }}!</mj-text>`,
    }),
  },
  nl: {
    subject: 'Heb je een minuutje voor je bestelling?',
    mjml: emailLayout({
      locale: 'nl',
      preview: 'Je mening helpt ons en andere klanten.',
      body: `
        ${greeting.nl}
        <mj-text>Een paar dagen geleden vroegen we hoe je bestelling{% if event.order_id != blank %}
          {{ event.order_id }}{% endif %} was. Heb je nog geen tijd gehad? Je mening helpt ons om beter te worden,
          en andere klanten om te kiezen.</mj-text>
        <mj-button href="{{ links.review }}">Beoordeel je bestelling</mj-button>
        <mj-text>Dit is de enige herinnering die we hierover sturen. Bedankt voor je bestelling bij
          {{ workspace.name }}!</mj-text>`,
    }),
  },
};
