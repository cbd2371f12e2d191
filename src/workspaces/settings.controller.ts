import { Body, Controller, Get, Put, UseGuards } from '@nestjs/common';
import { ApiKeyGuard, WorkspaceId } from '../http/api-key.guard';
import { redactSettings, type RedactedSettings } from './redact-settings';
import { WorkspaceSettingsService } from './workspace-settings.service';

@Controller('v1/settings')
@UseGuards(ApiKeyGuard)
export class SettingsController {
  constructor(private readonly settings: WorkspaceSettingsService) {}

  @Get()
  async get(@WorkspaceId() workspaceId: string): Promise<RedactedSettings> {
    return redactSettings(await this.settings.get(workspaceId));
  }

  /** Partial update: top-level keys replace, nested objects merge one level deep. */
  @Put()
  async update(@WorkspaceId() workspaceId: string, @Body() body: unknown): Promise<RedactedSettings> {
    return redactSettings(await this.settings.update(workspaceId, body));
  }
}
