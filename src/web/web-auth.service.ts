import { Injectable } from '@nestjs/common';
import { parse, serialize } from 'cookie';
import type { FastifyRequest } from 'fastify';
import { DataSource } from 'typeorm';
import { Clock } from '../common/clock';
import { DomainError } from '../common/domain-error';
import { rows } from '../database/sql';
import { keyFromHeader } from '../http/api-key.guard';
import { WorkspaceService } from '../workspaces/workspace.service';
import { keyFingerprint, SESSION_COOKIE, SESSION_SECONDS, signSession, verifySession } from './web-session';

/** Who is looking at the dashboard. */
export interface WebViewer {
  workspaceId: string;
  workspaceName: string;
  /** Logged in through the form (cookie) rather than sending the key with each request. */
  session: boolean;
}

/** No valid session on a page request: the filter answers with a redirect to the login form. */
export class LoginRequiredError extends Error {
  constructor(readonly next: string) {
    super('login required');
  }
}

/**
 * The dashboard's login, derived from the workspace's write key: the key itself (Bearer, for tools and tests) or a
 * cookie holding an HMAC-signed session that names the key by fingerprint, checked against api_keys every time.
 */
@Injectable()
export class WebAuthService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly workspaces: WorkspaceService,
    private readonly clock: Clock,
  ) {}

  /** The Set-Cookie value for a valid key, or null when the key is unknown. */
  async login(key: string, secure: boolean): Promise<string | null> {
    const workspaceId = await this.workspaces.workspaceForKey(key);
    if (!workspaceId) return null;
    const expires = Math.floor(this.clock.now().getTime() / 1000) + SESSION_SECONDS;
    const value = signSession(
      { workspaceId, expires, keyFingerprint: keyFingerprint(key) },
      this.workspaces.signingSecret(),
    );
    return serialize(SESSION_COOKIE, value, {
      httpOnly: true,
      sameSite: 'lax',
      secure,
      path: '/app',
      maxAge: SESSION_SECONDS,
    });
  }

  logout(secure: boolean): string {
    return serialize(SESSION_COOKIE, '', {
      httpOnly: true,
      sameSite: 'lax',
      secure,
      path: '/app',
      maxAge: 0,
    });
  }

  async viewer(request: FastifyRequest): Promise<WebViewer> {
    const key = keyFromHeader(request.headers.authorization);
    if (key) {
      const workspaceId = await this.workspaces.workspaceForKey(key);
      if (!workspaceId) throw new DomainError('unauthorized', 'This key is not known here.', 401);
      return { workspaceId, workspaceName: await this.workspaceName(workspaceId), session: false };
    }
    const cookies = parse(request.headers.cookie ?? '');
    const session = verifySession(
      cookies[SESSION_COOKIE],
      this.workspaces.signingSecret(),
      Math.floor(this.clock.now().getTime() / 1000),
    );
    if (!session || !(await this.keyStillValid(session.workspaceId, session.keyFingerprint))) {
      throw new LoginRequiredError(request.url);
    }
    return {
      workspaceId: session.workspaceId,
      workspaceName: await this.workspaceName(session.workspaceId),
      session: true,
    };
  }

  private async keyStillValid(workspaceId: string, fingerprint: string): Promise<boolean> {
    const found = await rows<{ ok: number }>(
      this.dataSource,
      `SELECT 1 AS ok FROM api_keys WHERE workspace_id = $1 AND left(key_hash, 16) = $2 LIMIT 1`,
      [workspaceId, fingerprint],
    );
    return found.length > 0;
  }

  private async workspaceName(workspaceId: string): Promise<string> {
    const [row] = await rows<{ name: string }>(this.dataSource, `SELECT name FROM workspaces WHERE id = $1`, [
      workspaceId,
    ]);
    return row?.name ?? 'Workspace';
  }
}
