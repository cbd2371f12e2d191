import { Controller, Get, Param, UseGuards } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { ApiKeyGuard, WorkspaceId } from '../../http/api-key.guard';
import { findInsightJourney } from '../insight-journeys';
import type { JourneySummary } from '../insight.types';
import { type JourneyDiagram, layoutJourneyDiagram } from './render-diagram';

/** The journey's statecharts, laid out, with their SVGs, for the dashboard pages and other tools. */
@Controller('v1/insight')
@UseGuards(ApiKeyGuard)
export class DiagramController {
  constructor(private readonly dataSource: DataSource) {}

  @Get('journeys/:key/diagram')
  async diagram(
    @WorkspaceId() workspaceId: string,
    @Param('key') key: string,
  ): Promise<{ journey: JourneySummary } & JourneyDiagram> {
    const journey = await findInsightJourney(this.dataSource, workspaceId, key, false);
    return { journey: journey.summary, ...layoutJourneyDiagram(journey.definition) };
  }
}
