// Welcome series, email 1 of 3: sent right after Lead Created.
import type { BuiltInEmailTemplate } from '../email-template.types';
import { emailLayout } from './email-layout';
import { greeting, shopButton } from './email-blocks';

export const nurture1: BuiltInEmailTemplate = {
  en: {
    subject: 'Welcome to {{ workspace.name }}',
    mjml: emailLayout({
      locale: 'en',
      preview: 'Thanks for signing up. Here is what to expect from us.',
      body: `
        ${greeting.en}
        <mj-text>Welcome to {{ workspace.name }}, and thank you for signing up!</mj-text>
        <mj-text>Over the next few days we will send you a couple of short emails: what we make, why our customers keep
          coming back, and how to get the most out of your first order. No spam, promised.</mj-text>
        <mj-text>Have a question in the meantime? Just reply to this email. A real person reads every message.</mj-text>
        ${shopButton('en')}`,
    }),
  },
  nl: {
    subject: 'Welkom bij {{ workspace.name }}',
    mjml: emailLayout({
      locale: 'nl',
      preview: 'Bedankt voor je aanmelding. Dit kun je van ons verwachten.',
      body: `
        ${greeting.nl}
        <mj-text>Welkom bij {{ workspace.name }}, en bedankt voor je aanmelding!</mj-text>
        <mj-text>De komende dagen sturen we je een paar korte e-mails: wat we maken, waarom klanten steeds terugkomen en
          hoe je het meeste uit je eerste bestelling haalt. Geen spam, beloofd.</mj-text>
        <mj-text>Heb je intussen een vraag? Beantwoord deze e-mail gewoon. Een echt mens leest elk bericht.</mj-text>
        ${shopButton('nl')}`,
    }),
  },
};
