import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Clock } from '../../common/clock';
import { PeriodicTask } from '../../common/periodic-task';
import { APP_CONFIG, type AppConfig } from '../../config/app-config';
import { rows } from '../../database/sql';
import { QueueService } from '../../scheduling/queue.service';
import { flushJob } from '../audiences/audience-flush-job';
import { deliverJobId } from './delivery-runner.service';

/** A job this late is taken as lost; re-adding one that is still in Redis is a no-op (same job id). */
const GRACE_MS = 10_000;
const PAGE = 2_000;

/**
 * Postgres holds every delivery and buffered audience change; this re-enqueues the jobs Redis lost: attempts
 * overdue, leases of crashed workers expired, audience buffers not flushed after their window.
 */
@Injectable()
export class DeliverySweeper implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(DeliverySweeper.name);
  private readonly task = new PeriodicTask('delivery sweep', () => this.sweep(), this.logger);

  constructor(
    private readonly dataSource: DataSource,
    private readonly queues: QueueService,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    if (this.config.ROLE === 'api') return;
    this.task.start(this.config.RECONCILE_INTERVAL_MS);
  }

  /** One pass; returns how many jobs it (re-)enqueued. */
  async sweep(): Promise<number> {
    const now = this.clock.now();
    const late = new Date(now.getTime() - GRACE_MS);
    const overdue = await rows<{ id: string; attempts: number; status: string }>(
      this.dataSource,
      `SELECT id, attempts, status FROM destination_deliveries
        WHERE status IN ('pending', 'sending') AND next_attempt_at < $1
          AND (status = 'pending' OR lease_until < $2)
        ORDER BY next_attempt_at LIMIT $3`,
      [late, now, PAGE],
    );
    const buffers = await rows<{ destination_id: string }>(
      this.dataSource,
      `SELECT DISTINCT destination_id FROM audience_updates WHERE flushed_at IS NULL AND created_at < $1`,
      [new Date(late.getTime() - this.config.AUDIENCE_BATCH_WINDOW_MS)],
    );
    const jobs = [
      ...overdue.map(({ id, attempts, status }) => ({
        name: 'deliver' as const,
        // A crashed worker's attempt was counted already; its job id is not reused.
        id: status === 'sending' ? `${deliverJobId(id, attempts)}.lease` : deliverJobId(id, attempts + 1),
        data: { deliveryId: id },
      })),
      ...buffers.map(({ destination_id }) =>
        flushJob(destination_id, now, this.config.AUDIENCE_BATCH_WINDOW_MS, 0),
      ),
    ];
    if (jobs.length > 0) {
      await this.queues.enqueue(jobs);
      this.logger.debug(`re-enqueued ${overdue.length} delivery attempt(s) and ${buffers.length} flush(es)`);
    }
    return jobs.length;
  }

  async onApplicationShutdown(): Promise<void> {
    await this.task.stop();
  }
}
