import { Body, Controller, Get, HttpCode, Param, Post, Put, Query, UseGuards } from '@nestjs/common';
import { ApiKeyGuard, WorkspaceId } from '../http/api-key.guard';
import { JourneysService, type JourneyView } from './journeys.service';

@Controller('v1/journeys')
@UseGuards(ApiKeyGuard)
export class JourneysController {
  constructor(private readonly journeys: JourneysService) {}

  @Get()
  async list(@WorkspaceId() workspaceId: string): Promise<{ journeys: JourneyView[] }> {
    return { journeys: await this.journeys.list(workspaceId) };
  }

  @Get(':key')
  get(@WorkspaceId() workspaceId: string, @Param('key') key: string): Promise<JourneyView> {
    return this.journeys.get(workspaceId, key);
  }

  /** Saves a draft; `?publish=true` publishes it in the same call. */
  @Put(':key')
  async save(
    @WorkspaceId() workspaceId: string,
    @Param('key') key: string,
    @Body() body: unknown,
    @Query('publish') publish?: string,
  ): Promise<JourneyView> {
    // Checked before the draft is saved, so a publish that must fail writes nothing.
    if (publish === 'true') await this.journeys.checkPublishable(workspaceId, key, body);
    const saved = await this.journeys.save(workspaceId, key, body);
    return publish === 'true' ? this.journeys.publish(workspaceId, key) : saved;
  }

  @Post(':key/publish')
  @HttpCode(200)
  publish(@WorkspaceId() workspaceId: string, @Param('key') key: string): Promise<JourneyView> {
    return this.journeys.publish(workspaceId, key);
  }

  @Post(':key/pause')
  @HttpCode(200)
  pause(@WorkspaceId() workspaceId: string, @Param('key') key: string): Promise<JourneyView> {
    return this.journeys.pause(workspaceId, key);
  }

  @Post(':key/resume')
  @HttpCode(200)
  resume(@WorkspaceId() workspaceId: string, @Param('key') key: string): Promise<JourneyView> {
    return this.journeys.resume(workspaceId, key);
  }
}
