import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { APP_CONFIG, type AppConfig } from '../../config/app-config';
import { rows } from '../../database/sql';
import { effectJob, type JobRequest } from '../../scheduling/queue-catalogue';
import type { StepResult } from '../engine/engine.types';
import { STAGE_FLOW } from './run.entity';

/** The persisted run, as the advance code needs it. */
export interface RunRow {
  id: string;
  workspace_id: string;
  journey_id: string;
  journey_version_id: string;
  journey_version: number;
  flow: string;
  contact_id: string;
  entry_key: string | null;
  status: string;
  position: string;
  snapshot: unknown;
  trigger_event_id: string | null;
  lock_version: number;
  started_at: Date;
  /** When the run reached its current position (the stage run: when the contact entered the stage). */
  position_since: Date;
  holdout: boolean;
}

export interface StepCause {
  /** e.g. `event: Order Completed`, `wake-up 3`, `start`. */
  label: string;
  eventId: string | null;
  /** When the customer did it (the event's timestamp); absent for wake-ups. Stage moves are dated by it. */
  at?: Date;
}

export interface AppliedStep {
  jobs: JobRequest[];
  /** Wake-up effects cancelled by this step, whose delayed jobs can be dropped from Redis. */
  cancelledWakeIds: string[];
}

export class RunConflictError extends Error {}

/** Writes one step of a run: snapshot, log and effects, inside the caller's transaction. */
@Injectable()
export class RunStore {
  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  async insert(
    manager: EntityManager,
    run: Omit<
      RunRow,
      'lock_version' | 'status' | 'position' | 'snapshot' | 'trigger_event_id' | 'position_since'
    >,
    result: StepResult,
    cause: StepCause,
    now: Date,
  ): Promise<AppliedStep | null> {
    const positionSince = positionTime(run.flow, cause, null, now);
    const inserted: unknown[] = await manager.query(
      `INSERT INTO runs (id, workspace_id, journey_id, journey_version_id, journey_version, flow, contact_id, entry_key,
                         status, position, snapshot, trigger_event_id, pending_wake_seq, lock_version, started_at, updated_at, ended_at,
                         position_since, holdout)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, 1, $14, $14, $15, $17, $16)
       ON CONFLICT DO NOTHING RETURNING id`,
      [
        run.id,
        run.workspace_id,
        run.journey_id,
        run.journey_version_id,
        run.journey_version,
        run.flow,
        run.contact_id,
        run.entry_key,
        result.status,
        result.position,
        JSON.stringify(result.snapshot),
        cause.eventId,
        result.pendingWakeSeq,
        now,
        result.status === 'active' ? null : now,
        run.holdout,
        positionSince,
      ],
    );
    // Already there: the same event was routed before (a retried job), so nothing more is written.
    if (inserted.length === 0) return null;
    // A run inserted just now has no earlier wake-ups to cancel.
    return this.writeStep(
      manager,
      { ...run, status: result.status, position_since: positionSince },
      result,
      cause,
      now,
      false,
    );
  }

  async update(
    manager: EntityManager,
    run: RunRow,
    result: StepResult,
    cause: StepCause,
    now: Date,
  ): Promise<AppliedStep> {
    const updated = await rows(
      manager,
      `UPDATE runs SET snapshot = $3, status = $4, position = $5, pending_wake_seq = $6, lock_version = lock_version + 1,
                       updated_at = $7::timestamptz, ended_at = CASE WHEN $4::text = 'active' THEN NULL ELSE $7::timestamptz END,
                       position_since = CASE WHEN position = $5 THEN position_since ELSE $8::timestamptz END
        WHERE id = $1 AND lock_version = $2 RETURNING id`,
      [
        run.id,
        run.lock_version,
        JSON.stringify(result.snapshot),
        result.status,
        result.position,
        result.pendingWakeSeq,
        now,
        positionTime(run.flow, cause, run.position_since, now),
      ],
    );
    if (updated.length === 0) throw new RunConflictError(`run ${run.id} changed underneath; retrying`);
    return this.writeStep(manager, run, result, cause, now);
  }

  /** Logs a step that changed nothing (a stale wake-up), so "why" questions have an answer. */
  async logOnly(
    manager: EntityManager,
    run: RunRow,
    reason: string,
    cause: StepCause,
    now: Date,
  ): Promise<void> {
    await manager.query(
      `INSERT INTO run_steps (workspace_id, run_id, contact_id, at, cause, event_id, from_position, to_position, reason)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $7, $8)`,
      [run.workspace_id, run.id, run.contact_id, now, cause.label, cause.eventId, run.position, reason],
    );
  }

