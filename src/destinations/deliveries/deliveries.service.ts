import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { z } from 'zod';
import { Clock } from '../../common/clock';
import { DomainError, notFound } from '../../common/domain-error';
import { parseInput } from '../../common/zod-errors';
import { rows } from '../../database/sql';
import { DeliveryRunner, deliverJobId } from './delivery-runner.service';

const ListQuerySchema = z.strictObject({
  status: z.enum(['pending', 'sent', 'failed']).optional(),
  destination: z.string().min(1).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});

interface DeliveryRow {
  id: string;
  destination: string;
  kind: string;
  status: string;
  effect_id: string | null;
  contact_id: string | null;
  attempts: number;
  round_attempts: number;
  replays: number;
  next_attempt_at: Date | null;
  last_http_status: number | null;
  last_error: string | null;
  created_at: Date;
  sent_at: Date | null;
}

interface AttemptRow {
  delivery_id: string;
  attempt: number;
  started_at: Date;
  duration_ms: number;
  outcome: string;
  http_status: number | null;
  error: string | null;
  next_attempt_at: Date | null;
}

/** The delivery log of webhooks and audience uploads, and replay of dead-lettered ones. */
@Injectable()
export class DeliveriesService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly runner: DeliveryRunner,
    private readonly clock: Clock,
  ) {}

  /** Newest first; `pending` covers deliveries waiting for an attempt and those in one. */
  async list(workspaceId: string, query: unknown) {
    const { status, destination, limit } = parseInput(
      ListQuerySchema,
      query ?? {},
      'bad delivery filter',
      '$.query',
    );
    const statuses = status === 'pending' ? ['pending', 'sending'] : status ? [status] : null;
    const found = await rows<DeliveryRow>(
      this.dataSource,
      `${SELECT} WHERE d.workspace_id = $1 AND ($2::text[] IS NULL OR d.status = ANY($2)) AND ($3::text IS NULL OR t.key = $3)
        ORDER BY d.created_at DESC, d.id LIMIT $4`,
      [workspaceId, statuses, destination ?? null, limit],
    );
    const attempts = await this.attempts(found.map((d) => d.id));
    return { deliveries: found.map((row) => view(row, attempts.get(row.id) ?? [])) };
  }

  async get(workspaceId: string, id: string) {
    const [row] = await rows<DeliveryRow>(
      this.dataSource,
      `${SELECT} WHERE d.workspace_id = $1 AND d.id = $2`,
      [workspaceId, id],
    );
    if (!row) throw notFound(`delivery ${id}`);
    return view(row, (await this.attempts([id])).get(id) ?? []);
  }

  /** Puts a dead-lettered delivery back with a fresh round of attempts and the same id (the idempotency key). */
  async replay(workspaceId: string, id: string) {
    const now = this.clock.now();
    const replayed = await this.dataSource.transaction(async (manager) => {
      const [row] = await rows<{ id: string; kind: string; effect_id: string | null; attempts: number }>(
        manager,
        `UPDATE destination_deliveries SET status = 'pending', round_attempts = 0, replays = replays + 1,
                next_attempt_at = $3, updated_at = $3
          WHERE workspace_id = $1 AND id = $2 AND status = 'failed' RETURNING id, kind, effect_id, attempts`,
        [workspaceId, id, now],
      );
      if (!row) return null;
      if (row.effect_id)
        await manager.query(
          `UPDATE effects SET status = 'done', reason = NULL WHERE id = $1 AND status = 'failed'`,
          [row.effect_id],
        );
      if (row.kind !== 'webhook')
        await manager.query(
          `UPDATE audience_memberships SET status = CASE status WHEN 'add-failed' THEN 'adding' ELSE 'removing' END,
                  updated_at = $2 WHERE delivery_id = $1 AND status IN ('add-failed', 'remove-failed')`,
          [id, now],
        );
      return row;
    });
    if (!replayed) {
      const current = await this.get(workspaceId, id);
      throw new DomainError(
        'delivery_not_failed',
        `delivery ${id} is ${current.status}; only failed ones replay`,
        409,
      );
    }
    await this.runner.enqueue(`${deliverJobId(id, replayed.attempts + 1)}.replay`, id);
    return this.get(workspaceId, id);
  }

  private async attempts(ids: string[]): Promise<Map<string, AttemptRow[]>> {
    const found = await rows<AttemptRow>(
      this.dataSource,
      `SELECT * FROM destination_delivery_attempts WHERE delivery_id = ANY($1) ORDER BY delivery_id, attempt`,
      [ids],
    );
    const byDelivery = new Map<string, AttemptRow[]>();
    for (const row of found)
      byDelivery.set(row.delivery_id, [...(byDelivery.get(row.delivery_id) ?? []), row]);
    return byDelivery;
  }
}

const SELECT = `SELECT d.*, t.key AS destination FROM destination_deliveries d JOIN destinations t ON t.id = d.destination_id`;

function view(row: DeliveryRow, attempts: AttemptRow[]) {
  return {
    id: row.id,
    destination: row.destination,
    kind: row.kind,
    status: row.status === 'sending' ? 'pending' : row.status,
    effectId: row.effect_id,
    contactId: row.contact_id,
    attempts: row.attempts,
    replays: row.replays,
    nextAttemptAt: row.status === 'pending' ? row.next_attempt_at : null,
    lastHttpStatus: row.last_http_status,
    lastError: row.last_error,
    createdAt: row.created_at,
    sentAt: row.sent_at,
    attemptLog: attempts.map((a) => ({
      attempt: a.attempt,
      startedAt: a.started_at,
      durationMs: a.duration_ms,
      outcome: a.outcome,
      httpStatus: a.http_status,
      error: a.error,
      nextAttemptAt: a.next_attempt_at,
    })),
  };
}
