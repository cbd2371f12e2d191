import { BeforeApplicationShutdown, Inject, Injectable, Logger } from '@nestjs/common';
import { DelayedError, Worker, type Job } from 'bullmq';
import type { Redis } from 'ioredis';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { JOB_HANDLERS, type JobDelay, type JobHandlers } from './job-handlers';
import { JOB_NAMES, JOB_QUEUE, QUEUES, type JobName } from './queue-catalogue';
import { REDIS } from './redis.provider';
import { backoffDelay, MAX_ATTEMPTS } from './retry-policy';

/** Runs the BullMQ workers of the worker role; processors only read ids and call one service method. */
@Injectable()
export class WorkerHost implements BeforeApplicationShutdown {
  private readonly logger = new Logger(WorkerHost.name);
  private workers: Worker[] = [];

  constructor(
    @Inject(REDIS) private readonly redis: Redis,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(JOB_HANDLERS) private readonly handlers: JobHandlers,
  ) {}

  start(): void {
    const missing = JOB_NAMES.filter((name) => typeof this.handlers[name] !== 'function');
    if (missing.length > 0) throw new Error(`no handler for job(s): ${missing.join(', ')}`);
    this.workers = Object.values(QUEUES).map((queueName) => {
      const worker = new Worker(queueName, (job: Job, token?: string) => this.process(job, token), {
        connection: this.redis,
        prefix: this.config.QUEUE_PREFIX,
        concurrency: this.config.WORKER_CONCURRENCY,
        lockDuration: this.config.JOB_LOCK_MS,
        // A crashed worker's jobs are taken over at the first check after their locks lapse (5 s by default).
        stalledInterval: Math.round(this.config.JOB_LOCK_MS / 6),
        maxStalledCount: 1_000,
        settings: { backoffStrategy: (attemptsMade: number) => backoffDelay(attemptsMade) },
      });
      worker.on('failed', (job, error) =>
        this.logger.warn(
          `${queueName} job ${job?.name} ${job?.id} failed (try ${job?.attemptsMade}): ${error.message}`,
        ),
      );
      worker.on('error', (error) => this.logger.error(`${queueName} worker: ${error.message}`));
      return worker;
    });
    this.logger.log(`workers started on ${Object.values(QUEUES).join(', ')}`);
  }

  private async process(job: Job, token?: string): Promise<void> {
    const name = job.name as JobName;
    if (!(name in JOB_QUEUE)) throw new Error(`unknown job name ${job.name}`);
    const handler = this.handlers[name] as (data: unknown, context: unknown) => Promise<void | JobDelay>;
    const result = await handler(job.data, {
      attempt: job.attemptsMade + 1,
      maxAttempts: MAX_ATTEMPTS[name],
    });
    if (!result) return;
    // Same job id, no attempt used: the reconciler still finds it by the effect id, and the retry budget stays whole.
    await job.moveToDelayed(Date.now() + Math.max(0, result.delayMs), token);
    throw new DelayedError();
  }

  /** Stop taking work and let in-flight jobs finish before the pools close. */
  async beforeApplicationShutdown(): Promise<void> {
    await Promise.all(this.workers.map((worker) => worker.close()));
    this.workers = [];
  }
}
