import { Body, Controller, Delete, Get, HttpCode, Param, Put, Query, UseGuards } from '@nestjs/common';
import { ApiKeyGuard, WorkspaceId } from '../http/api-key.guard';
import { SuppressionService } from './suppression.service';

/** The email suppression list: unsubscribes, bounces, complaints and manual entries, per address. */
@Controller('v1/suppressions')
@UseGuards(ApiKeyGuard)
export class SuppressionsController {
  constructor(private readonly suppressions: SuppressionService) {}

  /** `?reason=bounce&limit=100&offset=0`, newest first. */
  @Get()
  list(@WorkspaceId() workspaceId: string, @Query() query: Record<string, unknown>) {
    return this.suppressions.list(workspaceId, query);
  }

  @Get(':email')
  get(@WorkspaceId() workspaceId: string, @Param('email') email: string) {
    return this.suppressions.get(workspaceId, email);
  }

  /** Body `{ "reason"?: "manual" | "bounce" | "complaint" | "unsubscribed", "note"?: string }`. */
  @Put(':email')
  put(@WorkspaceId() workspaceId: string, @Param('email') email: string, @Body() body: unknown) {
    return this.suppressions.put(workspaceId, email, body);
  }

  @Delete(':email')
  @HttpCode(204)
  async remove(@WorkspaceId() workspaceId: string, @Param('email') email: string): Promise<void> {
    await this.suppressions.remove(workspaceId, email);
  }
}
