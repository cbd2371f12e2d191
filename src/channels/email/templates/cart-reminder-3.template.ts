// Abandoned cart, reminder 3 of 3: the last one, and the only one with a discount code.
import type { BuiltInEmailTemplate } from '../email-template.types';
import { emailLayout } from './email-layout';
import { greeting, productTable } from './email-blocks';

const discountCode = `
        <mj-text align="center" font-size="24px" font-weight="bold" letter-spacing="2px">{{ discount_code }}</mj-text>`;

export const cartReminder3: BuiltInEmailTemplate = {
  en: {
    subject:
      '{% if discount_code != blank %}A little something to complete your order{% else %}Last call for your cart{% endif %}',
    mjml: emailLayout({
      locale: 'en',
      preview: 'This is our last reminder about your cart.',
      body: `
        ${greeting.en}
        {% if discount_code != blank %}
        <mj-text>This is our last reminder about your cart. To make the decision a little easier, here is a discount
          code for your order:</mj-text>
        ${discountCode}
        <mj-text>Enter it at checkout.</mj-text>
        {% else %}
        <mj-text>This is our last reminder about your cart. After this we will not bother you about it again.</mj-text>
        {% endif %}
        ${productTable('en', 'cart')}
        <mj-button href="{{ cart.checkout_url }}">Complete your order</mj-button>`,
    }),
  },
  nl: {
    subject:
      '{% if discount_code != blank %}Een extraatje om je bestelling af te ronden{% else %}Laatste herinnering aan je winkelwagen{% endif %}',
    mjml: emailLayout({
      locale: 'nl',
      preview: 'Dit is onze laatste herinnering aan je winkelwagen.',
      body: `
        ${greeting.nl}
        {% if discount_code != blank %}
        <mj-text>Dit is onze laatste herinnering aan je winkelwagen. Om de keuze wat makkelijker te maken, krijg je
          van ons een kortingscode voor je bestelling:</mj-text>
        ${discountCode}
        <mj-text>Vul de code in bij het afrekenen.</mj-text>
        {% else %}
        <mj-text>Dit is onze laatste herinnering aan je winkelwagen. Hierna laten we je er verder mee met
          rust.</mj-text>
        {% endif %}
        ${productTable('nl', 'cart')}
        <mj-button href="{{ cart.checkout_url }}">Bestelling afronden</mj-button>`,
    }),
  },
};
