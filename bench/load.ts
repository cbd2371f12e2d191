import { Agent, request } from 'node:http';
import { summarize, type Summary } from './stats';

export interface LoadSpec {
  url: string;
  path: string;
  headers?: Record<string, string>;
  /** The body of request number i. */
  body: (i: number) => string;
  concurrency: number;
  durationMs: number;
  /** Requests per second (open loop, capped by `concurrency` in flight); absent: as fast as answers come. */
  rate?: number;
  /** Stop after this many requests even if time is left. */
  maxRequests?: number;
  /** Called for every answer with the time it arrived (ms since the epoch). */
  onResponse?: (i: number, status: number, body: string, ackMs: number) => void;
}

export interface LoadResult {
  requests: number;
  ok: number;
  /** Offered but not answered 2xx: errors, and at a fixed rate also those never sent in time. */
  failed: number;
  statuses: Record<string, number>;
  seconds: number;
  perSecond: number;
  latencyMs: Summary;
}

/** A bounded load generator over keep-alive node:http connections: a fixed pool of loops, each one request at a time. */
export async function runLoad(spec: LoadSpec): Promise<LoadResult> {
  const target = new URL(spec.url);
  const agent = new Agent({ keepAlive: true, maxSockets: spec.concurrency });
  const latencies: number[] = [];
  const statuses: Record<string, number> = {};
  let next = 0;
  let ok = 0;
  const started = performance.now();
  const deadline = started + spec.durationMs;
  const limit = spec.maxRequests ?? Infinity;

  const send = (i: number) =>
    new Promise<void>((resolve) => {
      const body = spec.body(i);
      const sentAt = performance.now();
      const req = request(
        {
          agent,
          host: target.hostname,
          port: target.port,
          method: 'POST',
          path: spec.path,
          headers: {
            'content-type': 'application/json',
            'content-length': Buffer.byteLength(body),
            ...spec.headers,
          },
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (chunk: Buffer) => chunks.push(chunk));
          res.on('end', () => {
            const ackMs = Date.now();
            latencies.push(performance.now() - sentAt);
            const status = res.statusCode ?? 0;
            statuses[status] = (statuses[status] ?? 0) + 1;
            if (status >= 200 && status < 300) ok += 1;
            spec.onResponse?.(i, status, Buffer.concat(chunks).toString('utf8'), ackMs);
            resolve();
          });
        },
      );
      req.on('error', (error) => {
        statuses[error.message] = (statuses[error.message] ?? 0) + 1;
        resolve();
      });
      req.end(body);
    });

  const loop = async () => {
    for (;;) {
      const i = next;
      if (i >= limit) return;
      if (spec.rate) {
        const due = started + (i * 1000) / spec.rate;
        // Bounded in time too: requests still unsent at the deadline (the server fell behind) count as failed.
        if (due >= deadline || performance.now() > deadline) return;
        next += 1;
        const wait = due - performance.now();
        if (wait > 1) await new Promise((resolve) => setTimeout(resolve, wait));
      } else {
        if (performance.now() > deadline) return;
        next += 1;
      }
      await send(i);
    }
  };
  await Promise.all(Array.from({ length: spec.concurrency }, loop));
  const seconds = (performance.now() - started) / 1000;
  const offered = spec.rate ? Math.min(limit, Math.floor((spec.durationMs * spec.rate) / 1000)) : next;
  agent.destroy();
  return {
    requests: latencies.length,
    ok,
    failed: offered - ok,
    statuses,
    seconds,
    perSecond: ok / seconds,
    latencyMs: summarize(latencies),
  };
}
