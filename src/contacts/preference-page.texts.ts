// Every word on the preference, unsubscribe and confirmation pages, per language (the contact's `locale` trait).
import type { EmailLocale } from '../channels/email/email-template.types';

export interface PreferencePageTexts {
  unsubscribedTitle: string;
  unsubscribedText: (workspace: string) => string;
  goneText: string;
  subscribedTitle: string;
  subscribedText: (workspace: string) => string;
  saved: string;
  formIntro: string;
  emailLegend: string;
  emailYes: string;
  emailNo: string;
  adsLegend: string;
  adsHint: string;
  adsYes: string;
  adsNo: string;
  submit: string;
  errorTitle: string;
  chooseOne: (legend: string) => string;
  invalid: { title: string; text: string };
  expired: { title: string; text: string };
  confirmed: { title: string; text: (workspace: string) => string };
  alreadyConfirmed: string;
}

const en: PreferencePageTexts = {
  unsubscribedTitle: 'You are unsubscribed',
  unsubscribedText: (workspace) =>
    `You will not get marketing emails from ${workspace} any more. Orders and receipts still reach you.`,
  goneText: 'You will not get marketing emails from us.',
  subscribedTitle: 'You are subscribed',
  subscribedText: (workspace) => `You will get news and offers from ${workspace} by email.`,
  saved: 'Your choices are saved.',
  formIntro: 'Changed your mind? You can choose again here at any time.',
  emailLegend: 'Marketing emails',
  emailYes: 'Yes, send me news and offers by email',
  emailNo: 'No marketing emails',
  adsLegend: 'Personalised ads',
  adsHint:
    'With your permission we share your email address, in scrambled (hashed) form, with advertising platforms such as Meta and Google, to show you relevant ads.',
  adsYes: 'Yes, you may use my email address for ads',
  adsNo: 'No, do not use my email address for ads',
  submit: 'Save my choices',
  errorTitle: 'Please check your choices',
  chooseOne: (legend) => `${legend}: choose one of the options.`,
  invalid: {
    title: 'This link does not work',
    text: 'The link is invalid or was changed. Reply to any of our emails and we will help you.',
  },
  expired: {
    title: 'This link has expired',
    text: 'Please sign up again; we will send you a new confirmation email.',
  },
  confirmed: {
    title: 'Thank you, you are subscribed',
    text: (workspace) =>
      `Your email address is confirmed. You will now get news and offers from ${workspace}.`,
  },
  alreadyConfirmed: 'You had already confirmed your subscription.',
};

const nl: PreferencePageTexts = {
  unsubscribedTitle: 'Je bent afgemeld',
  unsubscribedText: (workspace) =>
    `Je krijgt geen marketingmails meer van ${workspace}. Bestellingen en bonnen ontvang je nog wel.`,
  goneText: 'Je krijgt geen marketingmails van ons.',
  subscribedTitle: 'Je bent aangemeld',
  subscribedText: (workspace) => `Je ontvangt nieuws en aanbiedingen van ${workspace} per e-mail.`,
  saved: 'Je keuzes zijn opgeslagen.',
  formIntro: 'Van gedachten veranderd? Je kunt hier altijd opnieuw kiezen.',
  emailLegend: 'Marketingmails',
  emailYes: 'Ja, stuur me nieuws en aanbiedingen per e-mail',
  emailNo: 'Geen marketingmails',
  adsLegend: 'Gepersonaliseerde advertenties',
  adsHint:
    'Met je toestemming delen we je e-mailadres, onherkenbaar gemaakt (gehasht), met advertentieplatforms zoals Meta en Google, om je relevante advertenties te tonen.',
  adsYes: 'Ja, jullie mogen mijn e-mailadres gebruiken voor advertenties',
  adsNo: 'Nee, gebruik mijn e-mailadres niet voor advertenties',
  submit: 'Mijn keuzes opslaan',
  errorTitle: 'Controleer je keuzes',
  chooseOne: (legend) => `${legend}: kies een van de opties.`,
  invalid: {
    title: 'Deze link werkt niet',
    text: 'De link is ongeldig of gewijzigd. Beantwoord een van onze e-mails en we helpen je verder.',
  },
  expired: {
    title: 'Deze link is verlopen',
    text: 'Meld je opnieuw aan; we sturen je dan een nieuwe bevestigingsmail.',
  },
  confirmed: {
    title: 'Bedankt, je bent aangemeld',
    text: (workspace) =>
      `Je e-mailadres is bevestigd. Je ontvangt nu nieuws en aanbiedingen van ${workspace}.`,
  },
  alreadyConfirmed: 'Je had je aanmelding al bevestigd.',
};

export const PREFERENCE_PAGE_TEXTS: Record<EmailLocale, PreferencePageTexts> = { en, nl };
