import { Controller, Get, HttpCode, Param, Post, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { DataSource } from 'typeorm';
import { Clock } from '../common/clock';
import { readToken } from '../channels/email/unsubscribe-token';
import { rows } from '../database/sql';
import { WorkspaceService } from '../workspaces/workspace.service';
import { suppress } from './suppression.store';

const page = (title: string, text: string) => `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title}</title><style>body{font-family:system-ui,sans-serif;max-width:32rem;margin:4rem auto;padding:0 1rem;line-height:1.5}</style>
</head><body><main><h1>${title}</h1><p>${text}</p></main></body></html>`;

/**
 * Unsubscribe links: `GET` from the link in the email body and RFC 8058 one-click `POST` from the mailbox provider
 * both take effect at once, with no login and no confirmation step.
 */
@Controller('u')
export class UnsubscribeController {
  constructor(
    private readonly dataSource: DataSource,
    private readonly workspaces: WorkspaceService,
    private readonly clock: Clock,
  ) {}

  @Get(':token')
  async viaLink(@Param('token') token: string, @Res() reply: FastifyReply): Promise<void> {
    const done = await this.unsubscribe(token, 'link');
    await reply
      .status(done ? 200 : 400)
      .header('content-type', 'text/html; charset=utf-8')
      .send(
        done
          ? page(
              'You are unsubscribed',
              'You will not get marketing emails from us any more. Orders and receipts still reach you.',
            )
          : page(
              'This link does not work',
              'The unsubscribe link is invalid or was changed. Reply to any of our emails and we will remove you.',
            ),
      );
  }

  @Post(':token')
  @HttpCode(200)
  async oneClick(@Param('token') token: string, @Res() reply: FastifyReply): Promise<void> {
    const done = await this.unsubscribe(token, 'one-click');
    await reply
      .status(done ? 200 : 400)
      .send(
        done
          ? { unsubscribed: true }
          : { error: { code: 'token_invalid', message: 'invalid unsubscribe token' } },
      );
  }

  private async unsubscribe(token: string, source: string): Promise<boolean> {
    const payload = readToken(this.workspaces.signingSecret(), token, this.clock.now(), 'unsubscribe');
    if (payload instanceof Error) return false;
    const [contact] = await rows<{ email: string | null }>(
      this.dataSource,
      `SELECT email FROM contacts WHERE id = $1 AND workspace_id = $2`,
      [payload.c, payload.w],
    );
    if (contact?.email)
      await suppress(this.dataSource, {
        workspaceId: payload.w,
        address: contact.email,
        contactId: payload.c,
        reason: 'unsubscribed',
        source,
        at: this.clock.now(),
      });
    return true;
  }
}
