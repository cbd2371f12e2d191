import { Controller, Get, Param, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { TrackingEventsService } from './tracking-events.service';

/** The smallest transparent GIF (1x1, 43 bytes). */
const PIXEL = Buffer.from('R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7', 'base64');

// Every load must reach us to count, and no proxy may keep a copy of a per-recipient answer.
const NO_CACHE = {
  'cache-control': 'no-store, no-cache, must-revalidate, private, max-age=0',
  pragma: 'no-cache',
  expires: '0',
};

const BROKEN_LINK_PAGE = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>This link does not work</title><style>body{font-family:system-ui,sans-serif;max-width:32rem;margin:4rem auto;padding:0 1rem;line-height:1.5}</style>
</head><body><main><h1>This link does not work</h1><p>The link is invalid or was changed. Please use the link in the email as it was sent.</p></main></body></html>`;

/** Open pixel and click redirects: public, unauthenticated, answered even when recording fails. */
@Controller('t')
export class TrackingController {
  constructor(private readonly tracking: TrackingEventsService) {}

  @Get('o/:token')
  async open(@Param('token') token: string, @Res() reply: FastifyReply): Promise<void> {
    const valid = await this.tracking.opened(token);
    await reply
      .status(valid ? 200 : 400)
      .headers(NO_CACHE)
      .header('content-type', 'image/gif')
      .send(PIXEL);
  }

  @Get('c/:token')
  async click(@Param('token') token: string, @Res() reply: FastifyReply): Promise<void> {
    const target = await this.tracking.clicked(token);
    if (!target) {
      await reply
        .status(400)
        .headers(NO_CACHE)
        .header('content-type', 'text/html; charset=utf-8')
        .send(BROKEN_LINK_PAGE);
      return;
    }
    // The token stays ours: the shop's page is not told which tracked link led there.
    await reply
      .status(302)
      .headers({ ...NO_CACHE, 'referrer-policy': 'no-referrer' })
      .header('location', target)
      .send();
  }
}
