import { Inject, Injectable, Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Clock } from '../../common/clock';
import { retryWrite } from '../../common/retry-write';
import { APP_CONFIG, type AppConfig } from '../../config/app-config';
import { rows } from '../../database/sql';
import { QueueService } from '../../scheduling/queue.service';
import { DEFAULT_RATE_PER_MINUTE } from '../destination-config.schema';
import { type Destination, DestinationsService } from '../destinations.service';
import type { CallContext } from './destination-adapter';
import { adapterFor } from './destination-adapters';
import { DestinationRateLimiter } from './destination-rate-limiter';
import { holdLease, LEASE_MS } from './delivery-lease';
import { recordFinal } from './delivery-outcome';
import { OutboundNetworkError, sendHttp } from './outbound-http';
import { type CallResult, type NextStep, type RetrySchedule, nextStep } from './retry-schedule';

interface ClaimedDelivery {
  id: string;
  workspace_id: string;
  destination_id: string;
  kind: CallContext['kind'];
  effect_id: string | null;
  request: Record<string, unknown>;
  state: Record<string, unknown>;
  attempts: number;
  round_attempts: number;
}

/** The `deliver` job id of attempt `attempt`: a retry already scheduled in Redis is not added twice. */
export const deliverJobId = (deliveryId: string, attempt: number) => `${deliveryId}.a${attempt}`;

/**
 * Makes one attempt of a destination delivery when it is due: claims the row (a lease, so a crashed worker's
 * claim expires), calls the adapter, records the attempt, then schedules the next one or records the outcome.
 */
@Injectable()
export class DeliveryRunner {
  private readonly logger = new Logger(DeliveryRunner.name);

