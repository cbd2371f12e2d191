import { Body, Controller, HttpCode, Post, UseGuards } from '@nestjs/common';
import { ApiKeyGuard, WorkspaceId } from '../http/api-key.guard';
import { InboundEmailEventsService } from './inbound-email-events.service';

/**
 * `POST /v1/inbound/email-events`, authenticated with the workspace key (for SNS: put it in the endpoint URL as
 * the Basic user, `https://KEY@host/v1/inbound/email-events`). Shapes: see inbound-email-event.parser.ts.
 */
@Controller('v1/inbound')
@UseGuards(ApiKeyGuard)
export class InboundEmailEventsController {
  constructor(private readonly inbound: InboundEmailEventsService) {}

  @Post('email-events')
  @HttpCode(200)
  receive(@WorkspaceId() workspaceId: string, @Body() body: unknown) {
    return this.inbound.receive(workspaceId, body);
  }
}
