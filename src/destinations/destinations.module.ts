import { Global, Module } from '@nestjs/common';
import { AlertEmailService } from './alerts/alert-email.service';
import { AudienceFlushService } from './audiences/audience-flush.service';
import { AudienceService } from './audiences/audience.service';
import { DeliveriesController } from './deliveries/deliveries.controller';
import { DeliveriesService } from './deliveries/deliveries.service';
import { DeliveryRunner } from './deliveries/delivery-runner.service';
import { DeliverySweeper } from './deliveries/delivery-sweeper.service';
import { DestinationRateLimiter } from './deliveries/destination-rate-limiter';
import { DestinationsController } from './destinations.controller';
import { DestinationsService } from './destinations.service';
import { WebhookSendService } from './webhooks/webhook-send.service';

/**
 * Destinations (signed webhooks, Meta and Google audiences), their deliveries with retries and replay, audience
 * membership. Global, so unsubscribe, consent and erasure can inject AudienceService.removeContactEverywhere.
 */
@Global()
@Module({
  controllers: [DestinationsController, DeliveriesController],
  providers: [
    DestinationsService,
    DeliveriesService,
    DeliveryRunner,
    DeliverySweeper,
    DestinationRateLimiter,
    WebhookSendService,
    AudienceService,
    AudienceFlushService,
    AlertEmailService,
  ],
  exports: [
    AudienceService,
    DeliveryRunner,
    WebhookSendService,
    AudienceFlushService,
    AlertEmailService,
    DestinationsService,
  ],
})
export class DestinationsModule {}
