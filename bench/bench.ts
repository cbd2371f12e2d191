import 'reflect-metadata';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { Client } from 'pg';
import { loadConfig } from '../src/config/app-config';
import { QUEUES } from '../src/scheduling/queue-catalogue';
import { QueueService } from '../src/scheduling/queue.service';
import { createRedis } from '../src/scheduling/redis-connection';
import * as baseline from './baselines';
import { emailBurst } from './email-phase';
import { insightFigures, insightPhase } from './insight-phase';
import { batchPhase, trackAtRate, trackSaturated, waitForRouting, type Target } from './ingest-phases';
import {
  Cleanup,
  createDatabase,
  freePort,
  machineFacts,
  memoryProbe,
  processMemory,
  Proc,
  ROOT,
  Sinks,
  startRedis,
} from './infra';
import { parseOptions, USAGE, type BenchOptions } from './options';
import { buildFigures } from './figures';
import { table, type Figure } from './report';
import { pollUntil, sleep } from './stats';
import { addPendingWakeups, wakeBurst, workloadLateness } from './wakeup-phases';
import { Workload } from './workload';

const QUEUE_PREFIX = 'tp';
const API_KEY = 'tp_bench_key_0123456789';
const log = (message: string) => console.log(`[bench ${new Date().toISOString().slice(11, 19)}] ${message}`);

