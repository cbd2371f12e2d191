import { Controller, Get, HttpCode, Param, Post, Query, UseGuards } from '@nestjs/common';
import { ApiKeyGuard, WorkspaceId } from '../../http/api-key.guard';
import { DeliveriesService } from './deliveries.service';

/** Webhook and audience deliveries with every attempt; failed ones (the dead letters) can be replayed. */
@Controller('v1/deliveries')
@UseGuards(ApiKeyGuard)
export class DeliveriesController {
  constructor(private readonly deliveries: DeliveriesService) {}

  /** `?status=failed|sent|pending&destination=<key>&limit=` */
  @Get()
  list(@WorkspaceId() workspaceId: string, @Query() query: Record<string, unknown>) {
    return this.deliveries.list(workspaceId, query);
  }

  @Get(':id')
  get(@WorkspaceId() workspaceId: string, @Param('id') id: string) {
    return this.deliveries.get(workspaceId, id);
  }

  @Post(':id/replay')
  @HttpCode(200)
  replay(@WorkspaceId() workspaceId: string, @Param('id') id: string) {
    return this.deliveries.replay(workspaceId, id);
  }
}
