// Double opt-in: a transactional email with the link that confirms an email-marketing sign-up (sent once).
import type { BuiltInEmailTemplate } from '../email-template.types';
import { emailLayout } from './email-layout';
import { greeting } from './email-blocks';

export const confirmSubscription: BuiltInEmailTemplate = {
  en: {
    subject: 'Please confirm your subscription to {{ workspace.name }}',
    mjml: emailLayout({
      locale: 'en',
      preview: 'One click and you are in.',
      body: `
        ${greeting.en}
        <mj-text>Thank you for signing up for news and offers from {{ workspace.name }}. Please confirm that this is
          your email address and that you want to receive our emails.</mj-text>
        <mj-button href="{{ links.confirm }}">Yes, subscribe me</mj-button>
        <mj-text>Did not sign up? Then simply ignore this email: without your confirmation we will not send you any
          newsletters or offers.</mj-text>`,
    }),
  },
  nl: {
    subject: 'Bevestig je aanmelding bij {{ workspace.name }}',
    mjml: emailLayout({
      locale: 'nl',
      preview: 'Eén klik en je bent aangemeld.',
      body: `
        ${greeting.nl}
        <mj-text>Bedankt voor je aanmelding voor nieuws en aanbiedingen van {{ workspace.name }}. Bevestig dat dit jouw
          e-mailadres is en dat je onze e-mails wilt ontvangen.</mj-text>
        <mj-button href="{{ links.confirm }}">Ja, meld me aan</mj-button>
        <mj-text>Heb je je niet aangemeld? Negeer deze e-mail dan gewoon: zonder je bevestiging sturen we je geen
          nieuwsbrieven of aanbiedingen.</mj-text>`,
    }),
  },
};
