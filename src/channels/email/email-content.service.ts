import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Clock } from '../../common/clock';
import { APP_CONFIG, type AppConfig } from '../../config/app-config';
import { rows, type Queryable } from '../../database/sql';
import { flowKeyPaths, type JourneyDefinition } from '../../journeys/definition/journey-definition.schema';
import type { EventRow } from '../../journeys/runs/contact-view';
import type { RunRow } from '../../journeys/runs/run-store';
import { WorkspaceService } from '../../workspaces/workspace.service';
import { EmailTrackingService } from '../tracking/email-tracking.service';
import { EmailTemplateRenderer } from './email-template.renderer';
import type { EmailTemplateData, EmailTemplateOverrides, RenderedEmail } from './email-template.types';
import { cartContents } from './cart-contents';
import { createToken } from './unsubscribe-token';

export interface ContentInput {
  effect: {
    id: string;
    workspace_id: string;
    payload: {
      template: string;
      data?: Record<string, unknown>;
      messageClass?: 'marketing' | 'transactional';
    };
  };
  run: RunRow;
  definition: JourneyDefinition;
  contact: { id: string; email: string; traits: Record<string, unknown> };
  trigger: EventRow | null;
}

const REVIEW_LINK_DAYS = 60;

/**
 * Gathers what a template shows (the customer, their cart as it is now, links) and renders it. Called inside a
 * transaction, it reads through that transaction's `db`, so it never holds two pool connections at once.
 */
@Injectable()
export class EmailContentService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly renderer: EmailTemplateRenderer,
    private readonly workspaces: WorkspaceService,
    private readonly clock: Clock,
    private readonly tracking: EmailTrackingService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  baseUrl(): string {
    return (this.config.PUBLIC_URL ?? `http://localhost:${this.config.PORT}`).replace(/\/$/, '');
  }

  async render(
    input: ContentInput,
    db: Queryable = this.dataSource,
  ): Promise<{ email: RenderedEmail; unsubscribeUrl: string }> {
    const { effect, contact } = input;
    const secret = this.workspaces.signingSecret();
    const unsubscribeUrl = `${this.baseUrl()}/u/${createToken(secret, { w: effect.workspace_id, c: contact.id, p: 'unsubscribe' })}`;
    const expires = Math.floor(this.clock.now().getTime() / 1000) + REVIEW_LINK_DAYS * 86_400;
    const properties = await this.latestKeyedProperties(input, db);
    // The order goes into the review link, so the answer is tied to it (and counted once per order).
    const order = properties.order_id;
    const orderId = typeof order === 'string' || typeof order === 'number' ? String(order) : '';
    const reviewToken = createToken(secret, {
      w: effect.workspace_id,
      c: contact.id,
      p: 'review',
      e: expires,
      ...(orderId ? { o: orderId.slice(0, 200) } : {}),
    });
    const reviewUrl = `${this.baseUrl()}/r/${reviewToken}`;
    const publicReview = effect.payload.data?.publicReviewUrl;
    const [workspace] = await rows<{ name: string }>(db, `SELECT name FROM workspaces WHERE id = $1`, [
      effect.workspace_id,
    ]);
    const discount = effect.payload.data?.discountCode;
    const data: EmailTemplateData = {
      contact: { ...contact.traits, email: contact.email },
      event: properties,
      cart: properties,
      ...(typeof discount === 'string' && discount ? { discount_code: discount } : {}),
      workspace: { name: workspace?.name ?? 'Touchpoint' },
      links: {
        unsubscribe: unsubscribeUrl,
        review: reviewUrl,
        ...(typeof publicReview === 'string' && publicReview ? { public_review: publicReview } : {}),
      },
    };
    const email = await this.renderer.render(
      effect.payload.template,
      contact.traits.locale,
      data,
      await this.overrides(effect, db),
    );
    const html = await this.tracking.apply(
      email.html,
      {
        workspaceId: effect.workspace_id,
        contactId: contact.id,
        effectId: effect.id,
        messageClass: effect.payload.messageClass ?? 'marketing',
        unsubscribeUrl,
        baseUrl: this.baseUrl(),
      },
      db,
    );
    return { email: { ...email, html }, unsubscribeUrl };
  }

  /** The trigger's properties, updated by the events carrying the run's key (the cart as it is now). */
  private async latestKeyedProperties(input: ContentInput, db: Queryable): Promise<Record<string, unknown>> {
    const base = input.trigger?.properties ?? {};
    const flow = input.definition.flows[input.run.flow];
    const paths = flow ? flowKeyPaths(flow).map((p) => p.replace(/^properties\./, '').split('.')) : [];
    if (!input.run.entry_key || paths.length === 0) return base;
    const keyed = await rows<{ name: string | null; properties: Record<string, unknown> }>(
      db,
      `SELECT name, properties FROM events WHERE contact_id = $1 AND type = 'track'
          AND (${paths.map((_, i) => `properties #>> $${i + 3} = $2`).join(' OR ')})
        ORDER BY timestamp, received_at LIMIT 500`,
      [input.run.contact_id, input.run.entry_key, ...paths],
    );
    const latest = keyed.reduce<Record<string, unknown>>(
      (acc, event) => ({ ...acc, ...event.properties }),
      base,
    );
    const products = cartContents(keyed);
    return products.length > 0 ? { ...latest, products } : latest;
  }

  private async overrides(effect: ContentInput['effect'], db: Queryable): Promise<EmailTemplateOverrides> {
    const edited = await rows<{ locale: string; subject: string; mjml: string }>(
      db,
      `SELECT locale, subject, mjml FROM email_templates WHERE workspace_id = $1 AND key = $2`,
      [effect.workspace_id, effect.payload.template],
    );
    return Object.fromEntries(edited.map((row) => [row.locale, { subject: row.subject, mjml: row.mjml }]));
  }
}
