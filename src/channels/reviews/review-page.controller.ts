import { Body, Controller, Get, Headers, HttpCode, Param, Post, Query, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { sendPage } from '../../http/token-page';
import { ReviewAnswerService } from './review-answer.service';

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
    await sendPage(reply, await this.answers.show(token, score, language));
  }

  @Post(':token')
  @HttpCode(200)
  async answer(
    @Param('token') token: string,
    @Body() body: unknown,
    @Headers('accept-language') language: string | undefined,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    await sendPage(reply, await this.answers.answer(token, body, language));
  }
}
