import { Controller, Get, Param, Query, Res, UseFilters, UseGuards } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { DataSource } from 'typeorm';
import { EMAIL_LOCALES, type EmailLocale } from '../channels/email/email-template.types';
import { notFound } from '../common/domain-error';
import { renderJourneyDiagram } from '../insight/diagram/render-diagram';
import { findInsightJourney, listInsightJourneys } from '../insight/insight-journeys';
import { JourneyFunnelService } from '../insight/journey-funnel.service';
import { JourneyMapService } from '../insight/journey-map.service';
import { JourneyResultsService } from '../insight/journey-results.service';
import { definedSteps, stepKey } from '../insight/journey-steps';
import { diagramPage } from './pages/diagram.html';
import { previewPage } from './pages/email.html';
import { funnelPage, type StepPreview } from './pages/funnel.html';
import { journeysPage } from './pages/journeys.html';
import { mapPage } from './pages/map.html';
import { resultsPage } from './pages/results.html';
import { TemplatePreviewService } from './template-preview.service';
import { Viewer, WebAuthGuard } from './web-auth.guard';
import type { WebViewer } from './web-auth.service';
import { WebErrorFilter } from './web-error.filter';
import { sendWebPage } from './web-page';

/** The journey pages: the list, the map, the funnel, the results, the diagram and template previews. */
@Controller('app')
@UseGuards(WebAuthGuard)
@UseFilters(WebErrorFilter)
export class JourneyPagesController {
  constructor(
    private readonly dataSource: DataSource,
    private readonly maps: JourneyMapService,
    private readonly funnels: JourneyFunnelService,
    private readonly results: JourneyResultsService,
    private readonly previews: TemplatePreviewService,
  ) {}

  @Get()
  async home(@Viewer() viewer: WebViewer, @Res() reply: FastifyReply): Promise<void> {
    const [journeys, results] = await Promise.all([
      listInsightJourneys(this.dataSource, viewer.workspaceId),
      this.results.workspace(viewer.workspaceId, 30),
    ]);
    const page = journeysPage(
      viewer.workspaceName,
      journeys.map((j) => j.summary),
      results,
    );
    await sendWebPage(reply, page);
  }

  @Get('journeys/:key')
  async map(
    @Viewer() viewer: WebViewer,
    @Param('key') key: string,
    @Query('days') days: unknown,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const map = await this.maps.map(viewer.workspaceId, key, days);
    await sendWebPage(reply, mapPage(viewer.workspaceName, map));
  }

  @Get('journeys/:key/funnel')
  async funnel(
    @Viewer() viewer: WebViewer,
    @Param('key') key: string,
    @Query('days') days: unknown,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const funnel = await this.funnels.funnel(viewer.workspaceId, key, days);
    const emails = funnel.flows.flatMap((f) => f.steps).filter((s) => s.template !== null);
    const subjects = await this.previews.subjects(
      viewer.workspaceId,
      emails.map((s) => s.template!),
    );
    const previews = new Map<string, StepPreview>(
      emails.map((s) => [stepKey(s.flow, s.stepId), subjects.get(s.template!)!]),
    );
    await sendWebPage(reply, funnelPage(viewer.workspaceName, funnel, previews));
  }

  @Get('journeys/:key/results')
  async journeyResults(
    @Viewer() viewer: WebViewer,
    @Param('key') key: string,
    @Query('days') days: unknown,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const results = await this.results.journey(viewer.workspaceId, key, days);
    await sendWebPage(reply, resultsPage(viewer.workspaceName, results));
  }

  @Get('journeys/:key/diagram')
  async diagram(
    @Viewer() viewer: WebViewer,
    @Param('key') key: string,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const journey = await findInsightJourney(this.dataSource, viewer.workspaceId, key, false);
    const drawn = renderJourneyDiagram(journey.definition);
    await sendWebPage(reply, diagramPage(viewer.workspaceName, { journey: journey.summary, ...drawn }));
  }

  @Get('journeys/:key/preview/:template')
  async preview(
    @Viewer() viewer: WebViewer,
    @Param('key') key: string,
    @Param('template') template: string,
    @Query('locale') locale: unknown,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const journey = await findInsightJourney(this.dataSource, viewer.workspaceId, key, false);
    const used = definedSteps(journey.definition).some(
      ({ step }) => step.type === 'email' && step.template === template,
    );
    if (!used) throw notFound(`template ${template} in journey ${key}`);
    const wanted = (EMAIL_LOCALES as readonly unknown[]).includes(locale) ? (locale as EmailLocale) : 'en';
    const { email, edited } = await this.previews.render(viewer.workspaceId, template, wanted);
    await sendWebPage(reply, previewPage(viewer.workspaceName, journey.summary, template, email, edited));
  }
}
