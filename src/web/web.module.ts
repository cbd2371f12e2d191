import { type DynamicModule, Module } from '@nestjs/common';
import type { AppConfig } from '../config/app-config';
import { ContactsModule } from '../contacts/contacts.module';
import { CustomerPagesController } from './customer-pages.controller';
import { JourneyPagesController } from './journey-pages.controller';
import { LoginController } from './login.controller';
import { TemplatePreviewService } from './template-preview.service';
import { WebAuthGuard } from './web-auth.guard';
import { WebAuthService } from './web-auth.service';

/** The dashboard: server-rendered pages under /app over the insight services, behind a login derived from the key. */
@Module({})
export class WebModule {
  /** `insight` is the app's own InsightModule.forRoot(config), so its services (and rollup timer) exist once. */
  static forRoot(config: AppConfig, insight: DynamicModule): DynamicModule {
    return {
      module: WebModule,
      imports: [insight, ContactsModule],
      controllers:
        config.ROLE === 'worker' ? [] : [LoginController, JourneyPagesController, CustomerPagesController],
      providers: [WebAuthService, WebAuthGuard, TemplatePreviewService],
    };
  }
}
