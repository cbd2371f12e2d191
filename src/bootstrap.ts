import { Logger, type INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { AppModule } from './app.module';
import type { Clock } from './common/clock';
import type { AppConfig } from './config/app-config';
import { createDataSource } from './database/data-source';
import { startEmbeddedPostgres, type EmbeddedDatabase } from './database/embedded-postgres';
import { MAX_BATCH_BYTES } from './ingest/segment-message.schema';
import { JourneysService } from './journeys/journeys.service';
import { ReconcilerService } from './scheduling/reconciler.service';
import { ensureRedis } from './scheduling/redis-connection';
import { WorkerHost } from './scheduling/worker-host.service';
import { DEFAULT_WORKSPACE_ID, WorkspaceService } from './workspaces/workspace.service';

export interface RunningApp {
  app: INestApplicationContext;
  /** Where this process listens (the public URL, PUBLIC_URL, may differ behind a proxy). */
  url: string | null;
  devKey: string | null;
  close(): Promise<void>;
}

/** Applies pending migrations; production runs them explicitly and sets MIGRATIONS_RUN=skip. */
export async function migrate(url: string): Promise<string[]> {
  const dataSource = await createDataSource({
    url,
    poolSize: 1,
    applicationName: 'touchpoint-migrate',
  }).initialize();
  try {
    return (await dataSource.runMigrations({ transaction: 'each' })).map((migration) => migration.name);
  } finally {
    await dataSource.destroy();
  }
}

/** Starts the process for its role: the HTTP API, the workers and reconciler, or both. */
export async function bootstrap(config: AppConfig, options: { clock?: Clock } = {}): Promise<RunningApp> {
  const logger = new Logger('Touchpoint');
  let embedded: EmbeddedDatabase | null = null;
  if (config.databaseUrlIsEmbedded) embedded = await startEmbeddedPostgres(config.DATA_DIR);
  const databaseUrl = config.DATABASE_URL ?? embedded!.url;
  if (config.REDIS_URL) await ensureRedis(config.REDIS_URL, config.DATA_DIR);
  if (config.MIGRATIONS_RUN === 'auto') {
    const applied = await migrate(databaseUrl);
    if (applied.length > 0) logger.log(`applied migrations: ${applied.join(', ')}`);
  }

  const module = AppModule.forRoot({ config, databaseUrl, clock: options.clock });
  const logLevels = (['error', 'warn', 'log', 'debug'] as const).slice(
    0,
    ['error', 'warn', 'log', 'debug'].indexOf(config.LOG_LEVEL) + 1,
  );
  let app: INestApplicationContext;
  let url: string | null = null;
  if (config.ROLE === 'worker') {
    app = await NestFactory.createApplicationContext(module, { logger: [...logLevels] });
  } else {
    const http = await NestFactory.create<NestFastifyApplication>(
      module,
      new FastifyAdapter({
        bodyLimit: MAX_BATCH_BYTES,
        trustProxy: true,
        routerOptions: { maxParamLength: 2048 },
      }),
      { logger: [...logLevels] },
    );
    // Some Segment clients (browser beacons) send JSON as text/plain.
    http
      .getHttpAdapter()
      .getInstance()
      .addContentTypeParser('text/plain', { parseAs: 'string' }, (_req, body, done) => {
        try {
          done(null, JSON.parse(body as string));
        } catch (error) {
          (error as { statusCode?: number }).statusCode = 400;
          done(error as Error, undefined);
        }
      });
    app = http;
  }

  const workspaces = app.get(WorkspaceService);
  await workspaces.bootstrap();
  await app.get(JourneysService).ensureDefault(DEFAULT_WORKSPACE_ID);
  if (config.ROLE !== 'api') {
    app.get(WorkerHost).start();
    app.get(ReconcilerService).start();
  }
  if (config.ROLE !== 'worker') {
    const http = app as NestFastifyApplication;
    await http.listen(config.PORT, config.HOST);
    const address = http.getHttpServer().address();
    const port = typeof address === 'object' && address ? address.port : config.PORT;
    url = `http://${config.HOST === '0.0.0.0' ? 'localhost' : config.HOST}:${port}`;
  }
  return {
    app,
    url,
    devKey: workspaces.developmentKey(),
    close: async () => {
      await app.close();
      await embedded?.stop();
    },
  };
}
