import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { Redis } from 'ioredis';
import { onExit } from './cleanup';

/**
 * A redis-server of the drills' own, on its own port and directory, so it can be killed, restarted and flushed
 * without touching the machine's Redis. Configured as production should be: AOF fsynced every second, noeviction.
 */
export class OwnRedis {
  private child: ChildProcess | null = null;
  private admin: Redis | null = null;

  constructor(
    readonly port: number,
    readonly dir: string,
  ) {}

  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  async start(): Promise<void> {
    if (await this.answers())
      throw new Error(`something already answers on port ${this.port}; pick another with --redis-port`);
    mkdirSync(this.dir, { recursive: true });
    const child = spawn(
      'redis-server',
      [
        ...['--port', String(this.port), '--bind', '127.0.0.1', '--dir', this.dir],
        ...['--appendonly', 'yes', '--appendfsync', 'everysec', '--maxmemory-policy', 'noeviction'],
        // No RDB snapshots: what survives a kill is what the AOF kept.
        ...['--save', ''],
      ],
      { stdio: 'ignore' },
    );
    child.once('error', () => undefined);
    this.child = child;
    onExit(() => child.kill('SIGKILL'));
    for (let i = 0; i < 100; i += 1) {
      if (await this.answers()) return;
      if (child.exitCode !== null) break;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    throw new Error(`redis-server did not start on port ${this.port} (is redis-server on PATH?)`);
  }

  /** SIGKILL: no shutdown, no final AOF write; up to a second of writes is lost by design (everysec). */
  async kill(): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGKILL');
    await exited;
    this.child = null;
    this.admin?.disconnect();
    this.admin = null;
  }

  async flushAll(): Promise<void> {
    await this.client().flushall();
  }

  /** The drills' own connection (for reading queues); a command fails after one retry while Redis is down. */
  client(): Redis {
    if (!this.admin) {
      this.admin = new Redis(this.url, { maxRetriesPerRequest: 1 });
      this.admin.on('error', () => undefined);
    }
    return this.admin;
  }

  async stop(): Promise<void> {
    this.admin?.disconnect();
    this.admin = null;
    await this.kill();
  }

  private async answers(): Promise<boolean> {
    const probe = new Redis(this.url, {
      lazyConnect: true,
      maxRetriesPerRequest: 0,
      retryStrategy: () => null,
    });
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
}
