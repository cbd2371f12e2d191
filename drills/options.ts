export const DRILLS = ['kill-worker', 'redis', 'postgres', 'stall'] as const;
export type DrillName = (typeof DRILLS)[number];

/** Drill knobs; the defaults run all four in about ten minutes on a 2-core machine. */
export interface DrillOptions {
  drills: DrillName[];
  /** Multiplies the amount of work (leads, events per second); 2 doubles it. */
  scale: number;
  /** Worker kills in the kill-worker drill (at least). */
  kills: number;
  /** A compiled tree to run instead of building ./dist and copying it. */
  dist: string | null;
  /** A PostgreSQL server (admin URL, trust auth) for the fresh databases of the kill-worker, redis, stall drills. */
  postgresUrl: string;
  redisPort: number;
  /** Port of the PostgreSQL instance the postgres drill starts and crashes. */
  ownPostgresPort: number;
  help: boolean;
}

export const DEFAULTS: DrillOptions = {
  drills: [...DRILLS],
  scale: 1,
  kills: 20,
  dist: null,
  postgresUrl: 'postgres://postgres@127.0.0.1:5432/postgres',
  redisPort: 6391,
  ownPostgresPort: 5499,
  help: false,
};

export const USAGE = `npm run drills -- [options]
  --drill ${DRILLS.join(',')}   which drills to run (default: all, in this order)
  --scale <x>          multiply the work (default 1: 2,000 leads in kill-worker, 25 contacts/s in redis and
                       postgres, 10 in stall)
  --kills <n>          worker kills in kill-worker (default 20)
  --dist <dir>         run this compiled tree instead of ./dist (built when stale)
  --postgres-url <u>   PostgreSQL server for fresh databases (default ${DEFAULTS.postgresUrl})
  --redis-port <n>     port of the drills' own redis-server (default ${DEFAULTS.redisPort})
  --own-postgres-port <n>  port of the PostgreSQL the postgres drill crashes (default ${DEFAULTS.ownPostgresPort})
  --help`;

const number = (flag: string, value: string | undefined, min: number) => {
  const parsed = Number(value);
  if (!Number.isFinite(parsed) || parsed < min) throw new Error(`${flag} needs a number of at least ${min}`);
  return parsed;
};

/** Parses `--flag value` pairs; throws naming the flag on anything unknown or out of range. */
export function parseOptions(argv: string[]): DrillOptions {
  const options: DrillOptions = { ...DEFAULTS, drills: [...DEFAULTS.drills] };
  for (let i = 0; i < argv.length; i += 1) {
    const flag = argv[i];
    const value = () => {
      const next = argv[++i];
      if (next === undefined) throw new Error(`${flag} needs a value`);
      return next;
    };
    if (flag === '--help' || flag === '-h') options.help = true;
    else if (flag === '--drill') {
      const names = value().split(',').filter(Boolean);
      const unknown = names.filter((name) => !(DRILLS as readonly string[]).includes(name));
      if (names.length === 0 || unknown.length > 0)
        throw new Error(`--drill takes ${DRILLS.join(', ')}; got ${unknown.join(', ') || 'nothing'}`);
      options.drills = DRILLS.filter((name) => names.includes(name));
    } else if (flag === '--scale') options.scale = number(flag, value(), 0.01);
    else if (flag === '--kills') options.kills = Math.round(number(flag, value(), 1));
    else if (flag === '--dist') options.dist = value();
    else if (flag === '--postgres-url') options.postgresUrl = value();
    else if (flag === '--redis-port') options.redisPort = Math.round(number(flag, value(), 1));
    else if (flag === '--own-postgres-port') options.ownPostgresPort = Math.round(number(flag, value(), 1));
    else throw new Error(`unknown option ${flag}\n${USAGE}`);
  }
  return options;
}