async function main(options: BenchOptions, cleanup: Cleanup): Promise<void> {
  const startedAt = new Date();
  const runId = startedAt.toISOString().replace(/[:.]/g, '-');
  const resultsDir = join(ROOT, 'bench', 'results');
  const tmp = mkdtempSync(join(tmpdir(), 'touchpoint-bench-'));
  const memoryFile = (name: string) => join(tmp, `${name}.memory.json`);
  mkdirSync(join(tmp, 'redis'));
  mkdirSync(resultsDir, { recursive: true });
  let keepLogs = true;
  cleanup.add('temporary files', () => {
    // The Redis data always goes; the process logs stay only when the run failed.
    rmSync(join(tmp, 'redis'), { recursive: true, force: true });
    if (!keepLogs) rmSync(tmp, { recursive: true, force: true });
    else console.error(`process logs kept in ${tmp}`);
  });

  log(`Redis on port ${options.redisPort} (AOF everysec, noeviction)`);
  const redisServer = await startRedis(options.redisPort, join(tmp, 'redis'), join(tmp, 'redis.log'));
  cleanup.add('redis', () => redisServer.proc.stop());
  const redis = new Redis(redisServer.url);
  cleanup.add('redis client', () => redis.disconnect());
  const database = await createDatabase('tp_bench');
  cleanup.add('database', () => database.drop());
  log(`database ${database.name}`);
  const sinks = await Sinks.start();
  cleanup.add('sinks', () => sinks.stop());
  const machine = await machineFacts(redis, database.url);
  const workload = new Workload(options.customers);
  const sampleTrack = JSON.stringify(new Workload(1_000, 7).track().message);

  let baselines: baseline.Baselines | null = null;
  if (!options.skipBaselines && !options.only) {
    log('baselines: redis-benchmark, Redis bytes per key, pgbench, bare Fastify, direct SMTP');
    const redisBenchmark = baseline.redisBenchmark(options.redisPort);
    const redisBytesPerPlainKey = await baseline.redisBytesPerPlainKey(redis);
    const pgbench = await baseline.pgbench(options.pgbenchSeconds);
    const bare = await baseline.bareEndpoint(() => sampleTrack, {
      concurrency: options.concurrency,
      rate: options.trackRate,
      memoryFile: memoryFile('bare'),
    });
    const smtpDirectPerSecond = await baseline.smtpDirect(sinks);
    baselines = { redisBenchmark, redisBytesPerPlainKey, pgbench, ...bare, smtpDirectPerSecond };
    await redis.flushall();
  }

  log('starting the API and the worker as separate processes');
  const port = await freePort();
  const env = {
    DATABASE_URL: options.pgSocket
      ? `${database.url}?host=${encodeURIComponent(options.pgSocket)}`
      : database.url,
    REDIS_URL: redisServer.url,
    QUEUE_PREFIX,
    HOST: '127.0.0.1',
    PORT: String(port),
    API_KEYS: API_KEY,
    SECRET_KEY: 'bench-secret-key-0123456789abcdef0123456789',
    SMTP_URL: `smtp://127.0.0.1:${sinks.smtpPort}`,
    TIME_SCALE: String(options.timeScale),
    LOG_LEVEL: 'log',
    ...options.appEnv,
  };
  const profiles = join(resultsDir, `profiles-${runId}`);
  const nodeArgs = (role: 'api' | 'worker') => [
    ...memoryProbe(memoryFile(role)).execArgv,
    ...(options.profile.includes(role) ? ['--cpu-prof', `--cpu-prof-dir=${profiles}`] : []),
    join(ROOT, 'dist', 'src', 'main.js'),
  ];
  const api = new Proc(
    'api',
    process.execPath,
    nodeArgs('api'),
    { ...env, ...memoryProbe(memoryFile('api')).env, ROLE: 'api', MIGRATIONS_RUN: 'auto' },
    join(tmp, 'api.log'),
  );
  cleanup.add('api', () => api.stop());
  await api.waitFor(/listening on/);
  const worker = new Proc(
    'worker',
    process.execPath,
    nodeArgs('worker'),
    { ...env, ...memoryProbe(memoryFile('worker')).env, ROLE: 'worker', MIGRATIONS_RUN: 'skip' },
    join(tmp, 'worker.log'),
  );
  cleanup.add('worker', () => worker.stop());
  await worker.waitFor(/workers started/);
  const db = new Client({ connectionString: database.url });
  await db.connect();
  cleanup.add('pg client', () => db.end());
  const appRedis = createRedis(redisServer.url, 'bench');
  const queues = new QueueService(appRedis, loadConfig({ ...env, ROLE: 'all' }));
  cleanup.add('queues', () => queues.onApplicationShutdown());
  const target: Target = {
    url: `http://127.0.0.1:${port}`,
    key: API_KEY,
    redisUrl: redisServer.url,
    queuePrefix: QUEUE_PREFIX,
  };
  await sleep(2_000);
  const workerAtStart = await processMemory(worker.pid, memoryFile('worker'));

  const finish = (phases: Record<string, unknown>, figures: Figure[]) => {
    const finishedAt = new Date();
    const result = {
      runId,
      startedAt,
      finishedAt,
      seconds: (finishedAt.getTime() - startedAt.getTime()) / 1000,
      machine,
      options,
      baselines,
      phases,
      figures,
    };
    const file = join(resultsDir, `${runId}.json`);
    writeFileSync(file, `${JSON.stringify(result, null, 2)}\n`);
    console.log(`\n${table(figures)}\n`);
    log(`results: ${file} (${result.seconds.toFixed(0)} s in total)`);
    if (options.profile.length > 0) log(`CPU profiles: ${profiles} (written when the processes exit)`);
    keepLogs = options.keepLogs;
  };

  if (options.only === 'insight') {
    log(`insight: the journey map at ${options.insightRuns} stage runs and ${options.insightEvents} events`);
    const insight = await insightPhase(target, db, database.url, options, log);
    finish({ insight }, insightFigures(insight));
    return;
  }

  log(`/v1/batch: ${options.customers} identify messages, ${options.batchSize} per call`);
  const batch = await batchPhase(target, workload, options);
  log(`  ${batch.eventsPerSecond.toFixed(0)} events/s`);

  log(`/v1/track at ${options.trackRate}/s for ${options.trackSeconds} s, timing each event to its jobs`);
  const track = await trackAtRate(target, workload, options, db);
  log(
    `  ${track.load.perSecond.toFixed(0)} events/s, p99 ${track.load.latencyMs.p99.toFixed(1)} ms; enqueue p99 ${track.acceptedToEnqueuedMs.p99.toFixed(0)} ms`,
  );

  log(`/v1/track closed loop, ${options.concurrency} connections, ${options.saturateSeconds} s`);
  const routedBefore = await countRouted(db);
  const saturatedStarted = Date.now();
  const saturated = await trackSaturated(target, workload, options);
  const drainSeconds = await waitForRouting(db, options.drainTimeoutSeconds * 1000);
  const routing = {
    events: (await countRouted(db)) - routedBefore,
    seconds: (Date.now() - saturatedStarted) / 1000,
    drainSecondsAfterLoad: drainSeconds,
  };
  log(`  ${saturated.perSecond.toFixed(0)} events/s; routing drained ${drainSeconds ?? 'not'} s after`);

  const storage = await db.query<{ runs: number; bytes: string }>(
    `SELECT (SELECT count(*) FROM runs)::int AS runs,
            pg_total_relation_size('runs') + pg_total_relation_size('run_steps') + pg_total_relation_size('effects') AS bytes`,
  );
  const bytesPerRun = Number(storage.rows[0].bytes) / storage.rows[0].runs;

  log(`burst: ${options.emails} emails due at once`);
  const emails = await emailBurst(db, queues, sinks, options.emails, options.emailWindowSeconds);
  log(`  ${emails.atSink} at the sink in ${emails.seconds.toFixed(1)} s: ${emails.perSecond.toFixed(0)}/s`);

  log(`${options.wakeups} pending wake-ups a month out (rows + delayed jobs)`);
  const pending = await addPendingWakeups(db, redis, queues, options.wakeups, QUEUE_PREFIX);
  log(`  ${pending.seconds.toFixed(0)} s, ${pending.redisBytesPerWakeup.toFixed(0)} bytes of Redis each`);
  log(`burst: ${options.burstRate}/s wake-ups coming due for ${options.burstSeconds} s`);
  const burst = await wakeBurst(db, queues, options.burstRate, options.burstSeconds);
  log(
    `  ${burst.started}/${burst.scheduled} started, lateness p99 ${burst.latenessMs.p99.toFixed(0)} ms, max ${burst.latenessMs.max.toFixed(0)} ms`,
  );

  // At rest means no job waiting or running; a worker still behind is measured all the same (bounded run).
  const idle = await pollUntil(
    async () => {
      const counts = await Promise.all(
        Object.values(QUEUES).map((name) => queues.queue(name).getJobCounts('waiting', 'active')),
      );
      return counts.every((c) => c.waiting + c.active === 0) ? true : undefined;
    },
    20_000,
    500,
  );
  await sleep(3_000);
  const workerAtEnd = await processMemory(worker.pid, memoryFile('worker'));
  const workloadWakes = await workloadLateness(db, burst.ids ?? []);
  const sinkTotals = await sinks.stats();
  delete burst.ids;

  const phases = {
    batch,
    track,
    saturated,
    routing,
    storage: { runs: storage.rows[0].runs, bytes: Number(storage.rows[0].bytes), bytesPerRun },
    pending,
    burst,
    workloadWakes,
    emails,
    worker: { atStart: workerAtStart, atEnd: workerAtEnd, queuesIdleAtEnd: idle === true },
    sinks: {
      emails: sinkTotals.emails,
      emailDuplicates: sinkTotals.emailDuplicates,
      webhooks: sinkTotals.webhooks,
      webhookDuplicates: sinkTotals.webhookDuplicates,
    },
  };
  finish(phases, buildFigures(options, phases, baselines));
}

async function countRouted(db: Client): Promise<number> {
  const { rows } = await db.query(
    `SELECT count(*)::int AS n FROM events WHERE routed_at IS NOT NULL AND type = 'track'`,
  );
  return rows[0].n;
}

const cleanup = new Cleanup();
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    console.error(`${signal}: cleaning up`);
    cleanup.run().finally(() => process.exit(130));
  });
}

let options: BenchOptions;
try {
  options = parseOptions(process.argv.slice(2));
} catch (error) {
  console.error((error as Error).message);
  process.exit(2);
}
if (options.help) {
  console.log(USAGE);
  process.exit(0);
}
main(options, cleanup)
  .then(() => cleanup.run())
  .then(() => process.exit(0))
  .catch(async (error: Error) => {
    console.error(error.stack ?? error.message);
    await cleanup.run();
    process.exit(1);
  });
