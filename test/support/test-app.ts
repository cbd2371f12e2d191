import { randomBytes } from 'node:crypto';
import { bootstrap, type RunningApp } from '../../src/bootstrap';
import type { Clock } from '../../src/common/clock';
import { loadConfig, type AppConfig } from '../../src/config/app-config';
import { TEST_REDIS_URL } from './services';
import { createTestDatabase, type TestDatabase } from './test-database';

export const TEST_KEY = 'tp_test_key_0123456789';

export interface TestApp {
  url: string;
  key: string;
  config: AppConfig;
  database: TestDatabase;
  running: RunningApp;
  /** Calls the API with the test key. */
  request(
    method: string,
    path: string,
    body?: unknown,
    headers?: Record<string, string>,
  ): Promise<{ status: number; body: any }>;
  close(): Promise<void>;
}

/** Boots the whole service (role all unless set) on a fresh database and its own Redis key prefix. */
export async function startTestApp(
  env: Record<string, string> = {},
  database?: TestDatabase,
  options: { clock?: Clock } = {},
): Promise<TestApp> {
  const db = database ?? (await createTestDatabase());
  const config = loadConfig({
    DATABASE_URL: db.url,
    REDIS_URL: TEST_REDIS_URL,
    QUEUE_PREFIX: `tptest-${randomBytes(4).toString('hex')}`,
    PORT: '0',
    HOST: '127.0.0.1',
    API_KEYS: TEST_KEY,
    LOG_LEVEL: 'warn',
    RECONCILE_INTERVAL_MS: '1000',
    JOB_LOCK_MS: '5000',
    ...env,
  });
  const running = await bootstrap(config, { clock: options.clock });
  const url = running.url!;
  return {
    url,
    key: TEST_KEY,
    config,
    database: db,
    running,
    async request(method, path, body, headers = {}) {
      const response = await fetch(`${url}${path}`, {
        method,
        headers: {
          authorization: `Bearer ${TEST_KEY}`,
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
          ...headers,
        },
        body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
      });
      const text = await response.text();
      let parsed: unknown = text;
      try {
        parsed = JSON.parse(text);
      } catch {
        // not JSON: keep the text
      }
      return { status: response.status, body: parsed };
    },
    async close() {
      await running.close();
      if (!database) await db.drop();
    },
  };
}
