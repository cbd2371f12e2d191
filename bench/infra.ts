import { execFileSync, fork, spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createWriteStream, existsSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { cpus, loadavg, totalmem } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { Client } from 'pg';
import { redisAnswers } from '../src/scheduling/redis-connection';
import type { SinkStats } from './sinks';
import { pollUntil } from './stats';

export const ROOT = join(__dirname, '..', '..');
export const ADMIN_DATABASE_URL =
  process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

/** Cleanup steps run in reverse order, once, on success, failure or a signal. */
export class Cleanup {
  private readonly steps: { name: string; run: () => Promise<void> | void }[] = [];
  private done: Promise<void> | null = null;

  add(name: string, run: () => Promise<void> | void): void {
    this.steps.push({ name, run });
  }

  run(): Promise<void> {
    this.done ??= (async () => {
      for (const step of this.steps.reverse()) {
        try {
          await step.run();
        } catch (error) {
          console.error(`cleanup ${step.name}: ${(error as Error).message}`);
        }
      }
    })();
    return this.done;
  }
}

export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** A child process whose output goes to a log file, with the tail kept for error messages. */
export class Proc {
  readonly child: ChildProcess;
  output = '';
  exited: { code: number | null; signal: string | null } | null = null;
  private readonly ended: Promise<void>;

  constructor(
    readonly name: string,
    command: string,
    args: string[],
    env: Record<string, string>,
    logFile: string,
  ) {
    this.child = spawn(command, args, { cwd: ROOT, env: { PATH: process.env.PATH ?? '', ...env } });
    const log = createWriteStream(logFile);
    const keep = (chunk: Buffer) => {
      log.write(chunk);
      this.output = (this.output + chunk.toString('utf8')).slice(-20_000);
    };
    this.child.stdout!.on('data', keep);
    this.child.stderr!.on('data', keep);
    this.ended = new Promise((resolve) =>
      this.child.once('exit', (code, signal) => {
        this.exited = { code, signal };
        log.end();
        resolve();
      }),
    );
  }

  get pid(): number {
    return this.child.pid!;
  }

  async waitFor(pattern: RegExp, timeoutMs = 60_000): Promise<RegExpExecArray> {
    const found = await pollUntil(
      async () => {
        if (this.exited)
          throw new Error(`${this.name} exited ${JSON.stringify(this.exited)}:\n${this.output}`);
        return pattern.exec(this.output) ?? undefined;
      },
      timeoutMs,
      50,
    );
    if (!found) throw new Error(`${this.name}: no ${pattern} after ${timeoutMs} ms:\n${this.output}`);
    return found;
  }

  /** SIGTERM, then SIGKILL after the grace period. */
  async stop(graceMs = 10_000): Promise<void> {
    if (this.exited) return;
    this.child.kill('SIGTERM');
    const timer = setTimeout(() => this.child.kill('SIGKILL'), graceMs);
    await this.ended;
    clearTimeout(timer);
  }
}

/** Our own redis-server: AOF every second, noeviction, data in `dir`; never the machine's Redis. */
export async function startRedis(
  port: number,
  dir: string,
  logFile: string,
): Promise<{ proc: Proc; url: string }> {
  const url = `redis://127.0.0.1:${port}`;
  if (await redisAnswers(url))
    throw new Error(`something already answers on ${url}; pick another --redis-port`);
  const proc = new Proc(
    'redis',
    'redis-server',
    [
      ...['--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--save', ''],
      ...['--appendonly', 'yes', '--appendfsync', 'everysec', '--maxmemory-policy', 'noeviction'],
    ],
    {},
    logFile,
  );
  await proc.waitFor(/Ready to accept connections/, 15_000);
  return { proc, url };
}

export async function admin<T>(fn: (client: Client) => Promise<T>, url = ADMIN_DATABASE_URL): Promise<T> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

export function databaseUrl(name: string): string {
  const url = new URL(ADMIN_DATABASE_URL);
  url.pathname = `/${name}`;
  return url.toString();
}

/** A fresh, empty database; the caller drops it. */
export async function createDatabase(
  prefix: string,
): Promise<{ name: string; url: string; drop(): Promise<void> }> {
  const name = `${prefix}_${randomBytes(4).toString('hex')}`;
  await admin((client) => client.query(`CREATE DATABASE ${name}`));
  return {
    name,
    url: databaseUrl(name),
    drop: () =>
      admin((client) => client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)).then(() => undefined),
  };
}

export class Sinks {
  private constructor(
    private readonly child: ChildProcess,
    readonly smtpPort: number,
    readonly webhookPort: number,
  ) {}

  static async start(): Promise<Sinks> {
    const child = fork(join(__dirname, 'sinks.js'), [], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    const ports = await new Promise<{ smtpPort: number; webhookPort: number }>((resolve, reject) => {
      child.once('message', (message) => resolve(message as { smtpPort: number; webhookPort: number }));
      child.once('exit', (code) => reject(new Error(`the sinks exited with ${code}`)));
    });
    return new Sinks(child, ports.smtpPort, ports.webhookPort);
  }

  stats(since?: number): Promise<SinkStats> {
    return new Promise((resolve) => {
      this.child.once('message', (message) => resolve(message as SinkStats));
      this.child.send({ since });
    });
  }

  stop(): void {
    this.child.kill('SIGTERM');
  }
}

export interface ProcessMemory {
  rssMiB: number;
  heapUsedMiB: number | null;
}

/** Node flags and environment that make a process answer `processMemory` (see memory-probe.cjs). */
export function memoryProbe(file: string): { execArgv: string[]; env: Record<string, string> } {
  return {
    execArgv: ['--expose-gc', '-r', join(ROOT, 'bench', 'memory-probe.cjs')],
    env: { BENCH_MEMORY_FILE: file },
  };
}

/** Asks a probed process to collect garbage and report; RSS and live heap after that collection. */
export async function processMemory(pid: number, file: string): Promise<ProcessMemory> {
  rmSync(file, { force: true });
  process.kill(pid, 'SIGUSR2');
  const usage = await pollUntil(
    async () =>
      existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as NodeJS.MemoryUsage) : undefined,
    10_000,
    50,
  );
  if (!usage) return { rssMiB: NaN, heapUsedMiB: null };
  return { rssMiB: usage.rss / 2 ** 20, heapUsedMiB: usage.heapUsed / 2 ** 20 };
}

const quiet = (command: string, args: string[]) => {
  try {
    return execFileSync(command, args, { cwd: ROOT, encoding: 'utf8' }).trim();
  } catch {
    return null;
  }
};

export async function machineFacts(
  redis: Redis,
  databaseUrlForVersion: string,
): Promise<Record<string, unknown>> {
  const info = await redis.info('server');
  const pg = await admin((client) => client.query(`SELECT version() AS v`), databaseUrlForVersion);
  return {
    cpus: cpus().length,
    cpuModel: cpus()[0]?.model ?? null,
    memoryGiB: Number((totalmem() / 2 ** 30).toFixed(1)),
    loadAverageAtStart: loadavg().map((v) => Number(v.toFixed(2))),
    node: process.version,
    postgres: String(pg.rows[0].v).split(' on ')[0],
    redis: /redis_version:(\S+)/.exec(info)?.[1] ?? null,
    gitCommit: quiet('git', ['rev-parse', 'HEAD']),
    gitDirty: (quiet('git', ['status', '--porcelain']) ?? '').length > 0,
  };
}
