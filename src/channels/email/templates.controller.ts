import { Body, Controller, Get, Param, Put, UseGuards } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { z } from 'zod';
import { DomainError } from '../../common/domain-error';
import { rows } from '../../database/sql';
import { parseInput } from '../../common/zod-errors';
import { ApiKeyGuard, WorkspaceId } from '../../http/api-key.guard';
import { EMAIL_LOCALES } from './email-template.types';
import { BUILT_IN_EMAIL_TEMPLATES, isBuiltInEmailTemplateKey } from './templates/built-in-templates';
import { validateEmailTemplate } from './validate-email-template';

const templateBody = z.strictObject({
  locale: z.enum(EMAIL_LOCALES).default('en'),
  subject: z.string().max(500),
  mjml: z.string().max(200_000),
});
const TEMPLATE_KEY = /^[a-z0-9][a-z0-9-]{0,63}$/;

/** Email templates: the built-in ones and the workspace's edits (which replace them per locale). */
@Controller('v1/templates')
@UseGuards(ApiKeyGuard)
export class TemplatesController {
  constructor(private readonly dataSource: DataSource) {}

  @Get()
  async list(@WorkspaceId() workspaceId: string) {
    const edited = await rows<{ key: string; locale: string; updated_at: Date }>(
      this.dataSource,
      `SELECT key, locale, updated_at FROM email_templates WHERE workspace_id = $1 ORDER BY key, locale`,
      [workspaceId],
    );
    const keys = new Set([...Object.keys(BUILT_IN_EMAIL_TEMPLATES), ...edited.map((e) => e.key)]);
    return {
      templates: [...keys].sort().map((key) => ({
        key,
        builtIn: isBuiltInEmailTemplateKey(key),
        edited: edited
          .filter((e) => e.key === key)
          .map((e) => ({ locale: e.locale, updatedAt: e.updated_at })),
      })),
    };
  }

  @Get(':key')
  async get(@WorkspaceId() workspaceId: string, @Param('key') key: string) {
    const edited = await rows<{ locale: string; subject: string; mjml: string }>(
      this.dataSource,
      `SELECT locale, subject, mjml FROM email_templates WHERE workspace_id = $1 AND key = $2`,
      [workspaceId, key],
    );
    const builtIn = isBuiltInEmailTemplateKey(key) ? BUILT_IN_EMAIL_TEMPLATES[key] : {};
    if (edited.length === 0 && !isBuiltInEmailTemplateKey(key))
      throw new DomainError('not_found', `template ${key} not found`, 404);
    const locales = Object.fromEntries(
      EMAIL_LOCALES.map((locale) => [
        locale,
        edited.find((e) => e.locale === locale) ?? (builtIn as Record<string, unknown>)[locale] ?? null,
      ]),
    );
    return { key, builtIn: isBuiltInEmailTemplateKey(key), locales };
  }

  /** Saves one locale of a template after checking its Liquid and MJML (a 400 names the field and line). */
  @Put(':key')
  async save(@WorkspaceId() workspaceId: string, @Param('key') key: string, @Body() body: unknown) {
    if (!TEMPLATE_KEY.test(key)) {
      throw new DomainError(
        'validation_failed',
        'template keys are lower-case letters, digits and dashes',
        400,
        [{ path: '$key', message: 'invalid key' }],
      );
    }
    const template = parseInput(templateBody, body, 'the template is invalid');
    await validateEmailTemplate({ subject: template.subject, mjml: template.mjml });
    await this.dataSource.query(
      `INSERT INTO email_templates (workspace_id, key, locale, subject, mjml, updated_at) VALUES ($1, $2, $3, $4, $5, now())
       ON CONFLICT (workspace_id, key, locale) DO UPDATE SET subject = EXCLUDED.subject, mjml = EXCLUDED.mjml, updated_at = now()`,
      [workspaceId, key, template.locale, template.subject, template.mjml],
    );
    return this.get(workspaceId, key);
  }
}
