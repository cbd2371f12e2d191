import { Body, Controller, Delete, Get, Headers, Param, Put, UseGuards } from '@nestjs/common';
import { ApiKeyGuard, keyFromHeader, WorkspaceId } from '../http/api-key.guard';
import { hashKey } from '../workspaces/workspace.service';
import { ConsentService } from './consent.service';
import { ContactsService } from './contacts.service';
import { ErasureService } from './erasure.service';

@Controller('v1/contacts')
@UseGuards(ApiKeyGuard)
export class ContactsController {
  constructor(
    private readonly contacts: ContactsService,
    private readonly consent: ConsentService,
    private readonly erasure: ErasureService,
  ) {}

  @Get(':userId')
  profile(@WorkspaceId() workspaceId: string, @Param('userId') userId: string) {
    return this.contacts.profile(workspaceId, userId);
  }

  @Get(':userId/timeline')
  timeline(@WorkspaceId() workspaceId: string, @Param('userId') userId: string) {
    return this.contacts.timeline(workspaceId, userId);
  }

  @Get(':userId/consent')
  getConsent(@WorkspaceId() workspaceId: string, @Param('userId') userId: string) {
    return this.consent.view(workspaceId, userId);
  }

  /** Body `{ "email_marketing"?: "granted" | "withdrawn", "ads"?: ..., "source"?: "api" | "import", "method"?, "at"? }`. */
  @Put(':userId/consent')
  putConsent(@WorkspaceId() workspaceId: string, @Param('userId') userId: string, @Body() body: unknown) {
    return this.consent.update(workspaceId, userId, body);
  }

  /** Right to erasure: personal data removed everywhere, pending sends cancelled; see ErasureService. */
  @Delete(':userId')
  erase(
    @WorkspaceId() workspaceId: string,
    @Param('userId') userId: string,
    @Headers('authorization') authorization: string | undefined,
  ) {
    const key = keyFromHeader(authorization) ?? '';
    return this.erasure.erase(workspaceId, userId, `key:${hashKey(key).slice(0, 12)}`);
  }
}
