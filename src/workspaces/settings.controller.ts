import { Body, Controller, Get, Put, UseGuards } from '@nestjs/common';
import { ApiKeyGuard, WorkspaceId } from '../http/api-key.guard';
import type { WorkspaceSettings } from './workspace-settings.schema';
import { WorkspaceSettingsService } from './workspace-settings.service';

@Controller('v1/settings')
@UseGuards(ApiKeyGuard)
export class SettingsController {
  constructor(private readonly settings: WorkspaceSettingsService) {}

  @Get()
  get(@WorkspaceId() workspaceId: string): Promise<WorkspaceSettings> {
    return this.settings.get(workspaceId);
  }

  /** Partial update: top-level keys replace, nested objects merge one level deep. */
  @Put()
  update(@WorkspaceId() workspaceId: string, @Body() body: unknown): Promise<WorkspaceSettings> {
    return this.settings.update(workspaceId, body);
  }
}
