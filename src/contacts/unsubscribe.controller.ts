import { Body, Controller, Get, Headers, HttpCode, Param, Post, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { readToken } from '../channels/email/unsubscribe-token';
import { Clock } from '../common/clock';
import { AudienceService } from '../destinations/audiences/audience.service';
import { WorkspaceService } from '../workspaces/workspace.service';
import { ConsentLinksService } from './consent-links.service';
import { sendPage } from '../http/token-page';

/**
 * Unsubscribe links: `GET` from the link in the email body and RFC 8058 one-click `POST` from the mailbox provider
 * both take effect at once, with no login and no confirmation step; the GET page then offers the preference form,
 * which posts to `/u/{token}/preferences`.
 */
@Controller('u')
export class UnsubscribeController {
  constructor(
    private readonly links: ConsentLinksService,
    private readonly audiences: AudienceService,
    private readonly workspaces: WorkspaceService,
    private readonly clock: Clock,
  ) {}

  @Get(':token')
  async viaLink(
    @Param('token') token: string,
    @Headers('accept-language') language: string | undefined,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const page = await this.links.viaLink(token, language);
    if (page.status === 200) await this.leaveAudiences(token);
    await sendPage(reply, page);
  }

  @Post(':token')
  @HttpCode(200)
  async oneClick(@Param('token') token: string, @Res() reply: FastifyReply): Promise<void> {
    const done = await this.links.oneClick(token);
    if (done) await this.leaveAudiences(token);
    await reply
      .status(done ? 200 : 400)
      .send(
        done
          ? { unsubscribed: true }
          : { error: { code: 'token_invalid', message: 'invalid unsubscribe token' } },
      );
  }

  @Post(':token/preferences')
  @HttpCode(200)
  async save(
    @Param('token') token: string,
    @Body() body: unknown,
    @Headers('accept-language') language: string | undefined,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    await sendPage(reply, await this.links.save(token, body, language));
  }

  /** Opting out of marketing covers ads too: the contact leaves every retargeting audience it was added to. */
  private async leaveAudiences(token: string): Promise<void> {
    const payload = readToken(this.workspaces.signingSecret(), token, this.clock.now(), 'unsubscribe');
    if (payload instanceof Error) return;
    await this.audiences.removeContactEverywhere(payload.w, payload.c, 'unsubscribed');
  }
}
