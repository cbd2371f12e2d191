// `npm run migration:run`: applies pending migrations to DATABASE_URL (production runs this before starting
// the service with MIGRATIONS_RUN=skip).
import { migrate } from '../bootstrap';
import { loadConfig } from '../config/app-config';

async function main(): Promise<void> {
  const config = loadConfig();
  if (!config.DATABASE_URL) throw new Error('Set DATABASE_URL to the database to migrate.');
  const applied = await migrate(config.DATABASE_URL);
  console.log(applied.length > 0 ? `Applied: ${applied.join(', ')}` : 'No pending migrations.');
}

main().catch((error: Error) => {
  console.error(error.message);
  process.exit(1);
});
