import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { DataSource } from 'typeorm';
import { PeriodicTask } from '../common/periodic-task';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { rows, type Queryable } from '../database/sql';
import { durationBucketSql } from './duration-buckets';
import { STEP_ROLLUP_SQL } from './step-rollup';

/** Moves folded per statement; a backlog takes several passes, each a short transaction. */
const BATCH = 20_000;
/** How often worker processes fold in the background. */
const INTERVAL_MS = 10_000;

/**
 * Folds `stage_moves` into the hourly rollups the journey map reads (and `step_counts` into the funnel's, see
 * step-rollup.ts), deleting what it folded in the same statement:
 * two workers folding at once each take different rows (SKIP LOCKED), so nothing is counted twice or lost.
 * They may add to the same hourly rows, so both upserts go in key order: concurrent folds then wait, never deadlock.
 */
@Injectable()
export class InsightRollupService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(InsightRollupService.name);
  // Workers fold in the background, so readers rarely find much to do.
  private readonly task = new PeriodicTask('insight rollup', () => this.rollUp(), this.logger);

  constructor(
    private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    if (this.config.ROLE !== 'api') this.task.start(INTERVAL_MS);
  }

  /**
   * Folds every pending stage move and step count; returns how many rows. Called by readers first, so the map and
   * the funnel are never behind.
   */
  async rollUp(db: Queryable = this.dataSource): Promise<number> {
    return (await this.fold(db, ROLLUP_SQL)) + (await this.fold(db, STEP_ROLLUP_SQL));
  }

  private async fold(db: Queryable, sql: string): Promise<number> {
    let total = 0;
    for (;;) {
      const [{ folded }] = await rows<{ folded: number }>(db, sql, [BATCH]);
      total += folded;
      if (folded < BATCH) return total;
    }
  }

  async onApplicationShutdown(): Promise<void> {
    await this.task.stop();
  }
}

const hour = (column: string) => `date_trunc('hour', ${column}, 'UTC')`;

const ROLLUP_SQL = `
WITH moved AS (
  DELETE FROM stage_moves WHERE id IN (SELECT id FROM stage_moves ORDER BY id LIMIT $1 FOR UPDATE SKIP LOCKED)
  RETURNING workspace_id, journey_id, from_stage, to_stage, at, from_since
), counts AS (
  SELECT workspace_id, journey_id, to_stage AS stage, ${hour('at')} AS hour, 1 AS entered, 0 AS moved_on, 0 AS cohort
    FROM moved
  UNION ALL
  SELECT workspace_id, journey_id, from_stage, ${hour('at')}, 0, 1, 0 FROM moved WHERE from_stage IS NOT NULL
  UNION ALL
  SELECT workspace_id, journey_id, from_stage, ${hour('from_since')}, 0, 0, 1
    FROM moved WHERE from_stage IS NOT NULL AND from_since IS NOT NULL
), hourly AS (
  INSERT INTO stage_hourly (journey_id, stage, hour, workspace_id, entered, moved_on, cohort_moved_on)
  SELECT journey_id, stage, hour, min(workspace_id::text)::uuid, sum(entered), sum(moved_on), sum(cohort)
    FROM counts GROUP BY journey_id, stage, hour ORDER BY journey_id, stage, hour
  ON CONFLICT (journey_id, stage, hour) DO UPDATE SET
    entered = stage_hourly.entered + excluded.entered,
    moved_on = stage_hourly.moved_on + excluded.moved_on,
    cohort_moved_on = stage_hourly.cohort_moved_on + excluded.cohort_moved_on
), times AS (
  INSERT INTO stage_time_hourly (journey_id, stage, hour, bucket, n)
  SELECT journey_id, from_stage, ${hour('at')}, ${durationBucketSql('at - from_since')}, count(*)
    FROM moved WHERE from_stage IS NOT NULL AND from_since IS NOT NULL
   GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4
  ON CONFLICT (journey_id, stage, hour, bucket) DO UPDATE SET n = stage_time_hourly.n + excluded.n
)
SELECT count(*)::int AS folded FROM moved`;
