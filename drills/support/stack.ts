import { createServer, type AddressInfo } from 'node:net';
import { WorkerProcess } from '../../test/support/worker-process';

export const DRILL_KEY = 'tp_drill_key_0123456789';

export interface StackOptions {
  /** The compiled tree to run (see prepareBuild). */
  dist: string;
  databaseUrl: string;
  redisUrl: string;
  /** SMTP URL per worker slot; the number of workers is its length. */
  smtpUrls: string[];
  /** Extra environment for every process. */
  env?: Record<string, string>;
}

export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/**
 * Touchpoint as production runs it: one API process and worker processes (`node dist/src/main.js`, ROLE=api and
 * ROLE=worker), each a real OS process that a drill can SIGKILL.
 */
export class Stack {
  readonly workers: (WorkerProcess | null)[];
  /** Every worker process ever started, killed ones too, for their output on failure. */
  readonly history: WorkerProcess[] = [];
  private starts = 0;

  private constructor(
    private readonly options: StackOptions,
    readonly api: WorkerProcess,
    readonly url: string,
  ) {
    this.workers = options.smtpUrls.map(() => null);
  }

  static async start(options: StackOptions): Promise<Stack> {
    const port = await freePort();
    // The API applies the migrations; the workers start after it and skip them.
    const api = WorkerProcess.start('api', options.dist, {
      ...Stack.env(options, options.smtpUrls[0]),
      ROLE: 'api',
      PORT: String(port),
      HOST: '127.0.0.1',
      MIGRATIONS_RUN: 'auto',
    });
    await api.waitForOutput(/listening on/, 60_000);
    const stack = new Stack(options, api, `http://127.0.0.1:${port}`);
    for (let slot = 0; slot < options.smtpUrls.length; slot += 1) await stack.startWorker(slot);
    return stack;
  }

  private static env(options: StackOptions, smtpUrl: string): Record<string, string> {
    return {
      DATABASE_URL: options.databaseUrl,
      REDIS_URL: options.redisUrl,
      QUEUE_PREFIX: 'tpdrill',
      SMTP_URL: smtpUrl,
      API_KEYS: DRILL_KEY,
      MIGRATIONS_RUN: 'skip',
      LOG_LEVEL: 'log',
      ...options.env,
    };
  }

  async startWorker(slot: number): Promise<WorkerProcess> {
    this.starts += 1;
    const worker = WorkerProcess.start(`worker-${slot}#${this.starts}`, this.options.dist, {
      ...Stack.env(this.options, this.options.smtpUrls[slot]),
      ROLE: 'worker',
    });
    this.workers[slot] = worker;
    this.history.push(worker);
    await worker.waitForOutput(/workers started/, 60_000);
    return worker;
  }

  /** SIGKILL, sent synchronously (a drill may call this from inside an SMTP reply); resolves once it is gone. */
  kill(slot: number): Promise<void> {
    const worker = this.workers[slot];
    this.workers[slot] = null;
    return worker ? worker.kill() : Promise.resolve();
  }

  /** Calls the API with the drills' key; network errors come back as status 0. */
  async request(method: string, path: string, body?: unknown, timeoutMs = 60_000): Promise<Answer> {
    const started = performance.now();
    try {
      const response = await fetch(`${this.url}${path}`, {
        method,
        headers: {
          authorization: `Bearer ${DRILL_KEY}`,
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(timeoutMs),
      });
      const text = await response.text();
      return { status: response.status, body: parse(text), ms: performance.now() - started };
    } catch (error) {
      return { status: 0, body: String((error as Error).message), ms: performance.now() - started };
    }
  }

  /** Output of every process, last lines first, for a failure report. */
  logs(): string {
    return [this.api, ...this.history]
      .map(
        (process) => `--- ${process.name} ${JSON.stringify(process.exit)}\n${process.output.slice(-3_000)}`,
      )
      .join('\n');
  }

  async stop(): Promise<void> {
    await WorkerProcess.stopAll();
  }
}

export interface Answer {
  status: number;
  body: unknown;
  ms: number;
}

function parse(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}
