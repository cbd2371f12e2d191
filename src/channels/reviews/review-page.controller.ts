import { Body, Controller, Get, Headers, HttpCode, Param, Post, Query, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { ReviewAnswerService, type PageResult } from './review-answer.service';

// The token in the URL is the only credential: never cached, never sent on as a Referer, never framed.
const PAGE_HEADERS = {
  'content-type': 'text/html; charset=utf-8',
  'cache-control': 'no-store',
  'referrer-policy': 'no-referrer',
  'x-content-type-options': 'nosniff',
  'content-security-policy':
    "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'",
};

/** The landing page of review emails: `GET /r/{token}[?score=N]` asks, `POST /r/{token}` records the answer. */
@Controller('r')
export class ReviewPageController {
  constructor(private readonly answers: ReviewAnswerService) {}

  @Get(':token')
  async show(
    @Param('token') token: string,
    @Query('score') score: unknown,
    @Headers('accept-language') language: string | undefined,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    await send(reply, await this.answers.show(token, score, language));
  }

  @Post(':token')
  @HttpCode(200)
  async answer(
    @Param('token') token: string,
    @Body() body: unknown,
    @Headers('accept-language') language: string | undefined,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    await send(reply, await this.answers.answer(token, body, language));
  }
}

async function send(reply: FastifyReply, page: PageResult): Promise<void> {
  await reply.status(page.status).headers(PAGE_HEADERS).send(page.html);
}
