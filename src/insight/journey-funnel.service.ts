import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { EMAIL_LINK_CLICKED } from '../channels/tracking/tracking-events.service';
import { Clock } from '../common/clock';
import { BOUNCE_EVENT } from '../contacts/inbound-email-events.service';
import { rows } from '../database/sql';
import type { Step } from '../journeys/definition/journey-definition.schema';
import { STAGE_FLOW } from '../journeys/runs/run.entity';
import { findInsightJourney } from './insight-journeys';
import { parsePeriod } from './insight-period';
import type { FunnelStep, JourneyFunnel } from './insight.types';
import { definedSteps, effectFlowSql, StepIndex, stepKey } from './journey-steps';
import { reasonCategorySql, reasonLabel } from './skip-reasons';
import { stepLabel } from './touchpoints';

interface StepRow {
  flow: string | null;
  step_id: string;
  entered: number;
  sent: number;
  skipped: number;
  deferred: number;
  delivered: number;
  opened: number;
  clicked: number;
}

/**
 * Per effect of the journey in the period (effects_journey_idx): its delivery by primary key, and for sent emails
 * whether a hard bounce, an open (its deterministic message id) or a click (per contact and name) followed.
 */
const STEPS_SQL = (flowSql: string) => `
WITH f AS (
  SELECT f.id, f.run_id, f.contact_id, f.workspace_id, f.step_id, f.kind, f.status, f.reason, f.created_at,
         ${flowSql} AS flow
    FROM effects f WHERE f.journey_id = $1 AND f.created_at >= $2 AND f.step_id IS NOT NULL
), s AS (
  SELECT f.*, coalesce(d.status = 'sent', false) AS sent, d.message_id
    FROM f LEFT JOIN deliveries d ON f.kind = 'email' AND d.effect_id = f.id
), t AS (
  SELECT s.*,
         CASE WHEN s.sent THEN EXISTS (
           SELECT 1 FROM events b WHERE b.contact_id = s.contact_id AND b.name = '${BOUNCE_EVENT}'
              AND b.properties->>'bounce_type' = 'hard' AND btrim(b.properties->>'message_id', '<> ') = btrim(s.message_id, '<>'))
         ELSE false END AS bounced,
         CASE WHEN s.sent THEN EXISTS (
           SELECT 1 FROM events c WHERE c.contact_id = s.contact_id AND c.name = '${EMAIL_LINK_CLICKED}'
              AND c.timestamp >= s.created_at AND c.properties->>'effect_id' = s.id)
         ELSE false END AS clicked
    FROM s
)
SELECT flow, step_id, count(DISTINCT run_id)::int AS entered,
       count(*) FILTER (WHERE sent OR (kind NOT IN ('email', 'wake') AND status = 'done'))::int AS sent,
       count(*) FILTER (WHERE status = 'skipped')::int AS skipped,
       count(*) FILTER (WHERE reason LIKE 'deferred to%')::int AS deferred,
       count(*) FILTER (WHERE sent AND NOT bounced)::int AS delivered,
       count(*) FILTER (WHERE clicked OR (sent AND EXISTS (
         SELECT 1 FROM events o WHERE o.workspace_id = t.workspace_id AND o.message_id = 'email-opened:' || t.id)))::int AS opened,
       count(*) FILTER (WHERE clicked)::int AS clicked
  FROM t GROUP BY flow, step_id`;

/** Steps that leave no effect: nothing to count them by but the runs there now. */
const uncounted = (step: Step) =>
  step.type === 'branch' || step.type === 'exit' || (step.type === 'waitForEvent' && !step.timeout);

/**
 * The touchpoint funnel of a journey: per flow and step, what happened in the period, counted from the effects the
 * steps wrote (effects_journey_idx bounds the scan to the journey and the period), their deliveries and the
 * tracking events of their emails.
 */
