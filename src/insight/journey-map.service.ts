import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Clock } from '../common/clock';
import { rows } from '../database/sql';
import { isoDurationToMs } from '../journeys/definition/iso-duration.util';
import { STAGE_FLOW } from '../journeys/runs/run.entity';
import { histogramMedian } from './duration-buckets';
import { InsightRollupService } from './insight-rollup.service';
import { findInsightJourney } from './insight-journeys';
import { parsePeriod } from './insight-period';
import type { BiggestLeak, JourneyMap, StageColumn, StageNps } from './insight.types';
import { touchpointsByStage } from './touchpoints';

export const DEFAULT_STALLED_AFTER = 'P30D';

/**
 * The journey map: per stage, who is there now (indexed count over the stage runs), and what happened in the period
 * (hourly rollups), so its cost grows with stages × hours, not with customers or events.
 */
@Injectable()
export class JourneyMapService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly rollup: InsightRollupService,
    private readonly clock: Clock,
  ) {}

  async map(workspaceId: string, key: string, days: unknown): Promise<JourneyMap> {
    const started = performance.now();
    const now = this.clock.now();
    const period = parsePeriod(days, now);
    const journey = await findInsightJourney(this.dataSource, workspaceId, key, false);
    await this.rollup.rollUp();
    const stalledAfter = journey.definition.settings?.stalledAfter ?? DEFAULT_STALLED_AFTER;
    const stalledMs = isoDurationToMs(stalledAfter);
    const [present, flows, times, nps] = await Promise.all([
      // Exits in the period: reached stalledAfter in the stage during it, and still there.
      rows<{ stage: string; now: number; exits: number }>(
        this.dataSource,
        `SELECT position AS stage, count(*)::int AS now,
                count(*) FILTER (WHERE position_since >= $2 AND position_since < $3)::int AS exits
           FROM runs WHERE journey_id = $1 AND flow = '${STAGE_FLOW}' GROUP BY position`,
        [journey.id, new Date(period.since.getTime() - stalledMs), new Date(now.getTime() - stalledMs)],
      ),
      rows<{ stage: string; entered: number; moved_on: number; cohort_moved_on: number }>(
        this.dataSource,
        `SELECT stage, sum(entered)::int AS entered, sum(moved_on)::int AS moved_on,
                sum(cohort_moved_on)::int AS cohort_moved_on
           FROM stage_hourly WHERE journey_id = $1 AND hour >= $2 GROUP BY stage`,
        [journey.id, period.since],
      ),
      rows<{ stage: string; bucket: number; n: number }>(
        this.dataSource,
        `SELECT stage, bucket, sum(n)::int AS n FROM stage_time_hourly
          WHERE journey_id = $1 AND hour >= $2 GROUP BY stage, bucket`,
        [journey.id, period.since],
      ),
      rows<{ stage: string; promoters: number; passives: number; detractors: number }>(
        this.dataSource,
        `SELECT stage, count(*) FILTER (WHERE score >= 9)::int AS promoters,
                count(*) FILTER (WHERE score BETWEEN 7 AND 8)::int AS passives,
                count(*) FILTER (WHERE score <= 6)::int AS detractors
           FROM stage_nps WHERE journey_id = $1 AND at >= $2 GROUP BY stage`,
        [journey.id, period.since],
      ),
    ]);
    const { stages } = journey.definition;
    const touchpoints = touchpointsByStage(journey.definition);
    const columns = stages.map((stage, index): StageColumn => {
      const here = present.find((row) => row.stage === stage);
      const flow = flows.find((row) => row.stage === stage);
      const next = stages[index + 1] ?? null;
      const entered = flow?.entered ?? 0;
      const cohortMovedOn = flow?.cohort_moved_on ?? 0;
      return {
        stage,
        next,
        touchpoints: touchpoints.get(stage) ?? [],
        now: here?.now ?? 0,
        entered,
        movedOn: flow?.moved_on ?? 0,
        cohortMovedOn,
        conversion: next === null || entered === 0 ? null : cohortMovedOn / entered,
        medianSecondsToMoveOn: histogramMedian(
          times.filter((row) => row.stage === stage).map((row): [number, number] => [row.bucket, row.n]),
        ),
        exits: next === null ? null : (here?.exits ?? 0),
        nps: npsOf(nps.find((row) => row.stage === stage)),
      };
    });
    return {
      journey: { ...journey.summary, customers: present.reduce((sum, row) => sum + row.now, 0) },
      period: { days: period.days, from: period.from, to: period.to },
      stalledAfter,
      stages: columns,
      biggestLeak: biggestLeak(columns),
      unstagedTouchpoints: touchpoints.get(null) ?? [],
      tookMs: Math.round(performance.now() - started),
    };
  }
}

function npsOf(row: { promoters: number; passives: number; detractors: number } | undefined): StageNps {
  const promoters = row?.promoters ?? 0;
  const passives = row?.passives ?? 0;
  const detractors = row?.detractors ?? 0;
  const answers = promoters + passives + detractors;
  return {
    answers,
    promoters,
    passives,
    detractors,
    score: answers === 0 ? null : Math.round(((promoters - detractors) / answers) * 100),
  };
}

/** The stage with the lowest conversion to the next (ties: most exits); null until some stage has entrants. */
export function biggestLeak(columns: readonly StageColumn[]): BiggestLeak | null {
  let leak: StageColumn | null = null;
  for (const column of columns) {
    if (column.conversion === null || column.next === null) continue;
    if (
      !leak ||
      column.conversion < leak.conversion! ||
      (column.conversion === leak.conversion && (column.exits ?? 0) > (leak.exits ?? 0))
    ) {
      leak = column;
    }
  }
  if (!leak || leak.next === null || leak.conversion === null) return null;
  const percent = Math.round(leak.conversion * 100);
  return {
    stage: leak.stage,
    next: leak.next,
    conversion: leak.conversion,
    entered: leak.entered,
    cohortMovedOn: leak.cohortMovedOn,
    exits: leak.exits ?? 0,
    reason: `${leak.stage} → ${leak.next}: only ${percent} % of the ${leak.entered} who entered moved on`,
  };
}
