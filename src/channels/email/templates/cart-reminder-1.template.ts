// Abandoned cart, reminder 1 of 3: a few hours after the cart was left; a gentle nudge, no discount.
import type { BuiltInEmailTemplate } from '../email-template.types';
import { emailLayout } from './email-layout';
import { greeting, productTable } from './email-blocks';

export const cartReminder1: BuiltInEmailTemplate = {
  en: {
    subject: 'You left something in your cart',
    mjml: emailLayout({
      locale: 'en',
      preview: 'We saved your cart for you.',
      body: `
        ${greeting.en}
        <mj-text>It looks like you did not finish your order at {{ workspace.name }}. No worries, we saved your cart
          for you:</mj-text>
        ${productTable('en', 'cart')}
        <mj-button href="{{ cart.checkout_url }}">Return to your cart</mj-button>`,
    }),
  },
  nl: {
    subject: 'Je hebt iets laten liggen in je winkelwagen',
    mjml: emailLayout({
      locale: 'nl',
      preview: 'We hebben je winkelwagen voor je bewaard.',
      body: `
        ${greeting.nl}
        <mj-text>Het lijkt erop dat je je bestelling bij {{ workspace.name }} nog niet hebt afgerond. Geen zorgen, we
          hebben je winkelwagen voor je bewaard:</mj-text>
        ${productTable('nl', 'cart')}
        <mj-button href="{{ cart.checkout_url }}">Terug naar je winkelwagen</mj-button>`,
    }),
  },
};
