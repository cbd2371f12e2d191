import { Injectable } from '@nestjs/common';
import type { Liquid } from 'liquidjs';
import { LiquidError } from 'liquidjs';
import { resolveEmailLocale } from './email-locale.util';
import { bodyLiquid, liquidMessage, subjectLiquid } from './email-liquid';
import { compileMjml, MjmlCompileError } from './email-mjml';
import { EmailTemplateNotFoundError, EmailTemplateValidationError } from './email-template.errors';
import {
  EMAIL_LOCALES,
  type EmailLocale,
  type EmailTemplateData,
  type EmailTemplateOverrides,
  type EmailTemplateSource,
  type RenderedEmail,
} from './email-template.types';
import { htmlToPlainText } from './html-to-text.util';
import { BUILT_IN_EMAIL_TEMPLATES, isBuiltInEmailTemplateKey } from './templates/built-in-templates';

async function renderLiquid(engine: Liquid, source: string, scope: object, path: string): Promise<string> {
  try {
    return await engine.parseAndRender(source, scope);
  } catch (error) {
    if (!(error instanceof LiquidError)) throw error;
    const [line] = error.token?.getPosition() ?? [];
    throw new EmailTemplateValidationError([{ path, line, message: liquidMessage(error) }]);
  }
}

/** Renders one source: Liquid subject (plain), Liquid body (HTML-escaped), MJML to HTML, and a text part. */
export async function renderEmailSource(
  source: EmailTemplateSource,
  locale: EmailLocale,
  data: EmailTemplateData,
  validationLevel: 'strict' | 'soft' = 'soft',
): Promise<RenderedEmail> {
  // Templates may use either name for the trigger event's properties.
  const scope = { ...data, cart: data.cart ?? data.event, event: data.event ?? data.cart, locale };
  const renderedSubject = await renderLiquid(subjectLiquid, source.subject, scope, '$.subject');
  // A subject is one header line: collapse any newlines a template or a value brought in.
  const subject = renderedSubject.replace(/\s+/g, ' ').trim();
  const mjml = await renderLiquid(bodyLiquid, source.mjml, { ...scope, subject }, '$.mjml');
  let html: string;
  try {
    html = await compileMjml(mjml, validationLevel);
  } catch (error) {
    if (!(error instanceof MjmlCompileError)) throw error;
    // Lines refer to the rendered MJML, not to the source, so they are not reported.
    throw new EmailTemplateValidationError(
      error.problems.map((p) => ({ path: '$.mjml', message: p.message })),
    );
  }
  return { subject, html, text: htmlToPlainText(html), locale };
}

/** Picks the source for a contact's locale (workspace override first, then built-in) and renders it. */
@Injectable()
export class EmailTemplateRenderer {
  async render(
    templateKey: string,
    locale: unknown,
    data: EmailTemplateData,
    overrides?: EmailTemplateOverrides,
  ): Promise<RenderedEmail> {
    const selected = this.select(templateKey, resolveEmailLocale(locale), overrides ?? {});
    return renderEmailSource(selected.source, selected.locale, data);
  }

  private select(
    templateKey: string,
    wanted: EmailLocale,
    overrides: EmailTemplateOverrides,
  ): { source: EmailTemplateSource; locale: EmailLocale } {
    const builtIn: EmailTemplateOverrides = isBuiltInEmailTemplateKey(templateKey)
      ? BUILT_IN_EMAIL_TEMPLATES[templateKey]
      : {};
    // Per locale an override replaces the built-in source; then English, then any language the template has.
    for (const locale of new Set<EmailLocale>([wanted, 'en', ...EMAIL_LOCALES])) {
      const source = overrides[locale] ?? builtIn[locale];
      if (source) return { source, locale };
    }
    throw new EmailTemplateNotFoundError(templateKey);
  }
}
