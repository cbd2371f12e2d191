import type { FastifyReply } from 'fastify';
import type { PageResult } from './consent-links.service';

// The token in the URL is the only credential: never cached, never sent on as a Referer, never framed.
const PAGE_HEADERS = {
  'content-type': 'text/html; charset=utf-8',
  'cache-control': 'no-store',
  'referrer-policy': 'no-referrer',
  'x-content-type-options': 'nosniff',
  'content-security-policy':
    "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'",
};

export async function sendPage(reply: FastifyReply, page: PageResult): Promise<void> {
  await reply.status(page.status).headers(PAGE_HEADERS).send(page.html);
}
