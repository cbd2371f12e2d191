import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { z } from 'zod';
import { Clock } from '../common/clock';
import { DomainError, notFound } from '../common/domain-error';
import { parseInput } from '../common/zod-errors';
import { rows } from '../database/sql';
import { emailHash, normalizeEmail } from './email-address.util';
import { SUPPRESSION_REASONS } from './suppression.entity';
import { findSuppression, liftSuppression, suppress, type SuppressionRow } from './suppression.store';

const reason = z.enum(SUPPRESSION_REASONS, { error: `must be one of ${SUPPRESSION_REASONS.join(', ')}` });

const ListQuerySchema = z.object({
  reason: reason.optional(),
  limit: z.coerce.number().int().min(1).max(1000).default(100),
  offset: z.coerce.number().int().min(0).default(0),
});

/** `PUT /v1/suppressions/{email}`: manual by default; the other reasons let a list from another tool come in. */
const PutBodySchema = z.strictObject({
  reason: reason.default('manual'),
  note: z.string().trim().min(1).max(500).optional(),
});

const EmailSchema = z.email({ error: 'must be an email address' });

const show = (row: SuppressionRow & { address_hash: string }) => ({
  email: row.address,
  addressHash: row.address_hash,
  reason: row.reason,
  source: row.source,
  note: row.note,
  createdAt: row.created_at,
});

/** The suppression list API; sending code reads the list through suppression.store.ts. */
@Injectable()
export class SuppressionService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly clock: Clock,
  ) {}

  async list(workspaceId: string, query: unknown) {
    const {
      reason: filter,
      limit,
      offset,
    } = parseInput(ListQuerySchema, query ?? {}, 'the query is invalid', '$query');
    const found = await rows<SuppressionRow & { address_hash: string }>(
      this.dataSource,
      `SELECT address, address_hash, contact_id, reason, source, note, created_at FROM suppressions
        WHERE workspace_id = $1 AND channel = 'email' AND ($2::text IS NULL OR reason = $2)
        ORDER BY created_at DESC, address_hash LIMIT $3 OFFSET $4`,
      [workspaceId, filter ?? null, limit, offset],
    );
    return { suppressions: found.map(show), limit, offset };
  }

  async put(workspaceId: string, email: string, body: unknown) {
    const address = this.address(email);
    const input = parseInput(PutBodySchema, body ?? {}, 'the suppression is invalid');
    await this.dataSource.transaction(async (manager) => {
      const [contact] = await rows<{ id: string }>(
        manager,
        `SELECT id FROM contacts WHERE workspace_id = $1 AND email = $2 ORDER BY created_at LIMIT 1`,
        [workspaceId, address],
      );
      await suppress(manager, {
        workspaceId,
        address,
        contactId: contact?.id ?? null,
        reason: input.reason,
        source: 'api',
        note: input.note ?? null,
        at: this.clock.now(),
        overwrite: true,
      });
    });
    return this.get(workspaceId, address);
  }

  async get(workspaceId: string, email: string) {
    const address = this.address(email);
    const row = await findSuppression(this.dataSource, workspaceId, address);
    if (!row) throw notFound(`suppression of ${address}`);
    return show({ ...row, address_hash: emailHash(address) });
  }

  /** Lifts any suppression of the address; consent stays as it is (a withdrawn contact still gets no marketing). */
  async remove(workspaceId: string, email: string): Promise<void> {
    const address = this.address(email);
    if (!(await liftSuppression(this.dataSource, workspaceId, address, SUPPRESSION_REASONS)))
      throw notFound(`suppression of ${address}`);
  }

  private address(email: string): string {
    const address = normalizeEmail(email);
    if (!EmailSchema.safeParse(address).success)
      throw new DomainError('validation_failed', 'the address is invalid', 400, [
        { path: '$email', message: 'must be an email address' },
      ]);
    return address;
  }
}
