import { Controller, Get, Param, Query, Res, UseGuards } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { DataSource } from 'typeorm';
import { notFound } from '../../common/domain-error';
import { rows } from '../../database/sql';
import { ApiKeyGuard, WorkspaceId } from '../../http/api-key.guard';

/** The dev mailbox: emails that would have gone out when SMTP_URL is not set. */
@Controller('v1/mailbox')
@UseGuards(ApiKeyGuard)
export class MailboxController {
  constructor(private readonly dataSource: DataSource) {}

  @Get()
  async list(@WorkspaceId() workspaceId: string, @Query('to') to?: string, @Query('limit') limit = '50') {
    const messages = await rows<Record<string, unknown>>(
      this.dataSource,
      `SELECT effect_id AS "effectId", message_id AS "messageId", recipient AS "to", subject, created_at AS "createdAt"
         FROM mailbox_messages WHERE workspace_id = $1 AND ($2::text IS NULL OR recipient = $2)
        ORDER BY created_at DESC LIMIT $3`,
      [workspaceId, to ?? null, Math.min(500, Math.max(1, Number(limit) || 50))],
    );
    return { messages };
  }

  /** The rendered HTML of one message, as the recipient would see it. */
  @Get(':effectId')
  async show(
    @WorkspaceId() workspaceId: string,
    @Param('effectId') effectId: string,
    @Res() reply: FastifyReply,
  ) {
    const [message] = await rows<{ html: string }>(
      this.dataSource,
      `SELECT html FROM mailbox_messages WHERE workspace_id = $1 AND effect_id = $2`,
      [workspaceId, effectId],
    );
    if (!message) throw notFound(`message ${effectId}`);
    await reply
      .header('content-type', 'text/html; charset=utf-8')
      .header('content-security-policy', "default-src 'none'; img-src * data:; style-src 'unsafe-inline'")
      .send(message.html);
  }
}
