import { type DynamicModule, Module } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import { TypeOrmModule } from '@nestjs/typeorm';
import { EmailContentService } from './channels/email/email-content.service';
import { EmailTemplateRenderer } from './channels/email/email-template.renderer';
import { mailTransportProvider } from './channels/email/mail-transport.provider';
import { MailboxController } from './channels/email/mailbox.controller';
import { TemplatesController } from './channels/email/templates.controller';
import { UnsubscribeController } from './contacts/unsubscribe.controller';
import { Clock, SystemClock } from './common/clock';
import { APP_CONFIG, type AppConfig } from './config/app-config';
import { ContactsController } from './contacts/contacts.controller';
import { ContactsService } from './contacts/contacts.service';
import { createDataSource } from './database/data-source';
import { ApiKeyGuard } from './http/api-key.guard';
import { ErrorFilter } from './http/error.filter';
import { HealthController } from './http/health.controller';
import { EventStore } from './ingest/event-store';
import { IngestController } from './ingest/ingest.controller';
import { IngestService } from './ingest/ingest.service';
import { JourneyCatalog } from './journeys/journey-catalog.service';
import { JourneysController } from './journeys/journeys.controller';
import { JourneysService } from './journeys/journeys.service';
import { RouteEventService } from './journeys/runs/route-event.service';
import { RunStore } from './journeys/runs/run-store';
import { WakeService } from './journeys/runs/wake.service';
import { EmailSendService } from './channels/email/email-send.service';
import { JOB_HANDLERS, type JobHandlers } from './scheduling/job-handlers';
import { QueueService } from './scheduling/queue.service';
import { ReconcilerService } from './scheduling/reconciler.service';
import { redisProvider } from './scheduling/redis.provider';
import { WorkerHost } from './scheduling/worker-host.service';
import { WorkspaceService } from './workspaces/workspace.service';

export interface AppModuleOptions {
  config: AppConfig;
  /** The database URL resolved at boot (embedded PostgreSQL when DATABASE_URL is not set). */
  databaseUrl: string;
  clock?: Clock;
}

@Module({})
export class AppModule {
  static forRoot({ config, databaseUrl, clock }: AppModuleOptions): DynamicModule {
    const configProvider = { provide: APP_CONFIG, useValue: config };
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
      ],
      controllers:
        config.ROLE === 'worker'
          ? []
          : [
              HealthController,
              IngestController,
              JourneysController,
              ContactsController,
              TemplatesController,
              UnsubscribeController,
              MailboxController,
            ],
      providers: [
        configProvider,
        { provide: Clock, useValue: clock ?? new SystemClock() },
        { provide: APP_FILTER, useClass: ErrorFilter },
        redisProvider,
        QueueService,
        WorkerHost,
        ReconcilerService,
        WorkspaceService,
        ApiKeyGuard,
        EventStore,
        IngestService,
        JourneyCatalog,
        JourneysService,
        RunStore,
        RouteEventService,
        WakeService,
        ContactsService,
        EmailTemplateRenderer,
        EmailContentService,
        EmailSendService,
        mailTransportProvider,
        {
          provide: JOB_HANDLERS,
          inject: [RouteEventService, WakeService, EmailSendService],
          useFactory: (
            router: RouteEventService,
            waker: WakeService,
            email: EmailSendService,
          ): JobHandlers => ({
            'route-event': ({ eventId }) => router.route(eventId),
            wake: ({ effectId }) => waker.wake(effectId),
            'send-email': ({ effectId }, context) => email.send(effectId, context),
          }),
        },
      ],
      exports: [APP_CONFIG, Clock, redisProvider, QueueService, WorkspaceService],
    };
  }
}
