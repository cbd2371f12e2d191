import { EMAIL_LOCALES, type EmailLocale } from './email-template.types';

/** Maps a contact's `locale` trait (`nl`, `nl-NL`, `nl_BE`, `NL`) to a template language; English otherwise. */
export function resolveEmailLocale(locale: unknown): EmailLocale {
  if (typeof locale !== 'string') return 'en';
  const language = locale.trim().split(/[-_]/)[0]?.toLowerCase();
  return EMAIL_LOCALES.find((candidate) => candidate === language) ?? 'en';
}
