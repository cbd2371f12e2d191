import { Module } from '@nestjs/common';
import { AudienceRemovalService } from './audience-removal.service';
import { ConfirmationEmailService } from './confirmation-email.service';
import { ConsentService } from './consent.service';
import { ContactsController } from './contacts.controller';
import { ContactsService } from './contacts.service';
import { UnsubscribeController } from './unsubscribe.controller';

/** Contacts: profiles and timelines, consent and double opt-in, suppression, the preference page, erasure. */
@Module({
  controllers: [ContactsController, UnsubscribeController],
  providers: [ContactsService, ConsentService, AudienceRemovalService, ConfirmationEmailService],
  exports: [ContactsService, ConsentService, ConfirmationEmailService],
})
export class ContactsModule {}
