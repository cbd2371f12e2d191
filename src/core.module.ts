import { type DynamicModule, Global, Module } from '@nestjs/common';
import { EmailTemplateRenderer } from './channels/email/email-template.renderer';
import { mailTransportProvider } from './channels/email/mail-transport.provider';
import { Clock, SystemClock } from './common/clock';
import { APP_CONFIG, type AppConfig } from './config/app-config';
import { ApiKeyGuard } from './http/api-key.guard';
import { EventStore } from './ingest/event-store';
import { JourneyCatalog } from './journeys/journey-catalog.service';
import { RunStore } from './journeys/runs/run-store';
import { QueueService } from './scheduling/queue.service';
import { redisProvider } from './scheduling/redis.provider';
import { WorkspaceService } from './workspaces/workspace.service';
import { WorkspaceSettingsService } from './workspaces/workspace-settings.service';

/**
 * What every feature module may inject: configuration, the clock, Redis and the one enqueuer, workspaces and
 * the key guard, the event store, published journeys, the run store, the email renderer and mail transport.
 */
@Global()
@Module({})
export class CoreModule {
  static forRoot(config: AppConfig, clock?: Clock): DynamicModule {
    const providers = [
      { provide: APP_CONFIG, useValue: config },
      { provide: Clock, useValue: clock ?? new SystemClock() },
      redisProvider,
      QueueService,
      WorkspaceService,
      WorkspaceSettingsService,
      ApiKeyGuard,
      EventStore,
      JourneyCatalog,
      RunStore,
      EmailTemplateRenderer,
      mailTransportProvider,
    ];
    return { module: CoreModule, providers, exports: providers.map((p) => ('provide' in p ? p.provide : p)) };
  }
}