  private async writeStep(
    manager: EntityManager,
    run: Pick<
      RunRow,
      'id' | 'workspace_id' | 'journey_id' | 'flow' | 'contact_id' | 'status' | 'position_since'
    >,
    result: StepResult,
    cause: StepCause,
    now: Date,
    mayHaveWakeups = true,
  ): Promise<AppliedStep> {
    if (result.log.length > 0) {
      const movedAt = positionTime(run.flow, cause, run.position_since, now);
      const moves = run.flow === STAGE_FLOW ? stageMoves(result, run.position_since, movedAt) : EMPTY_MOVES;
      // The stage run's moves feed the journey map (stage_moves), in the same statement as its log.
      await manager.query(
        `WITH logged AS (
           INSERT INTO run_steps (workspace_id, run_id, contact_id, at, cause, event_id, from_position, to_position, reason)
           SELECT $1, $2, $3, $4, $5, $6, f, t, r FROM unnest($7::text[], $8::text[], $9::text[]) AS x(f, t, r)
         )
         INSERT INTO stage_moves (workspace_id, journey_id, contact_id, from_stage, to_stage, at, from_since)
         SELECT $1, $10, $3, f, t, $14, s FROM unnest($11::text[], $12::text[], $13::timestamptz[]) AS m(f, t, s)`,
        [
          run.workspace_id,
          run.id,
          run.contact_id,
          now,
          cause.label,
          cause.eventId,
          result.log.map((l) => l.from),
          result.log.map((l) => l.to),
          result.log.map((l) => l.reason),
          run.journey_id,
          moves.from,
          moves.to,
          moves.since,
          movedAt,
        ],
      );
    }
    const jobs: JobRequest[] = [];
    const effects = result.effects.map((effect) => {
      const delayMs = effect.kind === 'wake' ? effect.delayMs / this.config.TIME_SCALE : 0;
      const { kind, seq, stepId, ...rest } = effect;
      const id = `${run.id}.${seq}`;
      jobs.push(effectJob(kind, id, delayMs));
      return {
        id,
        kind,
        stepId,
        dueAt: new Date(now.getTime() + delayMs),
        payload: JSON.stringify({ seq, stepId, ...rest }),
      };
    });
    // One statement for all of a step's effects: round trips are what a busy worker spends its time on.
    if (effects.length > 0) {
      await manager.query(
        `INSERT INTO effects (id, workspace_id, run_id, contact_id, journey_id, step_id, kind, status, due_at, payload, created_at, flow)
         SELECT id, $1, $2, $3, $4, step_id, kind, 'pending', due_at, payload, $5, $11
           FROM unnest($6::text[], $7::text[], $8::text[], $9::timestamptz[], $10::jsonb[]) AS t(id, step_id, kind, due_at, payload)
         ON CONFLICT (id) DO NOTHING`,
        [
          run.workspace_id,
          run.id,
          run.contact_id,
          run.journey_id,
          now,
          effects.map((e) => e.id),
          effects.map((e) => e.stepId),
          effects.map((e) => e.kind),
          effects.map((e) => e.dueAt),
          effects.map((e) => e.payload),
          run.flow,
        ],
      );
    }
    if (!mayHaveWakeups) return { jobs, cancelledWakeIds: [] };
    const cancelled = await rows<{ id: string }>(
      manager,
      `UPDATE effects SET status = 'cancelled', reason = $3, done_at = $4
        WHERE run_id = $1 AND kind = 'wake' AND status = 'pending' AND NOT (id = ANY($2)) RETURNING id`,
      [
        run.id,
        result.pendingWakeSeq === null ? [] : [`${run.id}.${result.pendingWakeSeq}`],
        result.status === 'active' ? 'the run moved on before this wait ended' : `the run ${result.status}`,
        now,
      ],
    );
    return { jobs, cancelledWakeIds: cancelled.map((row) => row.id) };
  }
}

const EMPTY_MOVES = { from: [], to: [], since: [] };

/**
 * When a run reached its new position. A stage is entered when the customer acted (the event's time, so a backfill
 * of past events draws the map of the past), never before the previous stage was entered nor after now; other
 * runs move when they are stepped.
 */
function positionTime(flow: string, cause: StepCause, since: Date | null, now: Date): Date {
  if (flow !== STAGE_FLOW || !cause.at) return now;
  const at = Math.min(now.getTime(), Math.max(cause.at.getTime(), since?.getTime() ?? -Infinity));
  return new Date(at);
}

/** The stage changes in a stage run's step; each but the first starts at `movedAt`, when this step happened. */
function stageMoves(
  result: StepResult,
  since: Date,
  movedAt: Date,
): { from: (string | null)[]; to: string[]; since: (Date | null)[] } {
  const moves = { from: [] as (string | null)[], to: [] as string[], since: [] as (Date | null)[] };
  let enteredAt = since;
  for (const entry of result.log) {
    if (entry.to === null || entry.to === entry.from) continue;
    moves.from.push(entry.from);
    moves.to.push(entry.to);
    moves.since.push(entry.from === null ? null : enteredAt);
    enteredAt = movedAt;
  }
  return moves;
}
