import { type ArgumentsHost, Catch, type ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { DomainError } from '../common/domain-error';
import { isUnavailable, RETRY_AFTER_SECONDS } from '../http/unavailable';
import type { WebViewer } from './web-auth.service';
import { LoginRequiredError } from './web-auth.service';
import { messagePage, sendWebPage } from './web-page';

const TITLES: Record<number, string> = {
  400: 'That request is not valid',
  401: 'Not signed in',
  403: 'Not allowed',
  404: 'Not found',
  503: 'Back in a moment',
};

/** Dashboard errors as pages: a redirect to the login form, or the problem in words with its status; never a stack. */
@Catch()
export class WebErrorFilter implements ExceptionFilter {
  private readonly logger = new Logger(WebErrorFilter.name);

  async catch(error: unknown, host: ArgumentsHost): Promise<void> {
    const http = host.switchToHttp();
    const reply = http.getResponse<FastifyReply>();
    const viewer = http.getRequest<FastifyRequest & { viewer?: WebViewer }>().viewer;
    if (error instanceof LoginRequiredError) {
      await reply
        .status(303)
        .header('location', `/app/login?next=${encodeURIComponent(error.next)}`)
        .send();
      return;
    }
    const [status, text] = this.describe(error);
    if (status === 503) void reply.header('retry-after', String(RETRY_AFTER_SECONDS));
    if (status >= 500 && status !== 503)
      this.logger.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
    const title = TITLES[status] ?? (status >= 500 ? 'Something went wrong' : 'That did not work');
    await sendWebPage(reply, messagePage(status, title, text, viewer?.workspaceName ?? null));
  }

  private describe(error: unknown): [number, string] {
    if (error instanceof DomainError) {
      // Name the parameter at fault: `$.query.days` is the `days` in the address.
      const fields = error.details.map((d) => d.path.replace(/^\$\.(query|params)\./, '')).join(', ');
      return [error.status, fields ? `${error.message} (parameter: ${fields})` : error.message];
    }
    if (error instanceof HttpException) return [error.getStatus(), error.message];
    if (isUnavailable(error)) {
      return [
        503,
        'The database or the queue is not reachable right now; reload this page in a few seconds.',
      ];
    }
    return [500, 'Something went wrong on our side; it has been logged.'];
  }
}
