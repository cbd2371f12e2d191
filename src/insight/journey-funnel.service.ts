import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Clock } from '../common/clock';
import { rows } from '../database/sql';
import type { Step } from '../journeys/definition/journey-definition.schema';
import { STAGE_FLOW } from '../journeys/runs/run.entity';
import { findInsightJourney } from './insight-journeys';
import { parsePeriod } from './insight-period';
import type { FunnelStep, JourneyFunnel } from './insight.types';
import { InsightRollupService } from './insight-rollup.service';
import { definedSteps, StepIndex, stepKey } from './journey-steps';
import { reasonLabel } from './skip-reasons';
import { stepLabel } from './touchpoints';

interface StepRow {
  entered: number;
  sent: number;
  skipped: number;
  deferred: number;
  bounced: number;
  opened: number;
  clicked: number;
  converted: number;
  skippedBy: Map<string, number>;
}

const emptyRow = (): StepRow => ({
  entered: 0,
  sent: 0,
  skipped: 0,
  deferred: 0,
  bounced: 0,
  opened: 0,
  clicked: 0,
  converted: 0,
  skippedBy: new Map(),
});

/** Metrics in step_hourly the funnel shows (failed and recipients are stored too); skips are `skipped:<category>`. */
const COUNTED = new Set(['entered', 'sent', 'deferred', 'bounced', 'opened', 'clicked', 'converted']);
const SKIPPED = 'skipped:';

/** Steps that leave no effect: nothing to count them by but the runs there now. */
const uncounted = (step: Step) =>
  step.type === 'branch' || step.type === 'exit' || (step.type === 'waitForEvent' && !step.timeout);

/**
 * The touchpoint funnel of a journey: per flow and step, what happened in the period, read from the hourly step
 * rollups (triggers on effects, events and conversions count as they are written; see step-rollup.ts), so its cost
 * grows with steps × hours, not with runs or events. `waiting` counts the active runs (indexed).
 */
@Injectable()
export class JourneyFunnelService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly clock: Clock,
    private readonly rollup: InsightRollupService,
  ) {}

  async funnel(workspaceId: string, key: string, days: unknown): Promise<JourneyFunnel> {
    const started = performance.now();
    const period = parsePeriod(days, this.clock.now());
    const journey = await findInsightJourney(this.dataSource, workspaceId, key);
    const index = new StepIndex(journey.definition);
    // Whatever the triggers appended since the last fold is counted too.
    await this.rollup.rollUp();
    const [counts, waiting] = await Promise.all([
      rows<{ flow: string; step_id: string; metric: string; n: number }>(
        this.dataSource,
        `SELECT flow, step_id, metric, sum(n)::int AS n FROM step_hourly
          WHERE journey_id = $1 AND hour >= $2 GROUP BY 1, 2, 3`,
        [journey.id, period.since],
      ),
      // runs_journey_active_idx: the active runs only.
      rows<{ flow: string; position: string; n: number }>(
        this.dataSource,
        `SELECT flow, position, count(*)::int AS n FROM runs
          WHERE journey_id = $1 AND flow <> '${STAGE_FLOW}' AND status = 'active' GROUP BY 1, 2`,
        [journey.id],
      ),
    ]);
    const byStep = new Map<string, StepRow>();
    const runsStarted = new Map<string, number>();
    for (const row of counts) {
      // Step '': the flow's runs started (and, flow '' too, the journey's recipients).
      if (row.step_id === '') {
        if (row.metric === 'started') runsStarted.set(row.flow, (runsStarted.get(row.flow) ?? 0) + row.n);
        continue;
      }
      // '' is a flow not known (an order attributed to a step without its effect): the step id tells, if unique.
      const k = index.keyOf(row.flow || null, row.step_id);
      if (!k) continue;
      const step = byStep.get(k) ?? emptyRow();
      if (row.metric.startsWith(SKIPPED)) {
        const code = row.metric.slice(SKIPPED.length);
        step.skipped += row.n;
        step.skippedBy.set(code, (step.skippedBy.get(code) ?? 0) + row.n);
      } else if (COUNTED.has(row.metric)) step[row.metric as Exclude<keyof StepRow, 'skippedBy'>] += row.n;
      byStep.set(k, step);
    }
    const all = definedSteps(journey.definition);
    return {
      journey: journey.summary,
      period: { days: period.days, from: period.from, to: period.to },
      flows: Object.entries(journey.definition.flows).map(([flowKey, flow]) => ({
        key: flowKey,
        name: flow.name,
        stage: flow.stage ?? null,
        entered: runsStarted.get(flowKey) ?? 0,
        steps: all
          .filter((defined) => defined.flow === flowKey)
          .map(({ step }): FunnelStep => {
            const row = byStep.get(stepKey(flowKey, step.id)) ?? emptyRow();
            const email = step.type === 'email';
            return {
              flow: flowKey,
              flowName: flow.name,
              stepId: step.id,
              type: step.type,
              label: stepLabel(step),
              counted: !uncounted(step),
              entered: row.entered,
              waiting: waiting.find((w) => w.flow === flowKey && w.position === step.id)?.n ?? 0,
              sent: row.sent,
              skipped: row.skipped,
              skippedBy: [...row.skippedBy]
                .map(([code, count]) => ({ code, label: reasonLabel(code), count }))
                .sort((a, b) => b.count - a.count),
              deferred: row.deferred,
              // Bounces in the period may be of emails sent before it.
              delivered: email ? Math.max(0, row.sent - row.bounced) : null,
              opened: email ? row.opened : null,
              clicked: email ? row.clicked : null,
              converted: email ? row.converted : null,
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
