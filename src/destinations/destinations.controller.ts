import { Body, Controller, Get, Param, Put, UseGuards } from '@nestjs/common';
import { ApiKeyGuard, WorkspaceId } from '../http/api-key.guard';
import { DestinationsService, type DestinationView } from './destinations.service';

/** Webhook and audience destinations; secrets are write-only (`secretSet`, `secretLast4`). */
@Controller('v1/destinations')
@UseGuards(ApiKeyGuard)
export class DestinationsController {
  constructor(private readonly destinations: DestinationsService) {}

  @Get()
  async list(@WorkspaceId() workspaceId: string): Promise<{ destinations: DestinationView[] }> {
    return { destinations: await this.destinations.list(workspaceId) };
  }

  @Get(':key')
  get(@WorkspaceId() workspaceId: string, @Param('key') key: string): Promise<DestinationView> {
    return this.destinations.get(workspaceId, key);
  }

  @Put(':key')
  put(
    @WorkspaceId() workspaceId: string,
    @Param('key') key: string,
    @Body() body: unknown,
  ): Promise<DestinationView> {
    return this.destinations.put(workspaceId, key, body);
  }
}
