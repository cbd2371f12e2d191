import { type CanActivate, createParamDecorator, type ExecutionContext, Injectable } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { WebAuthService, type WebViewer } from './web-auth.service';

type WebRequest = FastifyRequest & { viewer?: WebViewer };

/** Dashboard pages: a session cookie or the write key; otherwise the filter sends the browser to the login form. */
@Injectable()
export class WebAuthGuard implements CanActivate {
  constructor(private readonly auth: WebAuthService) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<WebRequest>();
    request.viewer = await this.auth.viewer(request);
    return true;
  }
}

/** The viewer the guard found. */
export const Viewer = createParamDecorator((_: unknown, context: ExecutionContext): WebViewer => {
  const viewer = context.switchToHttp().getRequest<WebRequest>().viewer;
  if (!viewer) throw new Error('WebAuthGuard did not run for this route');
  return viewer;
});
