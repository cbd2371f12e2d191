import { type DynamicModule, Module } from '@nestjs/common';
import type { AppConfig } from '../config/app-config';
import { CustomerSearchService } from './customer-search.service';
import { DiagramController } from './diagram/diagram.controller';
import { InsightController } from './insight.controller';
import { InsightRecorder } from './insight-recorder';
import { InsightRollupService } from './insight-rollup.service';
import { JourneyFunnelService } from './journey-funnel.service';
import { JourneyMapService } from './journey-map.service';
import { JourneyResultsService } from './journey-results.service';

/** The dashboard's numbers: what routing records (orders, NPS, stage moves), the rollups, and the insight API. */
@Module({})
export class InsightModule {
  static forRoot(config: AppConfig): DynamicModule {
    const services = [
      InsightRecorder,
      InsightRollupService,
      JourneyMapService,
      JourneyFunnelService,
      JourneyResultsService,
      CustomerSearchService,
    ];
    return {
      module: InsightModule,
      controllers: config.ROLE === 'worker' ? [] : [InsightController, DiagramController],
      providers: services,
      exports: services,
    };
  }
}
