// Welcome series, email 2 of 3: about two days after sign-up.
import type { BuiltInEmailTemplate } from '../email-template.types';
import { emailLayout } from './email-layout';
import { greeting, shopButton } from './email-blocks';

export const nurture2: BuiltInEmailTemplate = {
  en: {
    subject: 'Getting the most out of {{ workspace.name }}',
    mjml: emailLayout({
      locale: 'en',
      preview: 'Three tips for shopping with us.',
      body: `
        ${greeting.en}
        <mj-text>A few days ago you signed up with {{ workspace.name }}. Three tips to get the most out of it:</mj-text>
        <mj-text>
          <strong>Start with the bestsellers.</strong> They show what other customers keep coming back for.<br />
          <strong>Take your time.</strong> Items you add to your cart stay there while you think it over.<br />
          <strong>Ask us anything.</strong> Questions about sizes, use or delivery? Reply to this email.
        </mj-text>
        <mj-text>Curious? Take a look around, there is no rush.</mj-text>
        ${shopButton('en')}`,
    }),
  },
  nl: {
    subject: 'Haal het meeste uit {{ workspace.name }}',
    mjml: emailLayout({
      locale: 'nl',
      preview: 'Drie tips om bij ons te winkelen.',
      body: `
        ${greeting.nl}
        <mj-text>Een paar dagen geleden meldde je je aan bij {{ workspace.name }}. Drie tips om er het meeste uit te
          halen:</mj-text>
        <mj-text>
          <strong>Begin bij de bestsellers.</strong> Daar zie je waarvoor andere klanten steeds terugkomen.<br />
          <strong>Neem de tijd.</strong> Wat je in je winkelwagen legt, blijft daar terwijl je erover nadenkt.<br />
          <strong>Vraag ons alles.</strong> Vragen over maten, gebruik of levering? Beantwoord deze e-mail.
        </mj-text>
        <mj-text>Nieuwsgierig? Kijk gerust rond, er is geen haast.</mj-text>
        ${shopButton('nl')}`,
    }),
  },
};
