import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { EmailTemplateRenderer } from '../channels/email/email-template.renderer';
import {
  EMAIL_LOCALES,
  type EmailLocale,
  type EmailTemplateOverrides,
  type RenderedEmail,
} from '../channels/email/email-template.types';
import { sampleEmailTemplateData } from '../channels/email/sample-email-data';
import { rows } from '../database/sql';
import type { StepPreview } from './pages/funnel.html';

/** A workspace's templates rendered with the sample data, as the funnel and the preview page show them. */
@Injectable()
export class TemplatePreviewService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly renderer: EmailTemplateRenderer,
  ) {}

  /** The template in the workspace's edited version where there is one; throws template_not_found (404). */
  async render(
    workspaceId: string,
    template: string,
    locale: EmailLocale = 'en',
  ): Promise<{ email: RenderedEmail; edited: boolean }> {
    const overrides = (await this.overrides(workspaceId, [template])).get(template) ?? {};
    const email = await this.renderer.render(template, locale, sampleEmailTemplateData(), overrides);
    return { email, edited: overrides[email.locale] !== undefined };
  }

  /** The subject of each template (or why it did not render), for a list of steps. */
  async subjects(workspaceId: string, templates: string[]): Promise<Map<string, StepPreview>> {
    const overrides = await this.overrides(workspaceId, templates);
    const entries = await Promise.all(
      [...new Set(templates)].map(async (template): Promise<[string, StepPreview]> => {
        try {
          const email = await this.renderer.render(
            template,
            'en',
            sampleEmailTemplateData(),
            overrides.get(template) ?? {},
          );
          return [template, { subject: email.subject }];
        } catch (error) {
          return [template, { problem: error instanceof Error ? error.message : 'cannot be rendered' }];
        }
      }),
    );
    return new Map(entries);
  }

  private async overrides(workspaceId: string, keys: string[]): Promise<Map<string, EmailTemplateOverrides>> {
    const edited = await rows<{ key: string; locale: string; subject: string; mjml: string }>(
      this.dataSource,
      `SELECT key, locale, subject, mjml FROM email_templates WHERE workspace_id = $1 AND key = ANY($2::text[])`,
      [workspaceId, keys],
    );
    const byKey = new Map<string, EmailTemplateOverrides>();
    for (const row of edited) {
      if (!(EMAIL_LOCALES as readonly string[]).includes(row.locale)) continue;
      byKey.set(row.key, {
        ...byKey.get(row.key),
        [row.locale]: { subject: row.subject, mjml: row.mjml },
      });
    }
    return byKey;
  }
}
