// Every word on the review landing page, per language; the contact's `locale` trait picks one (English otherwise).
import type { EmailLocale } from '../email/email-template.types';
import { MAX_COMMENT_CHARS, type NpsCategory } from './nps-score.util';

export interface ReviewPageTexts {
  title: string;
  intro: (workspace: string) => string;
  order: (orderId: string) => string;
  question: string;
  scale: string;
  commentLabel: string;
  commentHint: string;
  submit: string;
  errorTitle: string;
  scoreMissing: string;
  commentTooLong: (length: number) => string;
  thanks: Record<NpsCategory, { title: string; text: string }>;
  publicReview: string;
  publicReviewLink: string;
  alreadyAnswered: string;
  invalid: { title: string; text: string };
  expired: { title: string; text: string };
}

const en: ReviewPageTexts = {
  title: 'How did we do?',
  intro: (workspace) => `Thank you for shopping with ${workspace}. One question, and it takes a few seconds.`,
  order: (orderId) => `About your order ${orderId}`,
  question: 'How likely is it that you would recommend us to a friend or colleague?',
  scale: '0 = not at all likely, 10 = extremely likely',
  commentLabel: 'Anything you would like to tell us? (optional)',
  commentHint: `Up to ${MAX_COMMENT_CHARS} characters. Our team reads every answer.`,
  submit: 'Send my answer',
  errorTitle: 'Please check your answer',
  scoreMissing: 'Choose a score from 0 to 10.',
  commentTooLong: (length) =>
    `Your comment has ${length} characters; please keep it to ${MAX_COMMENT_CHARS} or fewer.`,
  thanks: {
    promoter: {
      title: 'Thank you!',
      text: 'We are really glad you are happy with us. Your answer made our day.',
    },
    passive: {
      title: 'Thank you for your feedback',
      text: 'We read every answer. If one thing would make us a 10 for you, reply to our email and tell us.',
    },
    detractor: {
      title: 'Thank you for telling us',
      text: 'We are sorry we did not live up to your expectations. Someone from our team will look at your answer and may contact you to put things right.',
    },
  },
  publicReview: 'Would you share your experience in a public review? It helps other customers choose.',
  publicReviewLink: 'Write a public review',
  alreadyAnswered: 'You answered this question before; your first answer stands.',
  invalid: {
    title: 'This link does not work',
    text: 'The link is incomplete or was changed. Please open it again from the email we sent you.',
  },
  expired: {
    title: 'This link has expired',
    text: 'Review links work for a limited time. Thank you for wanting to answer all the same!',
  },
};

const nl: ReviewPageTexts = {
  title: 'Hoe hebben we het gedaan?',
  intro: (workspace) =>
    `Bedankt voor je bestelling bij ${workspace}. Eén vraag, en het kost een paar seconden.`,
  order: (orderId) => `Over je bestelling ${orderId}`,
  question: 'Hoe waarschijnlijk is het dat je ons zou aanbevelen aan een vriend of collega?',
  scale: '0 = helemaal niet waarschijnlijk, 10 = zeer waarschijnlijk',
  commentLabel: 'Wil je ons nog iets vertellen? (optioneel)',
  commentHint: `Maximaal ${MAX_COMMENT_CHARS} tekens. Ons team leest elk antwoord.`,
  submit: 'Verstuur mijn antwoord',
  errorTitle: 'Controleer je antwoord',
  scoreMissing: 'Kies een score van 0 tot 10.',
  commentTooLong: (length) =>
    `Je opmerking heeft ${length} tekens; houd het bij maximaal ${MAX_COMMENT_CHARS}.`,
  thanks: {
    promoter: {
      title: 'Bedankt!',
      text: 'Fijn dat je zo tevreden over ons bent. Je antwoord maakt onze dag goed.',
    },
    passive: {
      title: 'Bedankt voor je feedback',
      text: 'We lezen elk antwoord. Is er één ding waardoor we voor jou een 10 zouden zijn? Beantwoord onze e-mail en vertel het ons.',
    },
    detractor: {
      title: 'Bedankt dat je het ons laat weten',
      text: 'Het spijt ons dat we niet aan je verwachtingen hebben voldaan. Iemand van ons team bekijkt je antwoord en neemt misschien contact met je op om het goed te maken.',
    },
  },
  publicReview: 'Wil je je ervaring delen in een openbare review? Dat helpt andere klanten kiezen.',
  publicReviewLink: 'Schrijf een openbare review',
  alreadyAnswered: 'Je hebt deze vraag al eerder beantwoord; je eerste antwoord telt.',
  invalid: {
    title: 'Deze link werkt niet',
    text: 'De link is onvolledig of gewijzigd. Open hem opnieuw vanuit de e-mail die we je stuurden.',
  },
  expired: {
    title: 'Deze link is verlopen',
    text: 'Reviewlinks werken een beperkte tijd. Toch bedankt dat je wilde antwoorden!',
  },
};

export const REVIEW_PAGE_TEXTS: Record<EmailLocale, ReviewPageTexts> = { en, nl };
