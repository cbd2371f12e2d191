import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Clock } from '../common/clock';
import { rows } from '../database/sql';
import { STAGE_FLOW } from '../journeys/runs/run.entity';
import { liftOf } from './attribution';
import { findInsightJourney } from './insight-journeys';
import { parsePeriod } from './insight-period';
import type { GroupResult, JourneyResults, MessageResult, WorkspaceResults } from './insight.types';
import { InsightRollupService } from './insight-rollup.service';
import { definedSteps, StepIndex, stepKey } from './journey-steps';
import { WorkspaceSettingsService } from '../workspaces/workspace-settings.service';

interface Money {
  currency: string | null;
  conversions: number;
  revenue: number;
}

/**
 * What a journey earned: orders attributed to its messages (recorded at routing time, last touch within the
 * workspace's attribution window), per message and per recipient, and the lift over its holdout group.
 */
@Injectable()
export class JourneyResultsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly clock: Clock,
    private readonly rollup: InsightRollupService,
    private readonly settings: WorkspaceSettingsService,
  ) {}

  async journey(workspaceId: string, key: string, days: unknown): Promise<JourneyResults> {
    const started = performance.now();
    const period = parsePeriod(days, this.clock.now());
    const journey = await findInsightJourney(this.dataSource, workspaceId, key);
    const index = new StepIndex(journey.definition);
    const params = [journey.id, period.since];
    // Recipients come from the step rollups: bring them up to date first.
    await this.rollup.rollUp();
    const [attribution, money, byMessage, recipients, groups] = await Promise.all([
      this.settings.get(workspaceId).then((settings) => settings.attribution),
      rows<Money>(
        this.dataSource,
        `SELECT currency, count(*)::int AS conversions, coalesce(sum(revenue), 0)::float8 AS revenue
           FROM conversions WHERE journey_id = $1 AND at >= $2 GROUP BY currency ORDER BY 2 DESC, 1`,
        params,
      ),
      rows<{ flow: string | null; step_id: string; conversions: number; revenue: number }>(
        this.dataSource,
        `SELECT f.flow, c.step_id, count(*)::int AS conversions, coalesce(sum(c.revenue), 0)::float8 AS revenue
           FROM conversions c LEFT JOIN effects f ON f.id = c.effect_id
          WHERE c.journey_id = $1 AND c.at >= $2 AND c.step_id IS NOT NULL GROUP BY 1, 2`,
        params,
      ),
      // A customer counts in the hour of their last send (per step; flow and step '': the journey), so summing the
      // hours of a period that ends now counts each recipient once.
      rows<{ flow: string; step_id: string; n: number }>(
        this.dataSource,
        `SELECT flow, step_id, sum(n)::int AS n FROM step_hourly
          WHERE journey_id = $1 AND hour >= $2 AND metric = 'recipients' GROUP BY 1, 2`,
        params,
      ),
      rows<{ holdout: boolean; entrants: number; converted: number }>(
        this.dataSource,
        `SELECT holdout, count(DISTINCT contact_id)::int AS entrants,
                count(DISTINCT contact_id) FILTER (WHERE converted_at IS NOT NULL)::int AS converted
           FROM runs WHERE journey_id = $1 AND flow <> '${STAGE_FLOW}' AND started_at >= $2 GROUP BY holdout`,
        params,
      ),
    ]);
    const total = sumMoney(money);
    const journeyRecipients = recipients.find((row) => row.step_id === '')?.n ?? 0;
    const perStep = new Map<string, { recipients: number; conversions: number; revenue: number }>();
    const entry = (k: string) => perStep.get(k) ?? { recipients: 0, conversions: 0, revenue: 0 };
    for (const row of recipients) {
      const k = row.step_id === '' ? null : index.keyOf(row.flow || null, row.step_id);
      if (k) perStep.set(k, { ...entry(k), recipients: entry(k).recipients + row.n });
    }
    for (const row of byMessage) {
      const k = index.keyOf(row.flow, row.step_id);
      const was = k ? entry(k) : null;
      if (k && was)
        perStep.set(k, {
          ...was,
          conversions: was.conversions + row.conversions,
          revenue: was.revenue + row.revenue,
        });
    }
    const messages = definedSteps(journey.definition)
      .filter(({ step }) => step.type === 'email')
      .map(({ flow, step }): MessageResult => {
        const found = entry(stepKey(flow, step.id));
        return {
          flow,
          stepId: step.id,
          template: step.type === 'email' ? step.template : null,
          recipients: found.recipients,
          conversions: found.conversions,
          revenue: round2(found.revenue),
          revenuePerRecipient: perRecipient(found.revenue, found.recipients),
        };
      });
    const percent = journey.definition.settings?.holdout?.percent ?? 0;
    const group = (holdout: boolean): GroupResult => {
      const row = groups.find((g) => g.holdout === holdout);
      const entrants = row?.entrants ?? 0;
      const converted = row?.converted ?? 0;
      return { entrants, converted, rate: entrants === 0 ? null : converted / entrants };
    };
    const treatment = group(false);
    const holdout = group(true);
    const lift = liftOf(treatment, holdout);
    return {
      journey: journey.summary,
      period: { days: period.days, from: period.from, to: period.to },
      attributionWindow: attribution.window,
      conversions: total.conversions,
      revenue: round2(total.revenue),
      recipients: journeyRecipients,
      revenuePerRecipient: perRecipient(total.revenue, journeyRecipients),
      currency: currenciesOf(money)[0] ?? null,
      currencies: currenciesOf(money),
      messages,
      holdout:
        percent === 0 && holdout.entrants === 0
          ? null
          : {
              percent,
              treatment,
              holdout,
              lift: lift?.lift ?? null,
              difference: lift?.difference ?? null,
              confidence: lift?.confidence ?? null,
            },
      tookMs: Math.round(performance.now() - started),
    };
  }

  async workspace(workspaceId: string, days: unknown): Promise<WorkspaceResults> {
    const started = performance.now();
    const period = parsePeriod(days, this.clock.now());
    const [money, journeys] = await Promise.all([
      rows<Money & { attributed: boolean }>(
        this.dataSource,
        `SELECT journey_id IS NOT NULL AS attributed, currency, count(*)::int AS conversions,
                coalesce(sum(revenue), 0)::float8 AS revenue
           FROM conversions WHERE workspace_id = $1 AND at >= $2 GROUP BY 1, 2 ORDER BY 3 DESC, 2`,
        [workspaceId, period.since],
      ),
      rows<{ key: string; name: string; conversions: number; revenue: number }>(
        this.dataSource,
        `SELECT j.key, j.name, count(*)::int AS conversions, coalesce(sum(c.revenue), 0)::float8 AS revenue
           FROM conversions c JOIN journeys j ON j.id = c.journey_id
          WHERE c.workspace_id = $1 AND c.at >= $2 GROUP BY j.key, j.name ORDER BY revenue DESC, j.key`,
        [workspaceId, period.since],
      ),
    ]);
    const all = sumMoney(money);
    const attributed = sumMoney(money.filter((row) => row.attributed));
    const currencies = currenciesOf(mergeCurrencies(money));
    return {
      period: { days: period.days, from: period.from, to: period.to },
      orders: all.conversions,
      revenue: round2(all.revenue),
      attributedOrders: attributed.conversions,
      attributedRevenue: round2(attributed.revenue),
      currency: currencies[0] ?? null,
      currencies,
      journeys: journeys.map((row) => ({ ...row, revenue: round2(row.revenue) })),
      tookMs: Math.round(performance.now() - started),
    };
  }
}

function sumMoney(money: readonly Money[]): { conversions: number; revenue: number } {
  return money.reduce(
    (sum, row) => ({ conversions: sum.conversions + row.conversions, revenue: sum.revenue + row.revenue }),
    { conversions: 0, revenue: 0 },
  );
}

/** Currencies by number of orders, most first; orders without one do not name a currency. */
function currenciesOf(money: readonly Money[]): string[] {
  return money.filter((row) => row.currency !== null).map((row) => row.currency!);
}

function mergeCurrencies(money: readonly Money[]): Money[] {
  const merged = new Map<string | null, Money>();
  for (const row of money) {
    const was = merged.get(row.currency);
    merged.set(row.currency, {
      currency: row.currency,
      conversions: (was?.conversions ?? 0) + row.conversions,
      revenue: (was?.revenue ?? 0) + row.revenue,
    });
  }
  return [...merged.values()].sort((a, b) => b.conversions - a.conversions);
}

const round2 = (value: number) => Math.round(value * 100) / 100;

const perRecipient = (revenue: number, recipients: number) =>
  recipients === 0 ? null : round2(revenue / recipients);
