import { Controller, Get, Param, UseGuards } from '@nestjs/common';
import { ApiKeyGuard, WorkspaceId } from '../http/api-key.guard';
import { ContactsService } from './contacts.service';

@Controller('v1/contacts')
@UseGuards(ApiKeyGuard)
export class ContactsController {
  constructor(private readonly contacts: ContactsService) {}

  @Get(':userId')
  profile(@WorkspaceId() workspaceId: string, @Param('userId') userId: string) {
    return this.contacts.profile(workspaceId, userId);
  }

  @Get(':userId/timeline')
  timeline(@WorkspaceId() workspaceId: string, @Param('userId') userId: string) {
    return this.contacts.timeline(workspaceId, userId);
  }
}
