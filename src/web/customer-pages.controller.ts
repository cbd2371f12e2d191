import { Controller, Get, Inject, Param, Query, Res, UseFilters, UseGuards } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { DataSource } from 'typeorm';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { ContactsService } from '../contacts/contacts.service';
import { rows } from '../database/sql';
import { CustomerSearchService } from '../insight/customer-search.service';
import { customerPage, customerSearchPage } from './pages/customers.html';
import { mailboxPage, type MailboxMessage } from './pages/email.html';
import { Viewer, WebAuthGuard } from './web-auth.guard';
import type { WebViewer } from './web-auth.service';
import { WebErrorFilter } from './web-error.filter';
import { sendWebPage } from './web-page';

const MAILBOX_LIMIT = 50;

/** Customer search and timeline, and the dev mailbox. */
@Controller('app')
@UseGuards(WebAuthGuard)
@UseFilters(WebErrorFilter)
export class CustomerPagesController {
  constructor(
    private readonly dataSource: DataSource,
    private readonly search: CustomerSearchService,
    private readonly contacts: ContactsService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Get('customers')
  async customers(
    @Viewer() viewer: WebViewer,
    @Query('q') q: unknown,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    // Without a query the page is just the search form; anything else goes to the search (and its 400s).
    const asked = q !== undefined && q !== '';
    const found = asked ? (await this.search.search(viewer.workspaceId, q)).customers : null;
    const text = typeof q === 'string' ? q : '';
    await sendWebPage(reply, customerSearchPage(viewer.workspaceName, text, found));
  }

  @Get('customers/:userId')
  async customer(
    @Viewer() viewer: WebViewer,
    @Param('userId') userId: string,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const profile = await this.contacts.profile(viewer.workspaceId, userId);
    const { entries } = await this.contacts.timeline(viewer.workspaceId, userId);
    await sendWebPage(reply, customerPage(viewer.workspaceName, profile, entries));
  }

  @Get('mailbox')
  async mailbox(
    @Viewer() viewer: WebViewer,
    @Query('to') to: unknown,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const recipient = typeof to === 'string' ? to.trim().slice(0, 320) : '';
    const smtp = Boolean(this.config.SMTP_URL);
    const messages = smtp
      ? []
      : await rows<MailboxMessage>(
          this.dataSource,
          `SELECT effect_id AS "effectId", recipient AS "to", subject, html, created_at AS "createdAt"
             FROM mailbox_messages WHERE workspace_id = $1 AND ($2 = '' OR recipient = $2)
            ORDER BY created_at DESC LIMIT ${MAILBOX_LIMIT}`,
          [viewer.workspaceId, recipient],
        );
    await sendWebPage(
      reply,
      mailboxPage(viewer.workspaceName, { smtp, to: recipient, messages, limit: MAILBOX_LIMIT }),
    );
  }
}
