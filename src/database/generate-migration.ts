// Writes a migration with the SQL that brings the database at DATABASE_URL up to the entities.
// Usage: npm run build && DATABASE_URL=... node dist/src/database/generate-migration.js Name
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createDataSource } from './data-source';

async function main(): Promise<void> {
  const name = process.argv[2];
  const url = process.env.DATABASE_URL;
  if (!name || !url) throw new Error('usage: DATABASE_URL=... generate-migration <Name>');
  const dataSource = await createDataSource({ url }).initialize();
  await dataSource.runMigrations();
  const sql = await dataSource.driver.createSchemaBuilder().log();
  await dataSource.destroy();
  if (sql.upQueries.length === 0) return console.log('Entities and migrations agree; nothing to write.');
  const stamp = Date.now();
  const quote = (query: string) => `    await queryRunner.query(${JSON.stringify(query)});`;
  const body = `import type { MigrationInterface, QueryRunner } from 'typeorm';

export class ${name}${stamp} implements MigrationInterface {
  name = '${name}${stamp}';

  public async up(queryRunner: QueryRunner): Promise<void> {
${sql.upQueries.map((q) => quote(q.query)).join('\n')}
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
${sql.downQueries
  .reverse()
  .map((q) => quote(q.query))
  .join('\n')}
  }
}
`;
  const file = join(__dirname, '..', '..', '..', 'migrations', `${stamp}-${name}.ts`);
  writeFileSync(file, body);
  console.log(`Wrote ${file}`);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
