import { createHash } from 'node:crypto';
import { Injectable, Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { v7 as uuidv7 } from 'uuid';
import { Clock } from '../../common/clock';
import { withTimeout } from '../../common/with-timeout';
import { rows } from '../../database/sql';
import { EventStore } from '../../ingest/event-store';
import type { NormalizedMessage } from '../../ingest/normalize-message';
import { JourneyCatalog } from '../../journeys/journey-catalog.service';
import { QueueService } from '../../scheduling/queue.service';
import { WorkspaceService } from '../../workspaces/workspace.service';
import { resolveEmailLocale } from '../email/email-locale.util';
import type { EmailLocale } from '../email/email-template.types';
import { readToken, type LinkTokenPayload } from '../email/unsubscribe-token';
import { npsCategory, parseScore, readAnswerForm, type NpsCategory } from './nps-score.util';
import { findPublicReviewUrl } from './public-review-url.util';
import { formPage, linkProblemPage, thanksPage } from './review-page.html';
import type { PageResult } from '../../http/token-page';

export const NPS_EVENT = 'NPS Submitted';

/** Past this the page answers anyway; the reconciler routes what did not reach Redis. */
const ENQUEUE_TIMEOUT_MS = 2_000;

export type { PageResult } from '../../http/token-page';

interface Visit {
  payload: LinkTokenPayload;
  contact: { id: string; external_id: string; traits: Record<string, unknown> };
  workspace: string;
  locale: EmailLocale;
  /** The answer's messageId: one answer per order (any of its review emails), else per link. */
  messageId: string;
}

interface RecordedAnswer {
  score: number;
  category: NpsCategory;
}

/**
 * The review link: shows the NPS question, and records an answer as an `NPS Submitted` track event through the
 * event store (like ingest), then asks for routing. The first answer stands; a repeat changes nothing.
 */
@Injectable()
export class ReviewAnswerService {
  private readonly logger = new Logger(ReviewAnswerService.name);

  constructor(
    private readonly dataSource: DataSource,
    private readonly workspaces: WorkspaceService,
    private readonly events: EventStore,
    private readonly queues: QueueService,
    private readonly catalog: JourneyCatalog,
    private readonly clock: Clock,
  ) {}

  async show(token: string, scoreQuery: unknown, acceptLanguage?: string): Promise<PageResult> {
    const visit = await this.open(token, acceptLanguage);
    if ('status' in visit) return visit;
    const recorded = await this.recorded(visit);
    if (recorded) return this.thanks(visit, recorded, true);
    return { status: 200, html: this.form(visit, parseScore(scoreQuery), '', []) };
  }

  async answer(token: string, body: unknown, acceptLanguage?: string): Promise<PageResult> {
    const visit = await this.open(token, acceptLanguage);
    if ('status' in visit) return visit;
    const before = await this.recorded(visit);
    if (before) return this.thanks(visit, before, true);
    const input = readAnswerForm(body);
    if ('problems' in input) {
      const selected = parseScore((body as Record<string, unknown> | null)?.score);
      return { status: 400, html: this.form(visit, selected, input.comment, input.problems) };
    }
    const category = npsCategory(input.score);
    const now = this.clock.now();
    const message: NormalizedMessage = {
      id: uuidv7(),
      messageId: visit.messageId,
      type: 'track',
      name: NPS_EVENT,
      externalId: visit.contact.external_id,
      properties: {
        score: input.score,
        comment: input.comment,
        ...(visit.payload.o ? { order_id: visit.payload.o } : {}),
        category,
      },
      traits: {},
      context: { source: 'review-page' },
      timestamp: now,
    };
    const [stored] = await this.events.store(visit.payload.w, [message], now);
    if (stored.duplicate) {
      // Another submit of the same link won the race: show the answer that was recorded.
      const first = await this.recorded(visit);
      if (first) return this.thanks(visit, first, true);
    }
    if (stored.routable) await this.requestRouting(stored.eventId);
    return this.thanks(visit, { score: input.score, category }, false);
  }

  private async open(token: string, acceptLanguage?: string): Promise<Visit | PageResult> {
    const payload = readToken(this.workspaces.signingSecret(), token, this.clock.now(), 'review');
    const fallback = resolveEmailLocale(acceptLanguage?.split(',')[0]);
    if (payload instanceof Error) {
      const problem = payload.code === 'token_expired' ? 'expired' : 'invalid';
      return { status: payload.status, html: linkProblemPage(fallback, '', problem) };
    }
    const [contact] = await rows<Visit['contact'] & { workspace: string }>(
      this.dataSource,
      `SELECT c.id, c.external_id, c.traits, w.name AS workspace
         FROM contacts c JOIN workspaces w ON w.id = c.workspace_id WHERE c.id = $1 AND c.workspace_id = $2`,
      [payload.c, payload.w],
    );
    // A genuine link whose contact was erased since: gone for good.
    if (!contact) return { status: 410, html: linkProblemPage(fallback, '', 'invalid') };
    const scope = payload.o ? `order:${payload.o}` : `link:${token}`;
    const hash = createHash('sha256').update(`${payload.w}:${payload.c}:${scope}`).digest('hex');
    return {
      payload,
      contact,
      workspace: contact.workspace,
      locale: resolveEmailLocale(contact.traits.locale),
      messageId: `nps:${hash.slice(0, 40)}`,
    };
  }

  private async recorded(visit: Visit): Promise<RecordedAnswer | null> {
    const [row] = await rows<{ properties: Record<string, unknown> }>(
      this.dataSource,
      `SELECT properties FROM events WHERE workspace_id = $1 AND message_id = $2`,
      [visit.payload.w, visit.messageId],
    );
    const score = parseScore(row?.properties.score);
    return score === null ? null : { score, category: npsCategory(score) };
  }

  private form(
    visit: Visit,
    selected: number | null,
    comment: string,
    problems: ('score_missing' | 'comment_too_long')[],
  ) {
    return formPage({
      locale: visit.locale,
      workspace: visit.workspace,
      orderId: visit.payload.o ?? null,
      selected,
      comment,
      problems,
    });
  }

  private async thanks(visit: Visit, answer: RecordedAnswer, alreadyAnswered: boolean): Promise<PageResult> {
    const publicReviewUrl =
      answer.category === 'promoter' ? await this.publicReviewUrl(visit.payload.w) : null;
    const html = thanksPage({
      locale: visit.locale,
      workspace: visit.workspace,
      category: answer.category,
      publicReviewUrl,
      alreadyAnswered,
    });
    return { status: 200, html };
  }

  /** From the workspace's live journeys, so the page offers the link the promoter email carries. */
  private async publicReviewUrl(workspaceId: string): Promise<string | null> {
    for (const journey of await this.catalog.live(workspaceId)) {
      const url = findPublicReviewUrl(await this.catalog.definition(journey.versionId));
      if (url) return url;
    }
    return null;
  }

  /** Committed already: if Redis is down the reconciler routes the event later, so the page still answers. */
  private async requestRouting(eventId: string): Promise<void> {
    try {
      await withTimeout(
        this.queues.enqueue([{ name: 'route-event', id: eventId, data: { eventId } }]),
        ENQUEUE_TIMEOUT_MS,
      );
    } catch (error) {
      this.logger.warn(
        `routing of NPS answer ${eventId} left to the reconciler: ${(error as Error).message}`,
      );
    }
  }
}
