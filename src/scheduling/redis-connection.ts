import { spawnSync } from 'node:child_process';
import { Logger } from '@nestjs/common';
import { Redis } from 'ioredis';

const DEFAULT_URL = 'redis://127.0.0.1:6379';

/** A connection for BullMQ: commands wait for a reconnect instead of failing, as BullMQ requires. */
export function createRedis(url: string, name: string): Redis {
  return new Redis(url, { maxRetriesPerRequest: null, connectionName: name, enableReadyCheck: true });
}

/** Whether a Redis answers PING at `url`, without retrying. */
export async function redisAnswers(url: string): Promise<boolean> {
  const probe = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
  probe.on('error', () => undefined);
  try {
    await probe.connect();
    return (await probe.ping()) === 'PONG';
  } catch {
    return false;
  } finally {
    probe.disconnect();
  }
}

/**
 * Makes sure Redis answers at `url`. For the default local URL only, starts `redis-server` from PATH when none
 * answers, and otherwise fails naming the fix.
 */
export async function ensureRedis(url: string, dataDir: string): Promise<void> {
  if (await redisAnswers(url)) return;
  if (url !== DEFAULT_URL) throw new Error(`Redis at ${url} does not answer. Start it or fix REDIS_URL.`);
  const started = spawnSync(
    'redis-server',
    ['--daemonize', 'yes', '--bind', '127.0.0.1', '--port', '6379', '--dir', dataDir, '--appendonly', 'yes'],
    { stdio: 'ignore' },
  );
  if (started.error || started.status !== 0) {
    throw new Error(
      'No Redis answers on 127.0.0.1:6379 and no redis-server is on PATH. Install Redis ' +
        '(e.g. `apt-get install redis-server`), run `docker compose up -d redis`, or set REDIS_URL.',
    );
  }
  for (let attempt = 0; attempt < 50; attempt += 1) {
    if (await redisAnswers(url))
      return new Logger('Redis').log(`started a local redis-server (data in ${dataDir})`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error('Started redis-server but it does not answer on 127.0.0.1:6379.');
}
