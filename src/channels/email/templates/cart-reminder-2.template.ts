// Abandoned cart, reminder 2 of 3: about a day later; answers doubts, still no discount.
import type { BuiltInEmailTemplate } from '../email-template.types';
import { emailLayout } from './email-layout';
import { greeting, productTable } from './email-blocks';

export const cartReminder2: BuiltInEmailTemplate = {
  en: {
    subject:
      'Your cart is still waiting{% if contact.first_name != blank %}, {{ contact.first_name }}{% endif %}',
    mjml: emailLayout({
      locale: 'en',
      preview: 'Still thinking it over? Your items are ready when you are.',
      body: `
        ${greeting.en}
        <mj-text>Still thinking it over? The items below are still in your cart, but we cannot hold them
          forever.</mj-text>
        ${productTable('en', 'cart')}
        <mj-text>Questions about sizes, delivery or returns? Just reply to this email and we will help you
          out.</mj-text>
        <mj-button href="{{ cart.checkout_url }}">Complete your order</mj-button>`,
    }),
  },
  nl: {
    subject:
      'Je winkelwagen staat nog klaar{% if contact.first_name != blank %}, {{ contact.first_name }}{% endif %}',
    mjml: emailLayout({
      locale: 'nl',
      preview: 'Twijfel je nog? Je artikelen liggen voor je klaar.',
      body: `
        ${greeting.nl}
        <mj-text>Twijfel je nog? De artikelen hieronder liggen nog in je winkelwagen, maar we kunnen ze niet eeuwig
          voor je bewaren.</mj-text>
        ${productTable('nl', 'cart')}
        <mj-text>Vragen over maten, levering of retourneren? Beantwoord deze e-mail en we helpen je graag
          verder.</mj-text>
        <mj-button href="{{ cart.checkout_url }}">Bestelling afronden</mj-button>`,
    }),
  },
};
