// A thin client for Touchpoint's public HTTP API (Node's built-in fetch only).

export interface IngestAnswer {
  accepted: number;
  duplicates: number;
  rejected: { index: number; code: string; errors: { path: string; message: string }[] }[];
}

export interface ContactRun {
  journey: string;
  flow: string;
  key: string | null;
  stage: string | null;
  status: string;
  position: string | null;
}

export interface TimelineEntry {
  at: string;
  kind: 'event' | 'step' | 'scheduled' | 'delivery';
  summary: string;
  reason?: string;
  journey?: string;
  flow?: string;
}

const RETRIES = 4;

export class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

export class TouchpointClient {
  constructor(
    readonly baseUrl: string,
    private readonly key: string,
    private readonly onRetry: (message: string) => void = () => {},
  ) {}

  /** true when /health answers 200 (API, PostgreSQL and Redis ready). */
  async healthy(): Promise<{ ok: boolean; detail: string }> {
    try {
      const response = await fetch(new URL('/health', this.baseUrl), { signal: AbortSignal.timeout(5_000) });
      return { ok: response.ok, detail: await response.text() };
    } catch (error) {
      return { ok: false, detail: (error as Error).cause ? String((error as Error).cause) : String(error) };
    }
  }

  batch(messages: unknown[]): Promise<IngestAnswer> {
    return this.request('POST', '/v1/batch', { batch: messages, sentAt: new Date().toISOString() });
  }

  /** One message through `/v1/track` or `/v1/identify`. */
  single(type: 'track' | 'identify', message: object): Promise<IngestAnswer> {
    return this.request('POST', `/v1/${type}`, { ...message, sentAt: new Date().toISOString() });
  }

  putJourney(
    key: string,
    body: unknown,
  ): Promise<{ publishedVersion: number | null; latestVersion: number }> {
    return this.request('PUT', `/v1/journeys/${encodeURIComponent(key)}?publish=true`, body);
  }

  journey(key: string): Promise<{ status: string; versions?: { version: number; activeRuns: number }[] }> {
    return this.request('GET', `/v1/journeys/${encodeURIComponent(key)}`);
  }

  contact(userId: string): Promise<{ runs: ContactRun[] }> {
    return this.request('GET', `/v1/contacts/${encodeURIComponent(userId)}`);
  }

  async timeline(userId: string): Promise<TimelineEntry[]> {
    const answer = await this.request<{ entries: TimelineEntry[] }>(
      'GET',
      `/v1/contacts/${encodeURIComponent(userId)}/timeline`,
    );
    return answer.entries;
  }

  /** The dev mailbox's messages to one address, newest first (only when the service runs without SMTP_URL). */
  async mailbox(to: string): Promise<MailboxMessage[]> {
    const answer = await this.request<{ messages: MailboxMessage[] }>(
      'GET',
      `/v1/mailbox?to=${encodeURIComponent(to)}`,
    );
    return answer.messages;
  }

  async mailboxHtml(effectId: string): Promise<string> {
    const response = await fetch(new URL(`/v1/mailbox/${encodeURIComponent(effectId)}`, this.baseUrl), {
      headers: { authorization: `Bearer ${this.key}` },
      signal: AbortSignal.timeout(30_000),
    });
    if (!response.ok) throw new HttpError(response.status, `GET mailbox ${effectId}: ${response.status}`);
    return response.text();
  }

  /**
   * Follows a link from an email as a reader's mail client would, without the API key: the open pixel, a click
   * redirect (returns where it points), or a review answer posted as the page's form does.
   */
  async visit(url: string, form?: Record<string, string>): Promise<string | null> {
    const response = await fetch(url, {
      method: form ? 'POST' : 'GET',
      redirect: 'manual',
      headers: form ? { 'content-type': 'application/x-www-form-urlencoded' } : {},
      body: form ? new URLSearchParams(form).toString() : undefined,
      signal: AbortSignal.timeout(30_000),
    });
    await response.arrayBuffer();
    if (response.status >= 400)
      throw new HttpError(response.status, `${form ? 'POST' : 'GET'} ${url}: ${response.status}`);
    return response.headers.get('location');
  }

  /**
   * Retries network errors, 429 and 5xx like a Segment client: every message has its messageId, so a retried
   * batch that was committed after all comes back as duplicates, never as double events.
   */
  private async request<T>(method: string, path: string, body?: unknown): Promise<T> {
    for (let attempt = 1; ; attempt += 1) {
      try {
        return await this.once<T>(method, path, body);
      } catch (error) {
        const transient = !(error instanceof HttpError) || error.status === 429 || error.status >= 500;
        if (!transient || attempt >= RETRIES) throw error;
        this.onRetry(
          `${method} ${path} failed (${(error as Error).message.slice(0, 120)}), retry ${attempt}`,
        );
        await new Promise((resolve) => setTimeout(resolve, 1000 * 2 ** (attempt - 1)));
      }
    }
  }

  private async once<T>(method: string, path: string, body?: unknown): Promise<T> {
    const response = await fetch(new URL(path, this.baseUrl), {
      method,
      headers: {
        authorization: `Bearer ${this.key}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(30_000),
    });
    const text = await response.text();
    if (!response.ok) throw new HttpError(response.status, `${method} ${path}: ${response.status} ${text}`);
    return JSON.parse(text) as T;
  }
}

export interface MailboxMessage {
  effectId: string;
  to: string;
  subject: string;
  createdAt: string;
}

/** Maps with at most `limit` calls in flight; results keep the input order. */
export async function mapLimit<T, R>(items: T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await fn(items[index]);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}
