import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { Clock } from '../../common/clock';
import { lockContact, rows } from '../../database/sql';
import { DeliveryRunner } from '../deliveries/delivery-runner.service';
import { DestinationsService } from '../destinations.service';
import { WebhookBodyError, renderMessage, renderWebhookBody } from './webhook-body';
import { type ActionEffectRow, loadEnvelope, loadRunView, logEffectStep } from './webhook-envelope';

type Decision = { status: 'done' } | { status: 'skipped' | 'failed' | 'held'; reason: string };

/**
 * A webhook effect becomes a destination delivery whose id is the effect id (the `webhook-id` receivers dedupe
 * on); the body is rendered now, from the run as it is, and signed per attempt. The runner then makes the call.
 */
@Injectable()
export class WebhookSendService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly runner: DeliveryRunner,
    private readonly clock: Clock,
  ) {}

  async send(effectId: string): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      const [head] = await rows<{ contact_id: string }>(
        manager,
        `SELECT contact_id FROM effects WHERE id = $1 AND kind = 'webhook'`,
        [effectId],
      );
      if (!head) return;
      await lockContact(manager, head.contact_id);
      const [effect] = await rows<ActionEffectRow>(manager, `SELECT * FROM effects WHERE id = $1`, [
        effectId,
      ]);
      if (effect.status !== 'pending') return;
      const decision = await this.prepare(manager, effect);
      const now = this.clock.now();
      const reason = decision.status === 'done' ? null : decision.reason;
      await manager.query(`UPDATE effects SET status = $2, reason = $3, done_at = $4 WHERE id = $1`, [
        effectId,
        decision.status,
        reason,
        decision.status === 'held' ? null : now,
      ]);
      const { stepId, destination } = effect.payload;
      const what =
        decision.status === 'done'
          ? `${stepId} webhook to ${destination} queued`
          : `${stepId} ${decision.status}: ${reason}`;
      await logEffectStep(manager, effect, what, now);
    });
    // Also after a crash between the commit and the call: the claim makes a second attempt a no-op.
    await this.runner.attempt(effectId);
  }

  private async prepare(manager: EntityManager, effect: ActionEffectRow): Promise<Decision> {
    const run = await loadRunView(manager, effect.run_id);
    if (run.journey_status === 'paused') return { status: 'held', reason: 'the journey is paused' };
    const key = effect.payload.destination ?? '';
    const destination = await DestinationsService.find(manager, effect.workspace_id, key);
    if (!destination) return { status: 'failed', reason: `unknown destination ${key}` };
    if (destination.type !== 'webhook')
      return { status: 'failed', reason: `destination ${key} is a ${destination.type}, not a webhook` };
    const envelope = await loadEnvelope(manager, effect, run, effect.payload.type ?? 'webhook.send');
    try {
      const message = effect.payload.message
        ? await renderMessage(effect.payload.message, envelope)
        : undefined;
      const full = { ...envelope, ...(message === undefined ? {} : { message }) };
      const request = await renderWebhookBody(
        full,
        destination.config.bodyTemplate as string | null | undefined,
      );
      const now = this.clock.now();
      await manager.query(
        `INSERT INTO destination_deliveries (id, workspace_id, destination_id, kind, status, effect_id, contact_id, request, state, next_attempt_at, created_at, updated_at)
         VALUES ($1, $2, $3, 'webhook', 'pending', $1, $4, $5, '{}', $6, $6, $6) ON CONFLICT (id) DO NOTHING`,
        [effect.id, effect.workspace_id, destination.id, effect.contact_id, JSON.stringify(request), now],
      );
      return { status: 'done' };
    } catch (error) {
      if (error instanceof WebhookBodyError)
        return { status: 'failed', reason: `body template: ${error.message}` };
      throw error;
    }
  }
}
