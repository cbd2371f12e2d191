import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { resolveEmailLocale } from '../channels/email/email-locale.util';
import type { EmailLocale } from '../channels/email/email-template.types';
import { readToken, type LinkTokenPurpose } from '../channels/email/unsubscribe-token';
import { Clock } from '../common/clock';
import { rows } from '../database/sql';
import { WorkspaceService } from '../workspaces/workspace.service';
import { readConsentSettings } from './consent-settings.schema';
import { ConsentService, type ConsentOutcome } from './consent.service';
import { currentConsents } from './consent.store';
import type { ConsentChange, ConsentPurpose } from './consent.types';
import {
  confirmedPage,
  linkProblemPage,
  messagePage,
  preferencePage,
  type Choice,
} from './preference-page.html';
import { PREFERENCE_PAGE_TEXTS } from './preference-page.texts';
import { liftSuppression, suppress } from './suppression.store';
import type { PageResult } from '../http/token-page';

export type { PageResult } from '../http/token-page';

interface Visit {
  workspaceId: string;
  contact: { id: string; email: string | null; traits: Record<string, unknown> };
  workspace: string;
  locale: EmailLocale;
}

type Opened = { visit: Visit } | { page: PageResult } | { gone: true };

/** Suppressions the contact may lift by choosing email again (a bounce or a manual one stays). */
const LIFTED_BY_CONTACT = ['unsubscribed', 'complaint'] as const;

/**
 * The links in emails: unsubscribe (`GET` link and RFC 8058 one-click `POST`, both at once, no login), the
 * preference form behind it, and the double opt-in confirmation. The token in the URL is the only credential.
 */
