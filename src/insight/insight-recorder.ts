import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { NPS_EVENT } from '../channels/reviews/review-answer.service';
import { EMAIL_LINK_CLICKED, EMAIL_OPENED } from '../channels/tracking/tracking-events.service';
import { rows } from '../database/sql';
import { isoDurationToMs } from '../journeys/definition/iso-duration.util';
import type { EventRow } from '../journeys/runs/contact-view';
import type { RunRow } from '../journeys/runs/run-store';
import { STAGE_FLOW } from '../journeys/runs/run.entity';
import { WorkspaceSettingsService } from '../workspaces/workspace-settings.service';
import { lastTouch, orderRevenue, type Touch } from './attribution';

export const ORDER_EVENT = 'Order Completed';

/** Touches looked at per order: the latest ones are the only candidates for last touch. */
const TOUCH_LIMIT = 50;

/**
 * Writes what the dashboard needs from an event while it is routed, in the routing transaction: an order's
 * attribution and the runs it converts, an NPS answer with the stage it was given in.
 */
@Injectable()
export class InsightRecorder {
  constructor(private readonly settings: WorkspaceSettingsService) {}

  /** `runs`: the contact's active runs before this event moved them. */
  async record(manager: EntityManager, event: EventRow, runs: readonly RunRow[]): Promise<void> {
    if (event.type !== 'track') return;
    if (event.name === ORDER_EVENT) await this.recordOrder(manager, event);
    if (event.name === NPS_EVENT) await this.recordNps(manager, event, runs);
  }

  private async recordOrder(manager: EntityManager, event: EventRow): Promise<void> {
    // The cached settings: one query fewer per routed order.
    const { window } = (await this.settings.get(event.workspace_id, manager)).attribution;
    const windowMs = isoDurationToMs(window);
    const from = new Date(event.timestamp.getTime() - windowMs);
    const touches = await rows<{
      at: Date;
      name: string;
      effect_id: string;
      journey_id: string;
      step_id: string | null;
    }>(
      manager,
      `SELECT e.timestamp AS at, e.name, f.id AS effect_id, f.journey_id, f.step_id
         FROM events e JOIN effects f ON f.id = e.properties->>'effect_id'
        WHERE e.contact_id = $1 AND e.name = ANY($2) AND e.timestamp BETWEEN $3 AND $4 AND f.journey_id IS NOT NULL
        ORDER BY e.timestamp DESC LIMIT ${TOUCH_LIMIT}`,
      [event.contact_id, [EMAIL_OPENED, EMAIL_LINK_CLICKED], from, event.timestamp],
    );
    const touch = lastTouch(
      event.timestamp,
      touches.map((t): Touch => ({
        at: t.at,
        kind: t.name === EMAIL_LINK_CLICKED ? 'click' : 'open',
        effectId: t.effect_id,
        journeyId: t.journey_id,
        stepId: t.step_id,
      })),
      windowMs,
    );
    const currency = event.properties.currency;
    await manager.query(
      `INSERT INTO conversions (event_id, workspace_id, contact_id, at, revenue, currency, journey_id, step_id, effect_id, touch, touched_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) ON CONFLICT (event_id) DO NOTHING`,
      [
        event.id,
        event.workspace_id,
        event.contact_id,
        event.timestamp,
        orderRevenue(event.properties),
        typeof currency === 'string' ? currency.toUpperCase().slice(0, 3) : null,
        touch?.journeyId ?? null,
        touch?.stepId ?? null,
        touch?.effectId ?? null,
        touch?.kind ?? null,
        touch?.at ?? null,
      ],
    );
    // The runs this order converts: started no more than the window before it, messaged or held out alike.
    await manager.query(
      `UPDATE runs SET converted_at = $2
        WHERE contact_id = $1 AND flow <> '${STAGE_FLOW}' AND converted_at IS NULL AND started_at BETWEEN $3 AND $2`,
      [event.contact_id, event.timestamp, from],
    );
  }

  private async recordNps(manager: EntityManager, event: EventRow, runs: readonly RunRow[]): Promise<void> {
    const score = Number(event.properties.score);
    if (!Number.isInteger(score) || score < 0 || score > 10) return;
    const stageRuns = runs.filter((run) => run.flow === STAGE_FLOW);
    if (stageRuns.length === 0) return;
    await manager.query(
      `INSERT INTO stage_nps (event_id, journey_id, workspace_id, contact_id, stage, score, at)
       SELECT $1, j, $2, $3, s, $4, $5 FROM unnest($6::uuid[], $7::text[]) AS x(j, s)
       ON CONFLICT DO NOTHING`,
      [
        event.id,
        event.workspace_id,
        event.contact_id,
        score,
        event.timestamp,
        stageRuns.map((run) => run.journey_id),
        stageRuns.map((run) => run.position),
      ],
    );
  }
}
