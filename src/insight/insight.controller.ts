import { Controller, Get, Param, Query, UseGuards } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { ApiKeyGuard, WorkspaceId } from '../http/api-key.guard';
import { listInsightJourneys } from './insight-journeys';
import type { JourneyMap, JourneySummary } from './insight.types';
import { JourneyMapService } from './journey-map.service';

/** The numbers behind the dashboard, as JSON for other tools (docs: README, "Insight API"). */
@Controller('v1/insight')
@UseGuards(ApiKeyGuard)
export class InsightController {
  constructor(
    private readonly dataSource: DataSource,
    private readonly maps: JourneyMapService,
  ) {}

  @Get('journeys')
  async journeys(@WorkspaceId() workspaceId: string): Promise<{ journeys: JourneySummary[] }> {
    const journeys = await listInsightJourneys(this.dataSource, workspaceId);
    return { journeys: journeys.map((journey) => journey.summary) };
  }

  @Get('journeys/:key/map')
  map(
    @WorkspaceId() workspaceId: string,
    @Param('key') key: string,
    @Query('days') days: unknown,
  ): Promise<JourneyMap> {
    return this.maps.map(workspaceId, key, days);
  }
}