@Injectable()
export class ConsentLinksService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly workspaces: WorkspaceService,
    private readonly consent: ConsentService,
    private readonly clock: Clock,
  ) {}

  /** One-click: true when the token is genuine (a contact erased since has nothing left to unsubscribe). */
  async oneClick(token: string): Promise<boolean> {
    const opened = await this.change(token, 'unsubscribe', 'one-click', { email_marketing: 'withdrawn' });
    return !('page' in opened);
  }

  /** The body link: unsubscribes at once, then shows the preference page to choose again. */
  async viaLink(token: string, acceptLanguage?: string): Promise<PageResult> {
    const opened = await this.change(
      token,
      'unsubscribe',
      'link',
      { email_marketing: 'withdrawn' },
      acceptLanguage,
    );
    if ('page' in opened) return opened.page;
    if ('gone' in opened) return this.gonePage(acceptLanguage);
    return {
      status: 200,
      html: await this.preferences(opened.visit, { action: `${token}/preferences`, saved: false }),
    };
  }

  /** The preference form's POST: both answers are required; a bad post changes nothing. */
  async save(token: string, body: unknown, acceptLanguage?: string): Promise<PageResult> {
    const form = (body && typeof body === 'object' ? body : {}) as Record<string, unknown>;
    const choice = (value: unknown): Choice | null =>
      value === 'granted' || value === 'withdrawn' ? value : null;
    const wanted = { email_marketing: choice(form.email_marketing), ads: choice(form.ads) };
    const problems = (['email_marketing', 'ads'] as const).filter((field) => wanted[field] === null);
    if (problems.length > 0) {
      const opened = await this.open(token, 'unsubscribe', acceptLanguage);
      if ('page' in opened) return opened.page;
      if ('gone' in opened) return this.gonePage(acceptLanguage);
      return {
        status: 400,
        html: await this.preferences(opened.visit, { saved: false, problems, ...wanted }),
      };
    }
    const opened = await this.change(
      token,
      'unsubscribe',
      'form',
      wanted as Record<ConsentPurpose, Choice>,
      acceptLanguage,
    );
    if ('page' in opened) return opened.page;
    if ('gone' in opened) return this.gonePage(acceptLanguage);
    return { status: 200, html: await this.preferences(opened.visit, { saved: true }) };
  }

  /** `GET /c/{token}`: the double opt-in link grants email marketing (source double-opt-in). */
  async confirm(token: string, acceptLanguage?: string): Promise<PageResult> {
    const before = await this.open(token, 'confirm', acceptLanguage);
    if ('page' in before) return before.page;
    if ('gone' in before) return this.gonePage(acceptLanguage, 'invalid');
    const status = (await currentConsents(this.dataSource, before.visit.contact.id)).get(
      'email_marketing',
    )?.status;
    if (status !== 'granted')
      await this.change(
        token,
        'confirm',
        'confirmation link',
        { email_marketing: 'granted' },
        acceptLanguage,
        'double-opt-in',
      );
    return {
      status: 200,
      html: confirmedPage(before.visit.locale, before.visit.workspace, status === 'granted'),
    };
  }

  /** Applies the contact's own choices in one transaction: consent, and the suppression that goes with it. */
  private async change(
    token: string,
    purpose: LinkTokenPurpose,
    method: string,
    choices: Partial<Record<ConsentPurpose, Choice>>,
    acceptLanguage?: string,
    source: 'preference-page' | 'double-opt-in' = 'preference-page',
  ): Promise<Opened> {
    const after: { outcome?: ConsentOutcome } = {};
    const opened = await this.dataSource.transaction(async (manager) => {
      const found = await this.open(token, purpose, acceptLanguage, manager);
      if (!('visit' in found)) return found;
      const { workspaceId, contact } = found.visit;
      const at = this.clock.now();
      const changes: ConsentChange[] = Object.entries(choices).map(([key, status]) => ({
        purpose: key as ConsentPurpose,
        status,
        source,
        method,
        at,
      }));
      after.outcome = await this.consent.apply(manager, workspaceId, contact.id, changes);
      if (contact.email && choices.email_marketing === 'withdrawn') {
        const input = { workspaceId, address: contact.email, contactId: contact.id, at };
        await suppress(manager, { ...input, reason: 'unsubscribed', source: method });
        // Opting out of marketing covers ad audiences too (the audiences refuse unsubscribed contacts).
        after.outcome.leaveAudiences.push({ contactId: contact.id, reason: 'unsubscribed' });
      }
      if (contact.email && choices.email_marketing === 'granted')
        await liftSuppression(manager, workspaceId, contact.email, LIFTED_BY_CONTACT);
      return found;
    });
    if (after.outcome) await this.consent.afterCommit(after.outcome);
    return opened;
  }

  /** Reads the token and its contact (row-locked when `manager` is a transaction's). */
  private async open(
    token: string,
    purpose: LinkTokenPurpose,
    acceptLanguage?: string,
    manager?: EntityManager,
  ): Promise<Opened> {
    const payload = readToken(this.workspaces.signingSecret(), token, this.clock.now(), purpose);
    if (payload instanceof Error) {
      const problem = payload.code === 'token_expired' ? 'expired' : 'invalid';
      return {
        page: { status: payload.status, html: linkProblemPage(this.fallbackLocale(acceptLanguage), problem) },
      };
    }
    const [contact] = await rows<Visit['contact'] & { workspace: string }>(
      manager ?? this.dataSource,
      `SELECT c.id, c.email, c.traits, w.name AS workspace FROM contacts c JOIN workspaces w ON w.id = c.workspace_id
        WHERE c.id = $1 AND c.workspace_id = $2 ${manager ? 'FOR UPDATE OF c' : ''}`,
      [payload.c, payload.w],
    );
    if (!contact) return { gone: true };
    const { workspace, ...rest } = contact;
    return {
      visit: {
        workspaceId: payload.w,
        contact: rest,
        workspace,
        locale: resolveEmailLocale(rest.traits.locale),
      },
    };
  }

  private async preferences(
    visit: Visit,
    options: {
      action?: string;
      saved: boolean;
      problems?: ('email_marketing' | 'ads')[];
      email_marketing?: Choice | null;
      ads?: Choice | null;
    },
  ): Promise<string> {
    const current = await currentConsents(this.dataSource, visit.contact.id);
    const settings = await readConsentSettings(this.dataSource, visit.workspaceId);
    const emailStatus = current.get('email_marketing')?.status;
    const adsStatus = current.get('ads')?.status;
    const adsAllowed = adsStatus ? adsStatus === 'granted' : settings.adsDefault === 'granted';
    return preferencePage({
      locale: visit.locale,
      workspace: visit.workspace,
      emailMarketing: options.email_marketing ?? (emailStatus === 'granted' ? 'granted' : 'withdrawn'),
      ads: options.ads ?? (adsAllowed ? 'granted' : 'withdrawn'),
      action: options.action,
      saved: options.saved,
      problems: options.problems ?? [],
    });
  }

  /** A genuine link whose contact was erased: nothing is kept about them, so nothing can be sent either. */
  private gonePage(acceptLanguage?: string, problem?: 'invalid'): PageResult {
    const locale = this.fallbackLocale(acceptLanguage);
    if (problem) return { status: 410, html: linkProblemPage(locale, problem) };
    const t = PREFERENCE_PAGE_TEXTS[locale];
    return { status: 200, html: messagePage(locale, '', t.unsubscribedTitle, t.goneText) };
  }

  private fallbackLocale(acceptLanguage?: string): EmailLocale {
    return resolveEmailLocale(acceptLanguage?.split(',')[0]);
  }
}