@Injectable()
export class JourneyFunnelService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly clock: Clock,
  ) {}

  async funnel(workspaceId: string, key: string, days: unknown): Promise<JourneyFunnel> {
    const started = performance.now();
    const period = parsePeriod(days, this.clock.now());
    const journey = await findInsightJourney(this.dataSource, workspaceId, key);
    const index = new StepIndex(journey.definition);
    const ambiguous = index.ambiguous();
    const [steps, skips, waiting, entered, converted] = await Promise.all([
      rows<StepRow>(this.dataSource, STEPS_SQL(effectFlowSql('f', '$3')), [
        journey.id,
        period.since,
        ambiguous,
      ]),
      rows<{ flow: string | null; step_id: string; code: string; n: number }>(
        this.dataSource,
        `SELECT ${effectFlowSql('f', '$3')} AS flow, f.step_id, ${reasonCategorySql('f.reason')} AS code, count(*)::int AS n
           FROM effects f WHERE f.journey_id = $1 AND f.created_at >= $2 AND f.status = 'skipped' AND f.step_id IS NOT NULL
          GROUP BY 1, 2, 3 ORDER BY n DESC`,
        [journey.id, period.since, ambiguous],
      ),
      rows<{ flow: string; position: string; n: number }>(
        this.dataSource,
        `SELECT flow, position, count(*)::int AS n FROM runs
          WHERE journey_id = $1 AND flow <> '${STAGE_FLOW}' AND status = 'active' GROUP BY 1, 2`,
        [journey.id],
      ),
      rows<{ flow: string; n: number }>(
        this.dataSource,
        `SELECT flow, count(*)::int AS n FROM runs
          WHERE journey_id = $1 AND flow <> '${STAGE_FLOW}' AND started_at >= $2 GROUP BY 1`,
        [journey.id, period.since],
      ),
      rows<{ flow: string | null; step_id: string; n: number }>(
        this.dataSource,
        `SELECT ${effectFlowSql('f', '$3')} AS flow, c.step_id, count(*)::int AS n
           FROM conversions c LEFT JOIN effects f ON f.id = c.effect_id
          WHERE c.journey_id = $1 AND c.at >= $2 AND c.step_id IS NOT NULL GROUP BY 1, 2`,
        [journey.id, period.since, ambiguous],
      ),
    ]);
    const byStep = new Map<string, StepRow>();
    for (const row of steps) {
      const k = index.keyOf(row.flow, row.step_id);
      // Several rows for one step only when a step id moved between flows across versions; add them up.
      if (k) byStep.set(k, sumRows(byStep.get(k), row));
    }
    const skippedBy = new Map<string, FunnelStep['skippedBy']>();
    for (const row of skips) {
      const k = index.keyOf(row.flow, row.step_id);
      if (!k) continue;
      const list = skippedBy.get(k) ?? [];
      const same = list.find((entry) => entry.code === row.code);
      if (same) same.count += row.n;
      else list.push({ code: row.code, label: reasonLabel(row.code), count: row.n });
      skippedBy.set(k, list);
    }
    const conversions = new Map<string, number>();
    for (const row of converted) {
      const k = index.keyOf(row.flow, row.step_id);
      if (k) conversions.set(k, (conversions.get(k) ?? 0) + row.n);
    }
    const all = definedSteps(journey.definition);
    return {
      journey: journey.summary,
      period: { days: period.days, from: period.from, to: period.to },
      flows: Object.entries(journey.definition.flows).map(([flowKey, flow]) => ({
        key: flowKey,
        name: flow.name,
        stage: flow.stage ?? null,
        entered: entered.find((row) => row.flow === flowKey)?.n ?? 0,
        steps: all
          .filter((defined) => defined.flow === flowKey)
          .map(({ step }): FunnelStep => {
            const k = stepKey(flowKey, step.id);
            const row = byStep.get(k);
            const email = step.type === 'email';
            return {
              flow: flowKey,
              flowName: flow.name,
              stepId: step.id,
              type: step.type,
              label: stepLabel(step),
              counted: !uncounted(step),
              entered: row?.entered ?? 0,
              waiting: waiting.find((w) => w.flow === flowKey && w.position === step.id)?.n ?? 0,
              sent: row?.sent ?? 0,
              skipped: row?.skipped ?? 0,
              skippedBy: skippedBy.get(k) ?? [],
              deferred: row?.deferred ?? 0,
              delivered: email ? (row?.delivered ?? 0) : null,
              opened: email ? (row?.opened ?? 0) : null,
              clicked: email ? (row?.clicked ?? 0) : null,
              converted: email ? (conversions.get(k) ?? 0) : null,
              template: email ? step.template : null,
              previewUrl: email ? previewUrl(journey.summary.key, step.template) : null,
            };
          }),
      })),
      tookMs: Math.round(performance.now() - started),
    };
  }
}

/** The dashboard page that renders a template with sample data. */
export const previewUrl = (journeyKey: string, template: string) =>
  `/app/journeys/${encodeURIComponent(journeyKey)}/preview/${encodeURIComponent(template)}`;

function sumRows(a: StepRow | undefined, b: StepRow): StepRow {
  if (!a) return b;
  return {
    ...a,
    entered: a.entered + b.entered,
    sent: a.sent + b.sent,
    skipped: a.skipped + b.skipped,
    deferred: a.deferred + b.deferred,
    delivered: a.delivered + b.delivered,
    opened: a.opened + b.opened,
    clicked: a.clicked + b.clicked,
  };
}
