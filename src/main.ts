import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { bootstrap } from './bootstrap';
import { ConfigError, loadConfig } from './config/app-config';

async function main(): Promise<void> {
  const config = loadConfig();
  const running = await bootstrap(config);
  const logger = new Logger('Touchpoint');
  logger.log(`role ${config.ROLE}${config.TIME_SCALE !== 1 ? `, TIME_SCALE ${config.TIME_SCALE}` : ''}`);
  if (running.url) logger.log(`listening on ${running.url}`);
  if (running.devKey) logger.log(`dev API key (default workspace): ${running.devKey}`);
  if (!config.SMTP_URL) logger.log('SMTP_URL is not set: emails go to the dev mailbox');
  // Graceful shutdown: stop taking work, let in-flight jobs finish, close pools, stop the embedded database.
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      logger.log(`${signal}: shutting down`);
      running.close().then(
        () => process.exit(0),
        (error: Error) => {
          logger.error(`shutdown failed: ${error.message}`);
          process.exit(1);
        },
      );
    });
  }
}

main().catch((error: unknown) => {
  if (error instanceof ConfigError) console.error(error.message);
  else console.error(error instanceof Error ? (error.stack ?? error.message) : error);
  process.exit(1);
});
