import { Injectable } from '@nestjs/common';
import type { Liquid } from 'liquidjs';
import { LiquidError } from 'liquidjs';
import { resolveEmailLocale } from './email-locale.util';
import { bodyLiquid, liquidMessage, slottedBodyLiquid, subjectLiquid } from './email-liquid';
import { compileMjml, MjmlCompileError } from './email-mjml';
import { CompiledStructures, fillSlots, splitSlots } from './mjml-slots';
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
  const bodyScope = { ...scope, subject };
  // Sends (soft) reuse the compiled MJML of the email's structure; validation (strict) always compiles in full.
  let html = validationLevel === 'soft' ? await renderFromStructure(source.mjml, bodyScope) : null;
  if (html === null) {
    const mjml = await renderLiquid(bodyLiquid, source.mjml, bodyScope, '$.mjml');
    try {
      html = await compileMjml(mjml, validationLevel);
    } catch (error) {
      if (!(error instanceof MjmlCompileError)) throw error;
      // Lines refer to the rendered MJML, not to the source, so they are not reported.
      throw new EmailTemplateValidationError(
        error.problems.map((p) => ({ path: '$.mjml', message: p.message })),
      );
    }
  }
  return { subject, html, text: htmlToPlainText(html), locale };
}

const compiledStructures = new CompiledStructures();

/** The HTML through the structure cache (see mjml-slots.ts), or null to take the full path. */
async function renderFromStructure(mjml: string, scope: object): Promise<string | null> {
  try {
    const split = splitSlots(await renderLiquid(slottedBodyLiquid, mjml, scope, '$.mjml'));
    if (!split) return null;
    const html = await compiledStructures.get(split.structure, (structure) => compileMjml(structure, 'soft'));
    return fillSlots(html, split.values);
  } catch {
    // The full path reports the template's own error, if there is one.
    return null;
  }
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
