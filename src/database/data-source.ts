import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { ENTITIES } from './entities';

export interface DataSourceOptions {
  url: string;
  poolSize?: number;
  applicationName?: string;
}

/** The one data source definition, shared by the app, the migration CLI and the tests. */
export function createDataSource({ url, poolSize = 10, applicationName = 'touchpoint' }: DataSourceOptions) {
  return new DataSource({
    type: 'postgres',
    url,
    entities: ENTITIES,
    // Compiled next to this file in dist/, or loaded as TypeScript by the tests.
    migrations: [join(__dirname, '..', '..', 'migrations', '*.{js,ts}')],
    migrationsTableName: 'migrations',
    migrationsTransactionMode: 'each',
    synchronize: false,
    logging: ['error'],
    applicationName,
    extra: { max: poolSize, connectionTimeoutMillis: 5_000, statement_timeout: 30_000 },
  });
}
