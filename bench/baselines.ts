import { execFileSync, fork } from 'node:child_process';
import { join } from 'node:path';
import type { Redis } from 'ioredis';
import { createTransport } from 'nodemailer';
import { admin, createDatabase, memoryProbe, processMemory, type ProcessMemory, type Sinks } from './infra';
import { runLoad, type LoadResult } from './load';
import { pollUntil } from './stats';

export interface Baselines {
  redisBenchmark: Record<string, number>;
  /** used_memory growth per plain SET of an effect-id-sized key and value. */
  redisBytesPerPlainKey: number;
  pgbench: { tps: number; latencyMs: number; clients: number; seconds: number; bytesPerAccountRow: number };
  bareTrackSaturated: LoadResult;
  bareTrackAtRate: LoadResult;
  bareServerMemory: ProcessMemory;
  smtpDirectPerSecond: number;
}

/** `redis-benchmark -q -n 100000 -t set,lpush` against our Redis: requests per second per command. */
export function redisBenchmark(port: number): Record<string, number> {
  const out = execFileSync('redis-benchmark', ['-p', String(port), '-q', '-n', '100000', '-t', 'set,lpush'], {
    encoding: 'utf8',
  });
  const result: Record<string, number> = {};
  for (const match of out.matchAll(/(\w+): ([\d.]+) requests per second/g))
    result[match[1]] = Number(match[2]);
  return result;
}

export async function redisBytesPerPlainKey(redis: Redis, keys = 100_000): Promise<number> {
  const used = async () => Number(/used_memory:(\d+)/.exec(await redis.info('memory'))?.[1]);
  const before = await used();
  for (let start = 0; start < keys; start += 10_000) {
    const pipeline = redis.pipeline();
    for (let i = start; i < start + 10_000; i += 1)
      pipeline.set(
        `bench:plain:${i}:0192f0c8-7d1e-7aa0-9d3b-5a1f2e3c4d5e.3`,
        `0192f0c8-7d1e-7aa0-9d3b-5a1f2e3c4d5e.3`,
      );
    await pipeline.exec();
  }
  const after = await used();
  let cursor = '0';
  do {
    const [next, found] = await redis.scan(cursor, 'MATCH', 'bench:plain:*', 'COUNT', 10_000);
    if (found.length > 0) await redis.del(...found);
    cursor = next;
  } while (cursor !== '0');
  return (after - before) / keys;
}

/** pgbench on a scratch database: scale 1, `seconds` of the default TPC-B-like writes with fsync on. */
export async function pgbench(seconds: number, clients = 8): Promise<Baselines['pgbench']> {
  const db = await createDatabase('tp_bench_pgbench');
  try {
    const url = new URL(db.url);
    const args = ['-h', url.hostname, '-p', url.port || '5432', '-U', url.username || 'postgres'];
    execFileSync('pgbench', [...args, '-i', '-s', '1', '-q', db.name], { stdio: 'ignore' });
    const out = execFileSync(
      'pgbench',
      [...args, '-c', String(clients), '-j', '2', '-T', String(seconds), db.name],
      { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] },
    );
    const bytes = await admin(
      (client) =>
        client.query(
          `SELECT pg_total_relation_size('pgbench_accounts') AS b, count(*) AS n FROM pgbench_accounts`,
        ),
      db.url,
    );
    return {
      tps: Number(/tps = ([\d.]+)/.exec(out)?.[1]),
      latencyMs: Number(/latency average = ([\d.]+) ms/.exec(out)?.[1]),
      clients,
      seconds,
      bytesPerAccountRow: Number(bytes.rows[0].b) / Number(bytes.rows[0].n),
    };
  } finally {
    await db.drop();
  }
}

/** Bare Fastify in its own process, hit by the same load generator: saturated, and at the track phase's rate. */
export async function bareEndpoint(
  body: (i: number) => string,
  options: { concurrency: number; rate: number; memoryFile: string },
): Promise<Pick<Baselines, 'bareTrackSaturated' | 'bareTrackAtRate' | 'bareServerMemory'>> {
  const probe = memoryProbe(options.memoryFile);
  const child = fork(join(__dirname, 'bare-server.js'), [], {
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    execArgv: probe.execArgv,
    env: { ...process.env, ...probe.env },
  });
  try {
    const { port } = await new Promise<{ port: number }>((resolve) =>
      child.once('message', (m) => resolve(m as { port: number })),
    );
    const url = `http://127.0.0.1:${port}`;
    await runLoad({ url, path: '/v1/track', body, concurrency: 8, durationMs: 1_000 });
    const bareTrackSaturated = await runLoad({
      url,
      path: '/v1/track',
      body,
      concurrency: options.concurrency,
      durationMs: 5_000,
    });
    const bareTrackAtRate = await runLoad({
      url,
      path: '/v1/track',
      body,
      concurrency: options.concurrency,
      rate: options.rate,
      durationMs: 5_000,
    });
    const bareServerMemory = await processMemory(child.pid!, options.memoryFile);
    return { bareTrackSaturated, bareTrackAtRate, bareServerMemory };
  } finally {
    child.kill('SIGTERM');
  }
}

/** nodemailer's pool (5 connections, as the app uses) straight into the sink: the most the sink and client take. */
export async function smtpDirect(sinks: Sinks, messages = 2_000): Promise<number> {
  const transport = createTransport({
    host: '127.0.0.1',
    port: sinks.smtpPort,
    pool: true,
    maxConnections: 5,
  });
  const before = (await sinks.stats()).emails;
  const started = Date.now();
  await Promise.all(
    Array.from({ length: messages }, (_, i) =>
      transport.sendMail({
        from: 'bench@bench.example',
        to: `direct${i}@bench.example`,
        subject: 'baseline',
        html: '<p>baseline</p>'.repeat(200),
        messageId: `<direct-${i}@bench.example>`,
      }),
    ),
  );
  await pollUntil(
    async () => ((await sinks.stats()).emails - before >= messages ? true : undefined),
    30_000,
    50,
  );
  transport.close();
  return messages / ((Date.now() - started) / 1000);
}
