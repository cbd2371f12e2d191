import { Inject, Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { JOB_QUEUE, QUEUES, type JobName, type JobRequest, type QueueName } from './queue-catalogue';
import { MAX_ATTEMPTS } from './retry-policy';
import { REDIS } from './redis.provider';

/** The one place that enqueues. Job ids are the event or effect ids, so a repeated add is harmless. */
@Injectable()
export class QueueService implements OnApplicationShutdown {
  private readonly logger = new Logger(QueueService.name);
  private readonly queues: Map<QueueName, Queue>;

  constructor(
    @Inject(REDIS) private readonly redis: Redis,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.queues = new Map(
      Object.values(QUEUES).map((name) => [
        name,
        new Queue(name, { connection: redis, prefix: config.QUEUE_PREFIX }),
      ]),
    );
  }

  queue(name: QueueName): Queue {
    const queue = this.queues.get(name);
    if (!queue) throw new Error(`unknown queue ${name}`);
    return queue;
  }

  async enqueue(jobs: JobRequest[]): Promise<void> {
    const byQueue = new Map<QueueName, JobRequest[]>();
    for (const job of jobs) {
      const name = JOB_QUEUE[job.name];
      byQueue.set(name, [...(byQueue.get(name) ?? []), job]);
    }
    await Promise.all(
      [...byQueue].map(([queueName, requests]) =>
        this.queue(queueName).addBulk(
          requests.map((request) => ({
            name: request.name,
            data: request.data,
            opts: {
              jobId: request.id,
              delay: Math.max(0, Math.round(request.delayMs ?? 0)),
              attempts: MAX_ATTEMPTS[request.name as JobName],
              backoff: { type: 'jitter' },
              removeOnComplete: true,
              removeOnFail: 1_000,
            },
          })),
        ),
      ),
    );
  }

  /**
   * Of these jobs, the ones Redis does not hold alive: absent, or in the failed set (retries used up; removed here
   * so they can be added again). One pipelined look, since a backlog of due work comes through on every pass.
   */
  async notQueued(jobs: JobRequest[]): Promise<JobRequest[]> {
    if (jobs.length === 0) return [];
    const pipeline = this.redis.pipeline();
    for (const request of jobs) {
      const queue = this.queue(JOB_QUEUE[request.name]);
      pipeline.exists(queue.toKey(request.id));
      pipeline.zscore(queue.keys.failed, request.id);
    }
    const answers = (await pipeline.exec()) ?? [];
    const failed = jobs.filter((_, i) => answers[2 * i + 1]?.[1] != null);
    await Promise.all(failed.map((request) => this.queue(JOB_QUEUE[request.name]).remove(request.id)));
    return jobs.filter((_, i) => answers[2 * i]?.[1] === 0 || answers[2 * i + 1]?.[1] != null);
  }

  /** Removes jobs whose effect was cancelled, so Redis does not keep dead timers. */
  async remove(queueName: QueueName, jobIds: string[]): Promise<void> {
    const queue = this.queue(queueName);
    await Promise.all(jobIds.map((id) => queue.remove(id).catch(() => 0)));
  }

  async ping(): Promise<boolean> {
    return (await this.redis.ping()) === 'PONG';
  }

  async onApplicationShutdown(): Promise<void> {
    await Promise.all([...this.queues.values()].map((queue) => queue.close()));
    await this.redis.quit().catch(() => undefined);
    this.logger.log('queues closed');
  }
}
