import { Inject, Injectable, Logger } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { v5 as uuidv5 } from 'uuid';
import { Clock } from '../../common/clock';
import { APP_CONFIG, type AppConfig } from '../../config/app-config';
import { lockContact } from '../../database/sql';
import { QueueService } from '../../scheduling/queue.service';
import type { ContactView, JourneyEvent } from '../engine/engine.types';
import { advanceRun, advanceStage, matchTriggers, startRun, startStage } from '../engine/journey-engine';
import { JourneyCatalog, type LiveJourney } from '../journey-catalog.service';
import { loadContactView, toJourneyEvent, type EventRow } from './contact-view';
import { entryAllowed } from './entry-rules';
import { RunStore, type AppliedStep, type RunRow } from './run-store';
import { STAGE_FLOW } from './run.entity';
import { inHoldout } from '../../insight/holdout';
import { InsightRecorder } from '../../insight/insight-recorder';
import { afterCommit } from './after-commit';

/** Namespace for deterministic run ids. */
const RUN_NAMESPACE = '3f1b7a52-5d0e-4c3e-9a61-2f7c1e0b8d44';

/** Routes one stored event: advances the contact's active runs, then starts the runs whose triggers match. */
@Injectable()
export class RouteEventService {
  private readonly logger = new Logger(RouteEventService.name);

  constructor(
    private readonly dataSource: DataSource,
    private readonly catalog: JourneyCatalog,
    private readonly store: RunStore,
    private readonly queues: QueueService,
    private readonly clock: Clock,
    private readonly insight: InsightRecorder,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async route(eventId: string): Promise<void> {
    const applied = await this.dataSource.transaction(async (manager) => {
      const [head] = (await manager.query(`SELECT contact_id FROM events WHERE id = $1`, [eventId])) as {
        contact_id: string;
      }[];
      if (!head) return [];
      await lockContact(manager, head.contact_id);
      const [row] = (await manager.query(`SELECT * FROM events WHERE id = $1`, [eventId])) as EventRow[];
      if (row.routed_at) return [];
      const now = this.clock.now();
      const contact = await loadContactView(manager, row.contact_id);
      const event = toJourneyEvent(row);
      const runs = (await manager.query(
        `SELECT * FROM runs WHERE contact_id = $1 AND status = 'active' ORDER BY started_at`,
        [row.contact_id],
      )) as RunRow[];
      await this.insight.record(manager, row, runs);
      // Journeys where the contact's stage run is among them need no look-up for it.
      const staged = new Set(runs.filter((run) => run.flow === STAGE_FLOW).map((run) => run.journey_id));
      const steps = [
        ...(await this.advanceActiveRuns(manager, runs, event, contact, now)),
        ...(await this.enterJourneys(manager, row, event, contact, now, staged)),
      ];
      await manager.query(`UPDATE events SET routed_at = $2 WHERE id = $1`, [eventId, now]);
      return steps;
    });
    await afterCommit(this.queues, applied, this.logger);
  }

  private async advanceActiveRuns(
    manager: EntityManager,
    runs: RunRow[],
    event: JourneyEvent,
    contact: ContactView,
    now: Date,
  ): Promise<AppliedStep[]> {
    const applied: AppliedStep[] = [];
    const cause = { label: `event: ${event.name}`, eventId: event.id, at: new Date(event.timestamp) };
    for (const run of runs) {
      const definition = await this.catalog.definition(run.journey_version_id, manager);
      const result =
        run.flow === STAGE_FLOW
          ? advanceStage({
              definition,
              snapshot: run.snapshot,
              input: { kind: 'event', event },
              contact,
              now,
            })
          : advanceRun({
              definition,
              flowKey: run.flow,
              snapshot: run.snapshot,
              input: { kind: 'event', event },
              contact,
              now,
            });
      if (result.changed) applied.push(await this.store.update(manager, run, result, cause, now));
    }
    return applied;
  }

  private async enterJourneys(
    manager: EntityManager,
    row: EventRow,
    event: JourneyEvent,
    contact: ContactView,
    now: Date,
    staged: Set<string>,
  ): Promise<AppliedStep[]> {
    const applied: AppliedStep[] = [];
    for (const journey of await this.catalog.live(row.workspace_id, manager)) {
      if (journey.status !== 'published') continue;
      const definition = await this.catalog.definition(journey.versionId, manager);
      const stage = staged.has(journey.id)
        ? null
        : await this.ensureStageRun(manager, journey, row, event, contact, now);
      if (stage) applied.push(stage);
      for (const match of matchTriggers(definition, event, contact)) {
        const flow = definition.flows[match.flowKey];
        const candidate = {
          journeyId: journey.id,
          flowKey: match.flowKey,
          contactId: row.contact_id,
          key: match.key,
        };
        const entry = await entryAllowed(manager, flow, candidate, now, this.config.TIME_SCALE);
        if (!entry.allowed) {
          this.logger.debug(`${journey.key}/${match.flowKey}: not entered: ${entry.reason}`);
          continue;
        }
        const result = startRun({
          definition,
          flowKey: match.flowKey,
          trigger: event,
          contact,
          key: match.key,
          now,
        });
        const id = uuidv5(`${event.id}/${journey.versionId}/${match.flowKey}`, RUN_NAMESPACE);
        const step = await this.store.insert(
          manager,
          {
            ...this.runBase(journey, row, match.flowKey, match.key, definition.settings?.holdout?.percent),
            id,
            started_at: now,
          },
          result,
          { label: `entered on ${event.name}`, eventId: event.id, at: row.timestamp },
          now,
        );
        if (step) applied.push(step);
      }
    }
    return applied;
  }

  /** Every contact seen by a journey gets a stage run there, starting at its first stage. */
  private async ensureStageRun(
    manager: EntityManager,
    journey: LiveJourney,
    row: EventRow,
    event: JourneyEvent,
    contact: ContactView,
    now: Date,
  ): Promise<AppliedStep | null> {
    const existing = (await manager.query(
      `SELECT 1 FROM runs WHERE journey_id = $1 AND contact_id = $2 AND flow = $3`,
      [journey.id, row.contact_id, STAGE_FLOW],
    )) as unknown[];
    if (existing.length > 0) return null;
    const definition = await this.catalog.definition(journey.versionId, manager);
    const started = startStage(definition, contact, now);
    const moved = advanceStage({
      definition,
      snapshot: started.snapshot,
      input: { kind: 'event', event },
      contact,
      now,
    });
    const result = moved.changed ? { ...moved, log: [...started.log, ...moved.log] } : started;
    const id = uuidv5(`${journey.id}/${row.contact_id}/${STAGE_FLOW}`, RUN_NAMESPACE);
    return this.store.insert(
      manager,
      {
        ...this.runBase(journey, row, STAGE_FLOW, null, definition.settings?.holdout?.percent),
        id,
        started_at: now,
      },
      result,
      { label: `first seen on ${event.name}`, eventId: event.id, at: row.timestamp },
      now,
    );
  }

  private runBase(journey: LiveJourney, row: EventRow, flow: string, key: string | null, holdoutPercent = 0) {
    return {
      holdout: inHoldout(journey.id, row.contact_id, holdoutPercent),
      workspace_id: row.workspace_id,
      journey_id: journey.id,
      journey_version_id: journey.versionId,
      journey_version: journey.version,
      flow,
      contact_id: row.contact_id,
      entry_key: key,
    };
  }
}
