import { Module } from '@nestjs/common';
import { AudienceRemovalService } from './audience-removal.service';
import { ConfirmController } from './confirm.controller';
import { ConfirmationEmailService } from './confirmation-email.service';
import { ConsentLinksService } from './consent-links.service';
import { ConsentService } from './consent.service';
import { ContactsController } from './contacts.controller';
import { ContactsService } from './contacts.service';
import { ErasureService } from './erasure.service';
import { InboundEmailEventsController } from './inbound-email-events.controller';
import { InboundEmailEventsService } from './inbound-email-events.service';
import { SuppressionService } from './suppression.service';
import { SuppressionsController } from './suppressions.controller';
import { UnsubscribeController } from './unsubscribe.controller';

/** Contacts: profiles and timelines, consent and double opt-in, suppression, the preference page, erasure. */
@Module({
  controllers: [
    ContactsController,
    UnsubscribeController,
    ConfirmController,
    SuppressionsController,
    InboundEmailEventsController,
  ],
  providers: [
    ContactsService,
    ConsentService,
    ConsentLinksService,
    AudienceRemovalService,
    ConfirmationEmailService,
    SuppressionService,
    InboundEmailEventsService,
    ErasureService,
  ],
  exports: [ContactsService, ConsentService, ConfirmationEmailService],
})
export class ContactsModule {}
