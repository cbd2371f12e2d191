// NPS passives (7-8): a short thank-you that invites the one improvement that would make it a 10.
import type { BuiltInEmailTemplate } from '../email-template.types';
import { emailLayout } from './email-layout';
import { greeting } from './email-blocks';

export const npsThanks: BuiltInEmailTemplate = {
  en: {
    subject: 'Thank you for your feedback',
    mjml: emailLayout({
      locale: 'en',
      preview: 'We read every answer.',
      body: `
        ${greeting.en}
        <mj-text>Thank you for taking the time to rate {{ workspace.name }}. We read every answer, and yours helps us
          decide what to improve first.</mj-text>
        <mj-text>Is there one thing that would make us a 10 for you? Just reply to this email and tell us: a real person
          reads it.</mj-text>`,
    }),
  },
  nl: {
    subject: 'Bedankt voor je feedback',
    mjml: emailLayout({
      locale: 'nl',
      preview: 'We lezen elk antwoord.',
      body: `
        ${greeting.nl}
        <mj-text>Bedankt dat je de tijd nam om {{ workspace.name }} te beoordelen. We lezen elk antwoord, en het jouwe
          helpt ons kiezen wat we eerst verbeteren.</mj-text>
        <mj-text>Is er één ding waardoor we voor jou een 10 zouden zijn? Beantwoord deze e-mail en vertel het ons: een
          echt mens leest het.</mj-text>`,
    }),
  },
};
