import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface FakeRequest {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
}

export interface FakeResponse {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
}

/** The plumbing of the platform fakes: a real HTTP server, a request log, and failures injected ahead of time. */
export abstract class FakeHttpServer {
  readonly requests: (FakeRequest & { status: number })[] = [];
  private readonly injected: FakeResponse[] = [];
  private readonly server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const request = {
        method: req.method ?? 'GET',
        path: req.url ?? '/',
        headers: req.headers,
        body: Buffer.concat(chunks).toString('utf8'),
      };
      const response = this.injected.shift() ?? this.handle(request);
      this.requests.push({ ...request, status: response.status });
      res.writeHead(response.status, {
        'content-type': 'application/json; charset=utf-8',
        ...response.headers,
      });
      res.end(JSON.stringify(response.body));
    });
  });
  url = '';

  protected abstract handle(request: FakeRequest): FakeResponse;

  async start(): Promise<this> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  /** The next requests get these answers instead of being handled (e.g. a 503 or a 429 with Retry-After). */
  failNext(...responses: FakeResponse[]): void {
    this.injected.push(...responses);
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}

export const HASH = /^[0-9a-f]{64}$/;
