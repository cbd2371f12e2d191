import { createDataSource } from '../src/database/data-source';
import { createTestDatabase, type TestDatabase } from './support/test-database';

describe('migrations', () => {
  let database: TestDatabase;

  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterAll(() => database.drop());

  it('bring a database exactly to the entities (no drift)', async () => {
    const dataSource = await createDataSource({ url: database.url, poolSize: 1 }).initialize();
    try {
      const pending = await dataSource.driver.createSchemaBuilder().log();
      // If this fails: build, then `DATABASE_URL=... node dist/src/database/generate-migration.js Name`.
      expect(pending.upQueries.map((query) => query.query)).toEqual([]);
      expect(await dataSource.showMigrations()).toBe(false);
    } finally {
      await dataSource.destroy();
    }
  });
});
