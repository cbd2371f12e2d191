import { createParamDecorator, type CanActivate, type ExecutionContext, Injectable } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { DomainError } from '../common/domain-error';
import { WorkspaceService } from '../workspaces/workspace.service';

type AuthedRequest = FastifyRequest & { workspaceId?: string };

const CACHE_MS = 30_000;

/** Reads the write key the way Segment clients send it: Basic (key as user, empty password) or Bearer. */
export function keyFromHeader(header: string | undefined): string | null {
  if (!header) return null;
  const [scheme, value] = header.split(' ', 2);
  if (!value) return null;
  if (scheme.toLowerCase() === 'bearer') return value.trim() || null;
  if (scheme.toLowerCase() !== 'basic') return null;
  const decoded = Buffer.from(value, 'base64').toString('utf8');
  const user = decoded.includes(':') ? decoded.slice(0, decoded.indexOf(':')) : decoded;
  return user || null;
}

@Injectable()
export class ApiKeyGuard implements CanActivate {
  private readonly cache = new Map<string, { workspaceId: string; until: number }>();

  constructor(private readonly workspaces: WorkspaceService) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<AuthedRequest>();
    const key = keyFromHeader(request.headers.authorization);
    if (!key)
      throw new DomainError(
        'unauthorized',
        'send the write key as HTTP Basic user name or as a Bearer token',
        401,
      );
    const cached = this.cache.get(key);
    if (cached && cached.until > Date.now()) {
      request.workspaceId = cached.workspaceId;
      return true;
    }
    const workspaceId = await this.workspaces.workspaceForKey(key);
    if (!workspaceId) throw new DomainError('unauthorized', 'unknown write key', 401);
    this.cache.set(key, { workspaceId, until: Date.now() + CACHE_MS });
    request.workspaceId = workspaceId;
    return true;
  }
}

/** The workspace the request's key belongs to. */
export const WorkspaceId = createParamDecorator((_: unknown, context: ExecutionContext): string => {
  const workspaceId = context.switchToHttp().getRequest<AuthedRequest>().workspaceId;
  if (!workspaceId) throw new DomainError('unauthorized', 'no workspace on this request', 401);
  return workspaceId;
});
