import { Controller, Get, Headers, Param, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { ConsentLinksService } from './consent-links.service';
import { sendPage } from '../http/token-page';

/** `GET /c/{token}`: the link in the double opt-in email. */
@Controller('c')
export class ConfirmController {
  constructor(private readonly links: ConsentLinksService) {}

  @Get(':token')
  async confirm(
    @Param('token') token: string,
    @Headers('accept-language') language: string | undefined,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    await sendPage(reply, await this.links.confirm(token, language));
  }
}
