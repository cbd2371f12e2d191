import { Body, Controller, HttpCode, Post, UseGuards } from '@nestjs/common';
import { ApiKeyGuard, WorkspaceId } from '../http/api-key.guard';
import { IngestService, type IngestResult } from './ingest.service';

/** Segment HTTP Tracking API: any Segment-style SDK pointed here works. */
@Controller('v1')
@UseGuards(ApiKeyGuard)
export class IngestController {
  constructor(private readonly ingest: IngestService) {}

  @Post('track')
  @HttpCode(200)
  track(@WorkspaceId() workspaceId: string, @Body() body: unknown): Promise<IngestResult> {
    return this.ingest.single(workspaceId, 'track', body);
  }

  @Post('identify')
  @HttpCode(200)
  identify(@WorkspaceId() workspaceId: string, @Body() body: unknown): Promise<IngestResult> {
    return this.ingest.single(workspaceId, 'identify', body);
  }

  @Post('batch')
  @HttpCode(200)
  batch(@WorkspaceId() workspaceId: string, @Body() body: unknown): Promise<IngestResult> {
    return this.ingest.batch(workspaceId, body);
  }
}
