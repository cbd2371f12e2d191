import http from 'node:http';
import https from 'node:https';

export interface OutboundRequest {
  method: 'POST' | 'DELETE';
  url: string;
  headers: Record<string, string>;
  body: string;
  connectTimeoutMs: number;
  /** From connected to the whole response read. */
  responseTimeoutMs: number;
}

export interface OutboundResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  /** The first 64 KB of the body. */
  body: string;
}

/** A call that got no HTTP answer: refused, reset, DNS, or out of time. Always worth retrying. */
export class OutboundNetworkError extends Error {}

const MAX_BODY = 64 * 1024;

/** One HTTP call with a short connect timeout and a separate response timeout; no redirects are followed. */
export function sendHttp(request: OutboundRequest): Promise<OutboundResponse> {
  const url = new URL(request.url);
  const client = url.protocol === 'https:' ? https : http;
  return new Promise((resolve, reject) => {
    let timer: NodeJS.Timeout | undefined;
    const fail = (message: string) => {
      clearTimeout(timer);
      req.destroy();
      reject(new OutboundNetworkError(message));
    };
    const req = client.request(url, {
      method: request.method,
      headers: { ...request.headers, 'content-length': String(Buffer.byteLength(request.body)) },
      agent: false,
    });
    timer = setTimeout(
      () => fail(`no connection within ${request.connectTimeoutMs} ms`),
      request.connectTimeoutMs,
    );
    req.on('socket', (socket) => {
      const connected = () => {
        clearTimeout(timer);
        timer = setTimeout(
          () => fail(`no response within ${request.responseTimeoutMs} ms`),
          request.responseTimeoutMs,
        );
      };
      if (socket.connecting) socket.once(url.protocol === 'https:' ? 'secureConnect' : 'connect', connected);
      else connected();
    });
    req.on('error', (error) => fail(error.message));
    req.on('response', (response) => {
      const chunks: Buffer[] = [];
      let size = 0;
      response.on('data', (chunk: Buffer) => {
        if (size < MAX_BODY) chunks.push(chunk);
        size += chunk.length;
      });
      response.on('error', (error) => fail(error.message));
      response.on('end', () => {
        clearTimeout(timer);
        const body = Buffer.concat(chunks).toString('utf8').slice(0, MAX_BODY);
        resolve({ status: response.statusCode ?? 0, headers: response.headers, body });
      });
    });
    req.end(request.body);
  });
}
