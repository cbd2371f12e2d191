import { type DynamicModule, Module } from '@nestjs/common';
import type { AppConfig } from '../../config/app-config';
import { EmailTrackingService } from './email-tracking.service';
import { TrackingEventsService } from './tracking-events.service';
import { TrackingController } from './tracking.controller';

/** Open and click tracking: the HTML rewriting used by email sends, and the public pixel and redirect routes. */
@Module({})
export class TrackingModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: TrackingModule,
      controllers: config.ROLE === 'worker' ? [] : [TrackingController],
      providers: [EmailTrackingService, TrackingEventsService],
      exports: [EmailTrackingService],
    };
  }
}
