import { Redis } from 'ioredis';

/**
 * Reads BullMQ's event streams of the given queues while a phase runs and keeps, per job id, when it was added.
 * The time is the stream entry id's millisecond part, i.e. Redis's own clock at the XADD inside the add script:
 * when the job really was enqueued, with no client-side guess.
 */
export class EnqueueWatcher {
  readonly added = new Map<string, number>();
  private readonly redis: Redis;
  private running = false;
  private loop: Promise<void> | null = null;

  constructor(
    url: string,
    private readonly streams: string[],
  ) {
    this.redis = new Redis(url, { maxRetriesPerRequest: null });
  }

  async start(): Promise<void> {
    const ids = await Promise.all(
      this.streams.map(async (key) => {
        const [last] = (await this.redis.xrevrange(key, '+', '-', 'COUNT', 1)) as [string, string[]][];
        return last?.[0] ?? '0-0';
      }),
    );
    this.running = true;
    this.loop = this.read(ids);
  }

  private async read(ids: string[]): Promise<void> {
    while (this.running) {
      const answer = (await this.redis.xread(
        'COUNT',
        20_000,
        'BLOCK',
        200,
        'STREAMS',
        ...this.streams,
        ...ids,
      )) as [string, [string, string[]][]][] | null;
      for (const [key, entries] of answer ?? []) {
        const index = this.streams.indexOf(key);
        for (const [id, fields] of entries) {
          ids[index] = id;
          if (fields[1] !== 'added') continue;
          const jobId = fields[fields.indexOf('jobId') + 1];
          if (!this.added.has(jobId)) this.added.set(jobId, Number(id.split('-')[0]));
        }
      }
    }
  }

  async stop(): Promise<void> {
    this.running = false;
    await this.loop;
    this.redis.disconnect();
  }
}
