import type { Liquid } from 'liquidjs';
import { LiquidError } from 'liquidjs';
import { bodyLiquid, liquidMessage, subjectLiquid } from './email-liquid';
import { compileMjml, MjmlCompileError } from './email-mjml';
import { EmailTemplateValidationError, type EmailTemplateProblem } from './email-template.errors';
import { renderEmailSource } from './email-template.renderer';
import type { EmailTemplateSource } from './email-template.types';
import { minimalEmailTemplateData, sampleEmailTemplateData } from './sample-email-data';

export interface ValidateEmailTemplateOptions {
  /** Marketing emails must show an unsubscribe link (`{{ links.unsubscribe }}`); default true. */
  requireUnsubscribeLink?: boolean;
}

function liquidSyntaxProblems(engine: Liquid, source: string, path: string): EmailTemplateProblem[] {
  try {
    engine.parse(source);
    return [];
  } catch (error) {
    if (!(error instanceof LiquidError)) throw error;
    return [{ path, line: error.token?.getPosition()[0], message: liquidMessage(error) }];
  }
}

/** Liquid tags blanked out, newlines kept, so MJML reports lines of the source the shop owner edits. */
function withoutLiquidTags(source: string): string {
  const blank = (match: string) => match.replace(/[^\n]/g, '');
  return source
    .replace(/{%-?\s*comment\s*-?%}[\s\S]*?{%-?\s*endcomment\s*-?%}/g, blank)
    .replace(/{%[\s\S]*?%}/g, blank);
}

async function mjmlStructureProblems(mjml: string): Promise<EmailTemplateProblem[]> {
  try {
    await compileMjml(withoutLiquidTags(mjml), 'strict');
    return [];
  } catch (error) {
    if (!(error instanceof MjmlCompileError)) throw error;
    // An attribute holding {{ output }} can only be judged after rendering, which the sample render does.
    return error.problems
      .filter((p) => !p.message.includes('{{'))
      .map((p) => ({ path: '$.mjml', line: p.line, message: p.message }));
  }
}

async function sampleRenderProblems(
  source: EmailTemplateSource,
  requireUnsubscribeLink: boolean,
): Promise<EmailTemplateProblem[]> {
  const problems = new Map<string, EmailTemplateProblem>();
  for (const data of [sampleEmailTemplateData(), minimalEmailTemplateData()]) {
    try {
      const { html } = await renderEmailSource(source, 'en', data, 'strict');
      const unsubscribe = data.links.unsubscribe ?? '';
      if (requireUnsubscribeLink && !html.includes(unsubscribe)) {
        const message = 'marketing emails must contain a visible unsubscribe link to {{ links.unsubscribe }}';
        problems.set(message, { path: '$.mjml', message });
      }
    } catch (error) {
      if (!(error instanceof EmailTemplateValidationError)) throw error;
      for (const e of error.errors) problems.set(`${e.path}:${e.line}:${e.message}`, e);
    }
  }
  return [...problems.values()].map((p) => ({ ...p, message: `with sample data: ${p.message}` }));
}

/** Checks a workspace-edited template before it is saved; throws EmailTemplateValidationError listing problems. */
export async function validateEmailTemplate(
  source: EmailTemplateSource,
  options: ValidateEmailTemplateOptions = {},
): Promise<void> {
  const errors: EmailTemplateProblem[] = [];
  if (!source.subject.trim()) errors.push({ path: '$.subject', message: 'must not be empty' });
  errors.push(...liquidSyntaxProblems(subjectLiquid, source.subject, '$.subject'));
  const bodySyntax = liquidSyntaxProblems(bodyLiquid, source.mjml, '$.mjml');
  errors.push(...bodySyntax);
  if (bodySyntax.length === 0) errors.push(...(await mjmlStructureProblems(source.mjml)));
  // Rendering is only meaningful once the source itself parses.
  if (errors.length === 0)
    errors.push(...(await sampleRenderProblems(source, options.requireUnsubscribeLink ?? true)));
  if (errors.length > 0) throw new EmailTemplateValidationError(errors);
}
