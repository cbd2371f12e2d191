import { Client } from 'pg';
import { Redis } from 'ioredis';
import { migrate } from '../src/bootstrap';
import { ADMIN_DATABASE_URL, databaseUrl, TEMPLATE_DATABASE, TEST_REDIS_URL } from './support/services';

/** Checks the services once and builds a migrated template database that each test file clones. */
export default async function globalSetup(): Promise<void> {
  const admin = new Client({ connectionString: ADMIN_DATABASE_URL });
  await admin.connect().catch((error: Error) => {
    throw new Error(
      `PostgreSQL is not reachable at ${ADMIN_DATABASE_URL} (${error.message}); run .ci/run or start it.`,
    );
  });
  const redis = new Redis(TEST_REDIS_URL, {
    lazyConnect: true,
    maxRetriesPerRequest: 1,
    retryStrategy: () => null,
  });
  await redis.connect().catch((error: Error) => {
    throw new Error(
      `Redis is not reachable at ${TEST_REDIS_URL} (${error.message}); run .ci/run or start it.`,
    );
  });
  redis.disconnect();
  const stale = await admin.query(`SELECT datname FROM pg_database WHERE datname LIKE 'tp_test_%'`);
  for (const { datname } of stale.rows)
    await admin.query(`DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`);
  await admin.query(`DROP DATABASE IF EXISTS ${TEMPLATE_DATABASE} WITH (FORCE)`);
  await admin.query(`CREATE DATABASE ${TEMPLATE_DATABASE}`);
  await admin.end();
  await migrate(databaseUrl(TEMPLATE_DATABASE));
}