  constructor(
    private readonly dataSource: DataSource,
    private readonly queues: QueueService,
    private readonly limiter: DestinationRateLimiter,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  schedule(): RetrySchedule {
    const scale = this.config.TIME_SCALE;
    return {
      baseMs: this.config.DELIVERY_BACKOFF_BASE_MS / scale,
      capMs: this.config.DELIVERY_BACKOFF_CAP_MS / scale,
      maxAttempts: this.config.DELIVERY_MAX_ATTEMPTS,
    };
  }

  async attempt(deliveryId: string): Promise<void> {
    const [due] = await rows<{ destination_id: string; attempts: number }>(
      this.dataSource,
      `SELECT destination_id, attempts FROM destination_deliveries
        WHERE id = $1 AND ((status = 'pending' AND next_attempt_at <= $2) OR (status = 'sending' AND lease_until < $2))`,
      [deliveryId, this.clock.now()],
    );
    if (!due) return;
    const destination = await DestinationsService.byId(this.dataSource, due.destination_id);
    if (!destination) throw new Error(`delivery ${deliveryId}: destination ${due.destination_id} is gone`);
    const perMinute = Number(destination.config.ratePerMinute ?? DEFAULT_RATE_PER_MINUTE[destination.type]);
    const wait = await this.limiter.take(destination.id, perMinute);
    if (wait > 0) return this.postpone(deliveryId, due.attempts, wait);
    const claimed = await this.claim(deliveryId);
    if (!claimed) return;
    const release = holdLease(this.dataSource, this.clock, claimed);
    try {
      const started = Date.now();
      const result = await this.call(claimed, destination);
      const next = nextStep(result, claimed.round_attempts, this.schedule());
      // The call is made: a failed job would repeat it after the lease, so the record waits out a database outage.
      await retryWrite(() => this.record(claimed, destination, result, next, started), {
        onRetry: (error, attempt, delayMs) =>
          this.logger.warn(
            `recording delivery ${deliveryId} failed (try ${attempt}), again in ${delayMs} ms: ${error.message}`,
          ),
      });
    } finally {
      release();
    }
  }

  private async claim(deliveryId: string): Promise<ClaimedDelivery | null> {
    const now = this.clock.now();
    const [claimed] = await rows<ClaimedDelivery>(
      this.dataSource,
      `UPDATE destination_deliveries
          SET status = 'sending', lease_until = $3, attempts = attempts + 1, round_attempts = round_attempts + 1, updated_at = $2
        WHERE id = $1 AND ((status = 'pending' AND next_attempt_at <= $2) OR (status = 'sending' AND lease_until < $2))
        RETURNING id, workspace_id, destination_id, kind, effect_id, request, state, attempts, round_attempts`,
      [deliveryId, now, new Date(now.getTime() + LEASE_MS)],
    );
    return claimed ?? null;
  }

  private async call(delivery: ClaimedDelivery, destination: Destination): Promise<CallResult> {
    const context: CallContext = {
      deliveryId: delivery.id,
      kind: delivery.kind,
      destination,
      request: delivery.request,
      state: delivery.state,
      now: this.clock.now(),
      saveState: async (state) => {
        await this.dataSource.query(`UPDATE destination_deliveries SET state = $2 WHERE id = $1`, [
          delivery.id,
          JSON.stringify(state),
        ]);
      },
      http: (request) =>
        sendHttp({
          ...request,
          connectTimeoutMs: this.config.DELIVERY_CONNECT_TIMEOUT_MS,
          responseTimeoutMs: this.config.DELIVERY_RESPONSE_TIMEOUT_MS,
        }),
    };
    try {
      return await adapterFor(destination.type).call(context);
    } catch (error) {
      // No answer (network, timeout) or an answer the adapter could not read: worth another try either way.
      const message =
        error instanceof OutboundNetworkError ? error.message : `unexpected: ${(error as Error).message}`;
      return { kind: 'transient', httpStatus: null, error: message };
    }
  }

  private async record(
    delivery: ClaimedDelivery,
    destination: Destination,
    result: CallResult,
    next: NextStep,
    started: number,
  ): Promise<void> {
    const now = this.clock.now();
    const nextAt = next.outcome === 'retry' ? new Date(now.getTime() + next.delayMs) : null;
    const status = next.outcome === 'retry' ? 'pending' : next.outcome;
    const error = result.kind === 'sent' ? null : result.error;
    const recorded = await this.dataSource.transaction(async (manager) => {
      // Only while this attempt still holds the row: an erasure may have cancelled it meanwhile.
      const [held] = await rows<{ id: string }>(
        manager,
        `UPDATE destination_deliveries SET status = $2, next_attempt_at = $3, lease_until = NULL, last_http_status = $4,
                last_error = $5, updated_at = $6, sent_at = CASE WHEN $2 = 'sent' THEN $6::timestamptz ELSE sent_at END
          WHERE id = $1 AND status = 'sending' RETURNING id`,
        [
          delivery.id,
          status,
          nextAt,
          result.httpStatus,
          next.outcome === 'failed' ? next.reason : error,
          now,
        ],
      );
      if (!held) return false;
      await manager.query(
        `INSERT INTO destination_delivery_attempts (delivery_id, attempt, workspace_id, started_at, duration_ms, outcome, http_status, error, next_attempt_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) ON CONFLICT DO NOTHING`,
        [
          delivery.id,
          delivery.attempts,
          delivery.workspace_id,
          new Date(started),
          Date.now() - started,
          next.outcome,
          result.httpStatus,
          error,
          nextAt,
        ],
      );
      if (next.outcome === 'retry') return true;
      const finished = {
        id: delivery.id,
        kind: delivery.kind,
        effectId: delivery.effect_id,
        destinationKey: destination.key,
      };
      await recordFinal(
        manager,
        finished,
        next.outcome === 'sent'
          ? { sent: true, httpStatus: result.httpStatus ?? 0 }
          : { sent: false, reason: next.reason },
        now,
      );
      return true;
    });
    if (!recorded) return;
    if (next.outcome === 'failed')
      this.logger.warn(`delivery ${delivery.id} to ${destination.key} failed: ${next.reason}`);
    if (next.outcome === 'retry')
      await this.enqueue(deliverJobId(delivery.id, delivery.attempts + 1), delivery.id, next.delayMs);
  }

  /** Rate limited: the same attempt, later; nothing counted. */
  private async postpone(deliveryId: string, attempts: number, waitMs: number): Promise<void> {
    const at = new Date(this.clock.now().getTime() + waitMs);
    await this.dataSource.query(
      `UPDATE destination_deliveries SET next_attempt_at = GREATEST(next_attempt_at, $2) WHERE id = $1 AND status = 'pending'`,
      [deliveryId, at],
    );
    await this.enqueue(`${deliverJobId(deliveryId, attempts + 1)}.w${at.getTime()}`, deliveryId, waitMs);
  }

  async enqueue(jobId: string, deliveryId: string, delayMs = 0): Promise<void> {
    await this.queues
      .enqueue([{ name: 'deliver', id: jobId, data: { deliveryId }, delayMs }])
      .catch((error: Error) =>
        this.logger.warn(`enqueue ${jobId} failed, left to the sweeper: ${error.message}`),
      );
  }
}
