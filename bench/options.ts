/** Benchmark knobs; the defaults keep a run under about five minutes on a 2-core machine. */
export interface BenchOptions {
  customers: number;
  /** /v1/track at a fixed rate: the sustained-ingest and event-to-enqueue figures. */
  trackRate: number;
  trackSeconds: number;
  /** /v1/track closed loop at `concurrency`: the most it takes. */
  saturateSeconds: number;
  concurrency: number;
  batchSize: number;
  batchConcurrency: number;
  wakeups: number;
  burstRate: number;
  burstSeconds: number;
  emails: number;
  emailWindowSeconds: number;
  timeScale: number;
  pgbenchSeconds: number;
  drainTimeoutSeconds: number;
  redisPort: number;
  /** Socket directory for the API's and worker's PostgreSQL connections instead of TCP (e.g. /var/run/postgresql). */
  pgSocket: string | null;
  /** Run the API and/or worker under `node --cpu-prof`; profiles land in bench/results/profiles-<run>/. */
  profile: ('api' | 'worker')[];
  /** Extra environment for the API and worker (e.g. DB_POOL_SIZE=20), to try settings. */
  appEnv: Record<string, string>;
  skipBaselines: boolean;
  /** Run only this phase (after starting the API and worker); `insight` is not in the default run, it seeds for minutes. */
  only: 'insight' | null;
  /** The insight phase: stage runs (one per contact) and events seeded, map calls timed, ingest load beside the map. */
  insightRuns: number;
  insightEvents: number;
  insightCalls: number;
  insightIngestRate: number;
  insightIngestSeconds: number;
  keepLogs: boolean;
  help: boolean;
}

export const DEFAULTS: BenchOptions = {
  customers: 100_000,
  trackRate: 1_000,
  trackSeconds: 30,
  saturateSeconds: 10,
  concurrency: 64,
  batchSize: 100,
  batchConcurrency: 8,
  wakeups: 1_000_000,
  burstRate: 2_000,
  burstSeconds: 5,
  emails: 5_000,
  emailWindowSeconds: 15,
  timeScale: 720,
  pgbenchSeconds: 20,
  drainTimeoutSeconds: 15,
  redisPort: 6390,
  pgSocket: null,
  profile: [],
  appEnv: {},
  skipBaselines: false,
  only: null,
  insightRuns: 1_000_000,
  insightEvents: 10_000_000,
  insightCalls: 20,
  insightIngestRate: 200,
  insightIngestSeconds: 15,
  keepLogs: false,
  help: false,
};

const FLAGS: Record<string, keyof BenchOptions> = {
  '--customers': 'customers',
  '--track-rate': 'trackRate',
  '--track-seconds': 'trackSeconds',
  '--saturate-seconds': 'saturateSeconds',
  '--concurrency': 'concurrency',
  '--batch-size': 'batchSize',
  '--batch-concurrency': 'batchConcurrency',
  '--wakeups': 'wakeups',
  '--burst-rate': 'burstRate',
  '--burst-seconds': 'burstSeconds',
  '--emails': 'emails',
  '--email-window': 'emailWindowSeconds',
  '--time-scale': 'timeScale',
  '--pgbench-seconds': 'pgbenchSeconds',
  '--drain-timeout': 'drainTimeoutSeconds',
  '--redis-port': 'redisPort',
  '--insight-runs': 'insightRuns',
  '--insight-events': 'insightEvents',
  '--insight-calls': 'insightCalls',
  '--insight-ingest-rate': 'insightIngestRate',
  '--insight-ingest-seconds': 'insightIngestSeconds',
};

export const USAGE = `npm run bench -- [options]
${Object.entries(FLAGS)
  .map(([flag, key]) => `  ${flag.padEnd(22)} default ${String(DEFAULTS[key])}`)
  .join('\n')}
  --profile api,worker     run those processes under node --cpu-prof
  --app-env K=V,K2=V2      extra environment for the API and worker processes
  --only insight           only the journey map at scale (seeds the --insight-* amounts; not in the default run)
  --skip-baselines         do not run redis-benchmark, pgbench and the bare endpoint
  --pg-socket DIR          the API and worker reach PostgreSQL over its Unix socket in DIR, not TCP
  --keep-logs              keep the API, worker and Redis logs (they are kept anyway when a run fails)
  --help`;

/** Parses `--flag value` pairs; throws naming the flag on anything it does not know or a bad number. */
export function parseOptions(argv: string[]): BenchOptions {
  const options: BenchOptions = { ...DEFAULTS, profile: [], appEnv: {} };
  for (let i = 0; i < argv.length; i += 1) {
    const flag = argv[i];
    if (flag === '--help' || flag === '-h') options.help = true;
    else if (flag === '--skip-baselines') options.skipBaselines = true;
    else if (flag === '--keep-logs') options.keepLogs = true;
    else if (flag === '--pg-socket') options.pgSocket = argv[++i] ?? null;
    else if (flag === '--only') {
      const phase = argv[++i];
      if (phase !== 'insight') throw new Error('--only takes insight');
      options.only = phase;
    } else if (flag === '--profile') {
      const roles = (argv[++i] ?? '').split(',').filter(Boolean);
      if (roles.length === 0 || roles.some((role) => role !== 'api' && role !== 'worker'))
        throw new Error('--profile takes api, worker or api,worker');
      options.profile = roles as BenchOptions['profile'];
    } else if (flag === '--app-env') {
      for (const pair of (argv[++i] ?? '').split(',').filter(Boolean)) {
        const [key, ...value] = pair.split('=');
        if (!/^[A-Z_][A-Z0-9_]*$/.test(key) || value.length === 0)
          throw new Error(`--app-env: bad pair ${pair}`);
        options.appEnv[key] = value.join('=');
      }
    } else if (FLAGS[flag]) {
      const value = Number(argv[++i]);
      if (!Number.isFinite(value) || value < 0) throw new Error(`${flag} needs a non-negative number`);
      (options[FLAGS[flag]] as number) = value;
    } else throw new Error(`unknown option ${flag}\n${USAGE}`);
  }
  return options;
}
