import { randomBytes } from 'node:crypto';
import { type FakeRequest, type FakeResponse, FakeHttpServer, HASH } from './fake-http-server';

const KEYS = ['EMAIL_SHA256', 'PHONE_SHA256'] as const;
const MAX_ROWS = 10_000;

/**
 * Meta's Marketing API for Custom Audience users, strict about the request: `POST` (add) and `DELETE` (remove)
 * `/{version}/{audienceId}/users`, a Bearer access token, a form body with `payload={schema, data}`, a known
 * hashed schema, rows as long as the schema, SHA-256 hex values, at most 10,000 rows. Wrong requests get Graph
 * API errors (`{ error: { message, type, code, fbtrace_id } }`).
 */
export class FakeMeta extends FakeHttpServer {
  /** Audience id -> identifiers (`EMAIL_SHA256:<hash>`) currently in it. */
  readonly audiences = new Map<string, Set<string>>();
  /** Every accepted call: method, schema and row count. */
  readonly calls: { method: string; audienceId: string; schema: string[]; rows: string[][] }[] = [];

  constructor(
    readonly accessToken: string,
    audienceIds: string[],
    readonly version = 'v21.0',
  ) {
    super();
    for (const id of audienceIds) this.audiences.set(id, new Set());
  }

  get baseUrl(): string {
    return `${this.url}/${this.version}`;
  }

  has(audienceId: string, key: 'EMAIL_SHA256' | 'PHONE_SHA256', hash: string): boolean {
    return this.audiences.get(audienceId)?.has(`${key}:${hash}`) ?? false;
  }

  protected handle(request: FakeRequest): FakeResponse {
    const match = new RegExp(`^/${this.version.replace('.', '\\.')}/(\\d+)/users$`).exec(request.path);
    if (!match) return graphError(404, 'Unknown path components', 2500, 'OAuthException');
    if (request.method !== 'POST' && request.method !== 'DELETE')
      return graphError(400, 'Unsupported request - method type: get', 100);
    if (request.headers.authorization !== `Bearer ${this.accessToken}`)
      return graphError(400, 'Invalid OAuth access token - Cannot parse access token', 190, 'OAuthException');
    const audience = this.audiences.get(match[1]);
    if (!audience)
      return graphError(400, `Unsupported post request. Object with ID '${match[1]}' does not exist`, 100);
    if (!String(request.headers['content-type']).startsWith('application/x-www-form-urlencoded'))
      return graphError(400, '(#100) The parameter payload is required', 100);
    const raw = new URLSearchParams(request.body).get('payload');
    if (!raw) return graphError(400, '(#100) The parameter payload is required', 100);
    const problem = payloadProblem(raw);
    if (typeof problem === 'string') return graphError(400, `(#100) ${problem}`, 100);
    const { schema, data } = problem;
    for (const row of data)
      row.forEach((value, i) => {
        if (!value) return;
        if (request.method === 'POST') audience.add(`${schema[i]}:${value}`);
        else audience.delete(`${schema[i]}:${value}`);
      });
    this.calls.push({ method: request.method, audienceId: match[1], schema, rows: data });
    return {
      status: 200,
      body: {
        audience_id: match[1],
        session_id: randomBytes(8).readBigUInt64BE().toString(),
        num_received: data.length,
        num_invalid_entries: 0,
        invalid_entry_samples: {},
      },
    };
  }
}

function payloadProblem(raw: string): string | { schema: string[]; data: string[][] } {
  let payload: { schema?: unknown; data?: unknown };
  try {
    payload = JSON.parse(raw) as typeof payload;
  } catch {
    return 'payload must be valid JSON';
  }
  const schema = typeof payload.schema === 'string' ? [payload.schema] : payload.schema;
  if (!Array.isArray(schema) || schema.length === 0) return 'schema must be a key or a list of keys';
  if (
    schema.some((key) => !(KEYS as readonly unknown[]).includes(key)) ||
    new Set(schema).size !== schema.length
  )
    return `schema keys must be distinct, from ${KEYS.join(', ')}`;
  if (!Array.isArray(payload.data) || payload.data.length === 0) return 'data must be a non-empty list';
  if (payload.data.length > MAX_ROWS) return `too many records in one request: at most ${MAX_ROWS}`;
  for (const row of payload.data) {
    if (!Array.isArray(row) || row.length !== schema.length)
      return 'each data row must match the schema length';
    if (row.some((value) => typeof value !== 'string' || (value !== '' && !HASH.test(value))))
      return 'values must be SHA-256 hex digests of normalised data';
    if (row.every((value) => value === '')) return 'a row needs at least one identifier';
  }
  return { schema: schema as string[], data: payload.data as string[][] };
}

function graphError(status: number, message: string, code: number, type = 'OAuthException'): FakeResponse {
  return {
    status,
    body: { error: { message, type, code, fbtrace_id: randomBytes(8).toString('base64url') } },
  };
}
