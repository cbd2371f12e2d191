import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { cpSync, rmSync } from 'node:fs';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..');
const live = new Set<WorkerProcess>();

// Last resort if Jest exits without running afterAll: no worker may outlive the test process.
process.once('exit', () => {
  for (const worker of live) worker.child.kill('SIGKILL');
});

/**
 * Compiles dist/ when a source is newer (a no-op otherwise) and copies it for this test file, so every worker it
 * starts runs the same code even if another build rewrites dist/ meanwhile. The copy sits under node_modules/ so
 * that the compiled code still resolves its packages; `removeBuild` deletes it.
 */
export function prepareBuild(): string {
  execFileSync(process.execPath, [join(ROOT, 'scripts', 'build-if-stale.cjs')], {
    cwd: ROOT,
    stdio: 'inherit',
    timeout: 170_000,
  });
  const copy = join(ROOT, 'node_modules', '.cache', `touchpoint-test-dist-${process.pid}`);
  rmSync(copy, { recursive: true, force: true });
  cpSync(join(ROOT, 'dist'), copy, { recursive: true });
  return copy;
}

export function removeBuild(dist: string): void {
  rmSync(dist, { recursive: true, force: true });
}

/** `node <dist>/src/main.js` as a child process (a worker, usually), with its output kept for failure messages. */
export class WorkerProcess {
  readonly child: ChildProcess;
  /** The tail of stdout and stderr. */
  output = '';
  /** Set when the process ended; `killed` tells a kill by this class from a crash. */
  exit: { code: number | null; signal: NodeJS.Signals | null; killed: boolean } | null = null;
  private killing = false;
  private readonly exited: Promise<void>;

  private constructor(
    readonly name: string,
    dist: string,
    env: Record<string, string>,
  ) {
    this.child = spawn(process.execPath, [join(dist, 'src', 'main.js')], {
      cwd: ROOT,
      // Only what the caller sets (and PATH): no configuration leaks in from the test runner's environment.
      env: { PATH: process.env.PATH ?? '', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    live.add(this);
    const keep = (chunk: Buffer) => {
      this.output = (this.output + chunk.toString('utf8')).slice(-20_000);
    };
    this.child.stdout!.on('data', keep);
    this.child.stderr!.on('data', keep);
    this.exited = new Promise((resolve) =>
      this.child.once('exit', (code, signal) => {
        this.exit = { code, signal, killed: this.killing };
        live.delete(this);
        resolve();
      }),
    );
  }

  /** `dist` is the compiled tree to run, from `prepareBuild`. */
  static start(name: string, dist: string, env: Record<string, string>): WorkerProcess {
    return new WorkerProcess(name, dist, env);
  }

  get pid(): number {
    return this.child.pid!;
  }

  /** Resolves once the output matches `pattern` (e.g. the "workers started" line); fails if the process ends. */
  async waitForOutput(pattern: RegExp, timeoutMs = 30_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!pattern.test(this.output)) {
      if (this.exit) throw new Error(`${this.name} exited (${JSON.stringify(this.exit)}):\n${this.output}`);
      if (Date.now() > deadline)
        throw new Error(`${this.name}: no ${pattern} after ${timeoutMs} ms:\n${this.output}`);
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  }

  /** SIGKILL: no shutdown hooks, no cleanup; open sockets are closed by the kernel. */
  async kill(): Promise<void> {
    this.killing = true;
    if (!this.exit) this.child.kill('SIGKILL');
    await this.exited;
  }

  /** SIGTERM with a grace period, then SIGKILL. */
  async stop(graceMs = 5_000): Promise<void> {
    if (this.exit) return;
    this.killing = true;
    this.child.kill('SIGTERM');
    const timer = setTimeout(() => this.child.kill('SIGKILL'), graceMs);
    await this.exited;
    clearTimeout(timer);
  }

  /** Stops every worker this module started that is still running. */
  static async stopAll(): Promise<void> {
    await Promise.all([...live].map((worker) => worker.stop()));
  }
}
