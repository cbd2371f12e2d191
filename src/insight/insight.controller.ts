import { Controller, Get, Param, Query, UseGuards } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { ApiKeyGuard, WorkspaceId } from '../http/api-key.guard';
import { CustomerSearchService, type CustomerMatch } from './customer-search.service';
import { listInsightJourneys } from './insight-journeys';
import type {
  JourneyFunnel,
  JourneyMap,
  JourneyResults,
  JourneySummary,
  WorkspaceResults,
} from './insight.types';
import { JourneyFunnelService } from './journey-funnel.service';
import { JourneyMapService } from './journey-map.service';
import { JourneyResultsService } from './journey-results.service';

/** The numbers behind the dashboard, as JSON for other tools (docs: README, "Insight API"). */
@Controller('v1/insight')
@UseGuards(ApiKeyGuard)
export class InsightController {
  constructor(
    private readonly dataSource: DataSource,
    private readonly maps: JourneyMapService,
    private readonly funnels: JourneyFunnelService,
    private readonly results: JourneyResultsService,
    private readonly customers: CustomerSearchService,
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

  @Get('journeys/:key/funnel')
  funnel(
    @WorkspaceId() workspaceId: string,
    @Param('key') key: string,
    @Query('days') days: unknown,
  ): Promise<JourneyFunnel> {
    return this.funnels.funnel(workspaceId, key, days);
  }

  @Get('journeys/:key/results')
  journeyResults(
    @WorkspaceId() workspaceId: string,
    @Param('key') key: string,
    @Query('days') days: unknown,
  ): Promise<JourneyResults> {
    return this.results.journey(workspaceId, key, days);
  }

  @Get('results')
  workspaceResults(
    @WorkspaceId() workspaceId: string,
    @Query('days') days: unknown,
  ): Promise<WorkspaceResults> {
    return this.results.workspace(workspaceId, days);
  }

  @Get('customers')
  searchCustomers(
    @WorkspaceId() workspaceId: string,
    @Query('q') q: unknown,
  ): Promise<{ customers: CustomerMatch[] }> {
    return this.customers.search(workspaceId, q);
  }
}
