import { Inject, Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import type { Redis } from 'ioredis';
import { DataSource } from 'typeorm';
import { Clock } from '../common/clock';
import { PeriodicTask } from '../common/periodic-task';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { rows } from '../database/sql';
import { effectJob, type JobRequest } from './queue-catalogue';
import { QueueService } from './queue.service';
import { REDIS } from './redis.provider';

const PAGE = 2_000;
/** A job this late is taken as lost; re-adding one that still exists is a no-op (same job id). */
const GRACE_MS = 10_000;

interface PendingEffect {
  id: string;
  kind: string;
  due_at: Date;
}

/**
 * Postgres is the truth, Redis only holds jobs: this re-enqueues events not routed and effects not done. It reads
 * indexed due-time ranges only; a full pass over pending effects happens only when Redis has lost its data.
 */
@Injectable()
export class ReconcilerService implements OnApplicationShutdown {
  private readonly logger = new Logger(ReconcilerService.name);
  private readonly task = new PeriodicTask('reconcile', () => this.reconcile(), this.logger);

  constructor(
    private readonly dataSource: DataSource,
    private readonly queues: QueueService,
    private readonly clock: Clock,
    @Inject(REDIS) private readonly redis: Redis,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  start(): void {
    this.task.start(this.config.RECONCILE_INTERVAL_MS, true);
  }

  /** One pass; returns how many jobs it (re-)enqueued. */
  async reconcile(): Promise<{ events: number; effects: number; redisWasEmpty: boolean }> {
    const marker = `${this.config.QUEUE_PREFIX}:reconciler:epoch`;
    const state = await this.redis.get(marker);
    // Missing: Redis lost its data. 'full': a full pass began and did not finish (a crash, or another flush).
    const redisWasEmpty = state !== 'done';
    if (redisWasEmpty) await this.redis.set(marker, 'full');
    const now = this.clock.now();
    const cutoff = redisWasEmpty ? now : new Date(now.getTime() - GRACE_MS);
    const events = await this.requeueEvents(cutoff, !redisWasEmpty);
    const effects = await this.requeueEffects(redisWasEmpty ? null : cutoff, now, !redisWasEmpty);
    // Only a finished full pass clears the flag; if Redis was flushed meanwhile the key is gone and the next
    // pass is a full one again.
    if (redisWasEmpty) await this.redis.set(marker, 'done', 'XX');
    if (events + effects > 0) {
      this.logger.log(
        `re-enqueued ${events} event(s) and ${effects} effect(s)${redisWasEmpty ? ' (Redis had no jobs)' : ''}`,
      );
    }
    return { events, effects, redisWasEmpty };
  }

  private async requeueEvents(cutoff: Date, overdue: boolean): Promise<number> {
    let total = 0;
    for (let after = new Date(0); ;) {
      const page = await rows<{ id: string; received_at: Date }>(
        this.dataSource,
        `SELECT id, received_at FROM events WHERE routed_at IS NULL AND received_at < $1 AND received_at >= $2
          ORDER BY received_at LIMIT $3`,
        [cutoff, after, PAGE],
      );
      await this.enqueue(
        page.map(({ id }) => ({ name: 'route-event', id, data: { eventId: id } })),
        overdue,
      );
      total += page.length;
      if (page.length < PAGE) return total;
      after = page[page.length - 1].received_at;
    }
  }

  /** Pending effects due before `dueBefore` (all of them when null), keyset-paged on (due_at, id). */
  private async requeueEffects(dueBefore: Date | null, now: Date, overdue: boolean): Promise<number> {
    let total = 0;
    let cursor: [Date, string] = [new Date(0), ''];
    for (;;) {
      const page = await rows<PendingEffect>(
        this.dataSource,
        `SELECT id, kind, due_at FROM effects
          WHERE status = 'pending' AND ($1::timestamptz IS NULL OR due_at < $1) AND (due_at, id) > ($2, $3)
          ORDER BY due_at, id LIMIT $4`,
        [dueBefore, cursor[0], cursor[1], PAGE],
      );
      await this.enqueue(
        page.map((effect) => this.job(effect, now)),
        overdue,
      );
      total += page.length;
      if (page.length < PAGE) return total;
      const last = page[page.length - 1];
      cursor = [last.due_at, last.id];
    }
  }

  /**
   * Overdue work is usually still queued behind a backlog, or sits in BullMQ's failed set (retries used up): only
   * what Redis lost, or holds as failed, is added again.
   */
  private async enqueue(jobs: JobRequest[], overdue: boolean): Promise<void> {
    await this.queues.enqueue(overdue ? await this.queues.notQueued(jobs) : jobs);
  }

  private job(effect: PendingEffect, now: Date): JobRequest {
    return effectJob(effect.kind, effect.id, Math.max(0, effect.due_at.getTime() - now.getTime()));
  }

  async onApplicationShutdown(): Promise<void> {
    await this.task.stop();
  }
}
