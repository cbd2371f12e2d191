import { Injectable } from '@nestjs/common';
import type { Queryable } from '../../database/sql';
import { WorkspaceService } from '../../workspaces/workspace.service';
import { WorkspaceSettingsService } from '../../workspaces/workspace-settings.service';
import { createToken, MAX_TOKEN_CHARS } from '../email/unsubscribe-token';
import { addTracking } from './tracking-html.util';

export interface TrackingInput {
  workspaceId: string;
  contactId: string;
  /** The email's effect id: opens and clicks are counted per effect. */
  effectId: string;
  messageClass: 'marketing' | 'transactional';
  unsubscribeUrl: string;
  /** PUBLIC_URL without a trailing slash. */
  baseUrl: string;
}

/** Decides whether and how an email is tracked, and rewrites its HTML accordingly (marketing mail only). */
@Injectable()
export class EmailTrackingService {
  constructor(
    private readonly settings: WorkspaceSettingsService,
    private readonly workspaces: WorkspaceService,
  ) {}

  async apply(html: string, input: TrackingInput, db: Queryable): Promise<string> {
    if (input.messageClass !== 'marketing') return html;
    const { tracking } = await this.settings.get(input.workspaceId, db);
    if (!tracking.opens && !tracking.clicks) return html;
    const secret = this.workspaces.signingSecret();
    const ids = { w: input.workspaceId, c: input.contactId, f: input.effectId };
    return addTracking(html, {
      ...(tracking.opens
        ? { pixelUrl: `${input.baseUrl}/t/o/${createToken(secret, { ...ids, p: 'open' })}` }
        : {}),
      ...(tracking.clicks
        ? {
            clickUrl: (href) => {
              const target = trackableUrl(href, input);
              const token = target ? createToken(secret, { ...ids, p: 'click', u: target }) : '';
              // A target too long for a token keeps its own link: untracked beats broken.
              return target && token.length <= MAX_TOKEN_CHARS ? `${input.baseUrl}/t/c/${token}` : null;
            },
          }
        : {}),
    });
  }
}

/** The URL a link may be tracked as, or null: only http(s), never the unsubscribe link or Touchpoint's own pages. */
function trackableUrl(href: string, input: TrackingInput): string | null {
  const text = href.trim();
  if (!URL.canParse(text)) return null;
  const url = new URL(text);
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return null;
  if (text === input.unsubscribeUrl || url.href === input.unsubscribeUrl) return null;
  // Our own pages (unsubscribe, review, tracking) carry their own signed tokens and record what they need.
  return url.href.startsWith(new URL(`${input.baseUrl}/`).href) ? null : url.href;
}
