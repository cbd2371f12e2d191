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
/** One module object per config: imported by the app and by the dashboard, Nest then builds it (and routes it) once. */
const built = new WeakMap<AppConfig, DynamicModule>();

@Module({})
export class InsightModule {
  static forRoot(config: AppConfig): DynamicModule {
    const cached = built.get(config);
    if (cached) return cached;
    const services = [
      InsightRecorder,
      InsightRollupService,
      JourneyMapService,
      JourneyFunnelService,
      JourneyResultsService,
      CustomerSearchService,
    ];
    const module: DynamicModule = {
      module: InsightModule,
      controllers: config.ROLE === 'worker' ? [] : [InsightController, DiagramController],
      providers: services,
      exports: services,
    };
    built.set(config, module);
    return module;
  }
}
