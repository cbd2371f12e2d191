import type { Provider } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '../../config/app-config';
import { createMailTransport } from './mail-transport.factory';

export const MAIL_TRANSPORT = Symbol('MAIL_TRANSPORT');

/** SMTP when SMTP_URL is set, else the dev mailbox (messages are rendered and kept in the database). */
export const mailTransportProvider: Provider = {
  provide: MAIL_TRANSPORT,
  inject: [APP_CONFIG],
  useFactory: (config: AppConfig) => createMailTransport(config.SMTP_URL),
};
