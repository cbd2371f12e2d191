// Welcome series, email 3 of 3: about four days after sign-up; the series ends at the first order.
import type { BuiltInEmailTemplate } from '../email-template.types';
import { emailLayout } from './email-layout';
import { greeting, shopButton } from './email-blocks';

export const nurture3: BuiltInEmailTemplate = {
  en: {
    subject: 'Ready when you are',
    mjml: emailLayout({
      locale: 'en',
      preview: 'Everything you need for your first order.',
      body: `
        ${greeting.en}
        <mj-text>We hope you enjoyed getting to know {{ workspace.name }} this week.</mj-text>
        <mj-text>Whenever you are ready for your first order, we are here to help. If anything is unclear, about a
          product, delivery or payment, just reply to this email and a real person will answer.</mj-text>
        <mj-text>This was the last email of our welcome series. From now on you will only hear from us when we have
          something worth telling.</mj-text>
        ${shopButton('en')}`,
    }),
  },
  nl: {
    subject: 'Klaar wanneer jij dat bent',
    mjml: emailLayout({
      locale: 'nl',
      preview: 'Alles wat je nodig hebt voor je eerste bestelling.',
      body: `
        ${greeting.nl}
        <mj-text>We hopen dat je {{ workspace.name }} deze week een beetje hebt leren kennen.</mj-text>
        <mj-text>Ben je klaar voor je eerste bestelling? Wij helpen je graag. Is er iets onduidelijk over een product,
          de levering of het betalen? Beantwoord deze e-mail en een echt mens helpt je verder.</mj-text>
        <mj-text>Dit was de laatste e-mail van onze welkomstreeks. Vanaf nu hoor je alleen van ons als we echt iets te
          vertellen hebben.</mj-text>
        ${shopButton('nl')}`,
    }),
  },
};
