// NPS promoters (9-10): thank them and ask for a public review or a referral while the good feeling is fresh.
import type { BuiltInEmailTemplate } from '../email-template.types';
import { emailLayout } from './email-layout';
import { greeting } from './email-blocks';

export const reviewPublicAsk: BuiltInEmailTemplate = {
  en: {
    subject: 'Thank you! Would you tell others about {{ workspace.name }}?',
    mjml: emailLayout({
      locale: 'en',
      preview: 'A public review takes a minute and helps other customers choose.',
      body: `
        ${greeting.en}
        <mj-text>Thank you for your great rating! It made our day, and we pass every kind word on to the team.</mj-text>
        <mj-text>Would you share your experience in a public review? It takes a minute, and it helps other customers
          decide whether {{ workspace.name }} is right for them.</mj-text>
        {% if links.public_review != blank %}
        <mj-button href="{{ links.public_review }}">Write a review</mj-button>
        {% endif %}
        <mj-text>Know someone who would like us too? Forward this email to them: a recommendation from you means more
          than any ad we could run.</mj-text>`,
    }),
  },
  nl: {
    subject: 'Bedankt! Vertel je anderen over {{ workspace.name }}?',
    mjml: emailLayout({
      locale: 'nl',
      preview: 'Een openbare review kost een minuut en helpt andere klanten kiezen.',
      body: `
        ${greeting.nl}
        <mj-text>Bedankt voor je mooie beoordeling! Je hebt onze dag goed gemaakt, en we geven elk compliment door aan
          het team.</mj-text>
        <mj-text>Wil je je ervaring delen in een openbare review? Het kost een minuut, en het helpt andere klanten te
          kiezen of {{ workspace.name }} bij hen past.</mj-text>
        {% if links.public_review != blank %}
        <mj-button href="{{ links.public_review }}">Schrijf een review</mj-button>
        {% endif %}
        <mj-text>Ken je iemand die ons ook zou waarderen? Stuur deze e-mail door: een aanbeveling van jou zegt meer dan
          welke advertentie ook.</mj-text>`,
    }),
  },
};
