import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Client } from 'pg';
import { Redis } from 'ioredis';
import { migrate } from '../src/bootstrap';
import { ADMIN_DATABASE_URL, databaseUrl, TEST_REDIS_URL } from './support/services';

/** Named after the migrations it holds, so runs at the same time share it and a changed migration makes a new one. */
function templateName(): string {
  const dir = join(__dirname, '..', 'migrations');
  const hash = createHash('sha256');
  for (const file of readdirSync(dir).sort()) hash.update(file).update(readFileSync(join(dir, file)));
  return `touchpoint_test_template_${hash.digest('hex').slice(0, 12)}`;
}

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
  const template = templateName();
  process.env.TOUCHPOINT_TEST_TEMPLATE = template;
  // Leftovers of crashed runs; a database still in use (another run) refuses to drop and is left alone.
  const stale = await admin.query(
    `SELECT datname FROM pg_database WHERE datname LIKE 'tp_test_%' OR (datname LIKE 'touchpoint_test_template%' AND datname <> $1)`,
    [template],
  );
  for (const { datname } of stale.rows)
    await admin.query(`DROP DATABASE IF EXISTS "${datname}"`).catch(() => undefined);
  const exists = await admin.query(`SELECT 1 FROM pg_database WHERE datname = $1`, [template]);
  if (exists.rowCount === 0) {
    await admin.query(`CREATE DATABASE ${template}_building`).catch(() => undefined);
    await migrate(databaseUrl(`${template}_building`));
    await admin.query(`ALTER DATABASE ${template}_building RENAME TO ${template}`).catch(() => undefined);
  }
  await admin.end();
}
