import { randomBytes } from 'node:crypto';
import { Client, Pool, type QueryResultRow } from 'pg';

async function admin<T>(serverUrl: string, fn: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: serverUrl });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

export function withDatabase(serverUrl: string, name: string): string {
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

/** A fresh, empty database for one drill (the API process migrates it); `drop` removes it. */
export async function createDatabase(
  serverUrl: string,
): Promise<{ name: string; url: string; drop(): Promise<void> }> {
  const name = `tp_drill_${randomBytes(5).toString('hex')}`;
  await admin(serverUrl, (client) => client.query(`CREATE DATABASE ${name}`));
  return {
    name,
    url: withDatabase(serverUrl, name),
    drop: () =>
      admin(serverUrl, (client) => client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)).then(
        () => undefined,
      ),
  };
}

/** The drills' window on PostgreSQL: a small pool that survives a restart of the server (it reconnects). */
export class Probe {
  private readonly pool: Pool;

  constructor(url: string) {
    this.pool = new Pool({ connectionString: url, max: 2, connectionTimeoutMillis: 5_000 });
    // A server restart breaks idle connections; the pool drops them and the next query connects anew.
    this.pool.on('error', () => undefined);
  }

  async rows<T extends QueryResultRow>(sql: string, params: unknown[] = []): Promise<T[]> {
    return (await this.pool.query<T>(sql, params)).rows;
  }

  async count(sql: string, params: unknown[] = []): Promise<number> {
    const [row] = await this.rows<{ n: string }>(sql, params);
    return Number(row?.n ?? 0);
  }

  async end(): Promise<void> {
    await this.pool.end();
  }
}
