import { Body, Controller, Get, HttpCode, Post, Query, Req, Res, UseFilters } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { loginPage } from './pages/login.html';
import { WebAuthService } from './web-auth.service';
import { WebErrorFilter } from './web-error.filter';
import { messagePage, sendWebPage } from './web-page';
import { safeNext } from './web-session';

/** The dashboard login: paste the write key, get a session cookie; log out clears it. */
@Controller('app')
@UseFilters(WebErrorFilter)
export class LoginController {
  constructor(private readonly auth: WebAuthService) {}

  @Get('login')
  async form(@Query('next') next: unknown, @Res() reply: FastifyReply): Promise<void> {
    await sendWebPage(reply, loginPage(safeNext(next)));
  }

  @Post('login')
  @HttpCode(200)
  async login(
    @Body() body: unknown,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    if (!sameOrigin(request)) {
      await sendWebPage(
        reply,
        messagePage(403, 'Not allowed', "Log in from the dashboard's own login page.", null),
      );
      return;
    }
    const fields = (body ?? {}) as Record<string, unknown>;
    const key = typeof fields.key === 'string' ? fields.key.trim() : '';
    const next = safeNext(fields.next);
    if (!key) {
      await sendWebPage(reply, loginPage(next, 'Paste your API key.', 400));
      return;
    }
    const cookie = await this.auth.login(key, request.protocol === 'https');
    if (!cookie) {
      await sendWebPage(
        reply,
        loginPage(next, 'This key is not known here. Check that you copied all of it.', 401),
      );
      return;
    }
    await reply.status(303).header('set-cookie', cookie).header('location', next).send();
  }

  @Post('logout')
  @HttpCode(303)
  async logout(@Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    await reply
      .status(303)
      .header('set-cookie', this.auth.logout(request.protocol === 'https'))
      .header('location', '/app/login')
      .send();
  }
}

/** Browsers send Origin on form posts; one from another site is a forged login, so it is refused. */
function sameOrigin(request: FastifyRequest): boolean {
  const origin = request.headers.origin;
  if (!origin) return true;
  try {
    return new URL(origin).host === request.host;
  } catch {
    return false;
  }
}
