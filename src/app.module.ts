import { CoreModule } from './core.module';
import { SettingsController } from './workspaces/settings.controller';
import { type DynamicModule, Module } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import { TypeOrmModule } from '@nestjs/typeorm';
import { EmailContentService } from './channels/email/email-content.service';
import { TrackingModule } from './channels/tracking/tracking.module';
import { ReviewsModule } from './channels/reviews/reviews.module';
import { MarketingHoldService } from './channels/reviews/marketing-hold.service';
import { MailboxController } from './channels/email/mailbox.controller';
import { TemplatesController } from './channels/email/templates.controller';
import type { Clock } from './common/clock';
import type { AppConfig } from './config/app-config';
import { ConfirmationEmailService } from './contacts/confirmation-email.service';
import { ContactsModule } from './contacts/contacts.module';
import { AlertEmailService } from './destinations/alerts/alert-email.service';
import { AudienceFlushService } from './destinations/audiences/audience-flush.service';
import { AudienceService } from './destinations/audiences/audience.service';
import { DeliveryRunner } from './destinations/deliveries/delivery-runner.service';
import { DestinationsModule } from './destinations/destinations.module';
import { WebhookSendService } from './destinations/webhooks/webhook-send.service';
import { createDataSource } from './database/data-source';
import { ErrorFilter } from './http/error.filter';
import { HealthController } from './http/health.controller';
import { IngestController } from './ingest/ingest.controller';
import { IngestService } from './ingest/ingest.service';
import { InsightModule } from './insight/insight.module';
import { JourneysController } from './journeys/journeys.controller';
import { JourneysService } from './journeys/journeys.service';
import { RouteEventService } from './journeys/runs/route-event.service';
import { WakeService } from './journeys/runs/wake.service';
import { EmailSendService } from './channels/email/email-send.service';
import { JOB_HANDLERS, type JobHandlers } from './scheduling/job-handlers';
import { ReconcilerService } from './scheduling/reconciler.service';
import { WorkerHost } from './scheduling/worker-host.service';
import { SendPolicyModule } from './channels/policy/send-policy.module';
import { WebModule } from './web/web.module';

export interface AppModuleOptions {
  config: AppConfig;
  /** The database URL resolved at boot (embedded PostgreSQL when DATABASE_URL is not set). */
  databaseUrl: string;
  clock?: Clock;
}

@Module({})
export class AppModule {
  static forRoot({ config, databaseUrl, clock }: AppModuleOptions): DynamicModule {
    // One instance, shared with the dashboard (modules are told apart by reference).
    const insight = InsightModule.forRoot(config);
    return {
      module: AppModule,
      imports: [
        TypeOrmModule.forRootAsync({
          useFactory: () => ({}),
          dataSourceFactory: async () =>
            createDataSource({
              url: databaseUrl,
              poolSize: config.DB_POOL_SIZE,
              applicationName: `touchpoint-${config.ROLE}`,
            }).initialize(),
        }),
        CoreModule.forRoot(config, clock),
        SendPolicyModule,
        ReviewsModule,
        ContactsModule,
        DestinationsModule,
        TrackingModule.forRoot(config),
        insight,
        WebModule.forRoot(config, insight),
      ],
      controllers:
        config.ROLE === 'worker'
          ? []
          : [
              HealthController,
              IngestController,
              JourneysController,
              TemplatesController,
              MailboxController,
              SettingsController,
            ],
      providers: [
        { provide: APP_FILTER, useClass: ErrorFilter },
        WorkerHost,
        ReconcilerService,
        IngestService,
        JourneysService,
        RouteEventService,
        WakeService,
        EmailContentService,
        EmailSendService,
        {
          provide: JOB_HANDLERS,
          inject: [
            RouteEventService,
            WakeService,
            EmailSendService,
            MarketingHoldService,
            ConfirmationEmailService,
            AlertEmailService,
            WebhookSendService,
            AudienceService,
            AudienceFlushService,
            DeliveryRunner,
          ],
          useFactory: (
            router: RouteEventService,
            waker: WakeService,
            email: EmailSendService,
            holds: MarketingHoldService,
            confirmations: ConfirmationEmailService,
            alerts: AlertEmailService,
            webhooks: WebhookSendService,
            audiences: AudienceService,
            flushes: AudienceFlushService,
            deliveries: DeliveryRunner,
          ): JobHandlers => ({
            'route-event': ({ eventId }) => router.route(eventId),
            wake: ({ effectId }) => waker.wake(effectId),
            'send-email': ({ effectId }, context) => email.send(effectId, context),
            'apply-hold': ({ effectId }) => holds.apply(effectId),
            'send-consent-confirmation': ({ effectId }, context) => confirmations.send(effectId, context),
            'send-alert': ({ effectId }, context) => alerts.send(effectId, context),
            'send-webhook': ({ effectId }) => webhooks.send(effectId),
            'audience-update': ({ effectId }) => audiences.applyEffect(effectId),
            'audience-flush': ({ destinationId }) => flushes.flush(destinationId),
            deliver: ({ deliveryId }) => deliveries.attempt(deliveryId),
          }),
        },
      ],
    };
  }
}
