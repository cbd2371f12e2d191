import { Injectable, Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Clock } from '../../common/clock';
import { lockContact, rows } from '../../database/sql';
import { QueueService } from '../../scheduling/queue.service';
import { advanceRun } from '../engine/journey-engine';
import { JourneyCatalog } from '../journey-catalog.service';
import { afterCommit } from './after-commit';
import { loadContactView } from './contact-view';
import { RunStore, type AppliedStep, type RunRow } from './run-store';

interface WakeRow {
  id: string;
  run_id: string;
  contact_id: string;
  status: string;
  payload: { seq: number; stepId: string };
}

/** Delivers a due wake-up to its run; one that the run no longer waits for is recorded and ignored. */
@Injectable()
export class WakeService {
  private readonly logger = new Logger(WakeService.name);

  constructor(
    private readonly dataSource: DataSource,
    private readonly catalog: JourneyCatalog,
    private readonly store: RunStore,
    private readonly queues: QueueService,
    private readonly clock: Clock,
  ) {}

  async wake(effectId: string): Promise<void> {
    // Lateness metric (due_at to started_at), written with the final status at no extra query.
    const startedAt = this.clock.now();
    const applied = await this.dataSource.transaction(async (manager): Promise<AppliedStep[]> => {
      const [head] = await rows<{ contact_id: string }>(
        manager,
        `SELECT contact_id FROM effects WHERE id = $1`,
        [effectId],
      );
      if (!head) return [];
      await lockContact(manager, head.contact_id);
      const [effect] = await rows<WakeRow>(manager, `SELECT * FROM effects WHERE id = $1 AND kind = 'wake'`, [
        effectId,
      ]);
      if (!effect || effect.status !== 'pending') return [];
      const now = this.clock.now();
      const [run] = await rows<RunRow>(manager, `SELECT * FROM runs WHERE id = $1`, [effect.run_id]);
      const finish = (status: string, reason: string | null) =>
        manager.query(
          `UPDATE effects SET status = $2, reason = $3, done_at = $4, started_at = $5 WHERE id = $1`,
          [effectId, status, reason, now, startedAt],
        );
      if (run.status !== 'active') {
        await finish('cancelled', `the run had ${run.status}`);
        return [];
      }
      const definition = await this.catalog.definition(run.journey_version_id, manager);
      const contact = await loadContactView(manager, run.contact_id);
      const result = advanceRun({
        definition,
        flowKey: run.flow,
        snapshot: run.snapshot,
        input: { kind: 'wake', seq: effect.payload.seq },
        contact,
        now,
      });
      const cause = { label: `wake-up ${effect.payload.stepId}`, eventId: null };
      if (!result.changed) {
        await this.store.logOnly(
          manager,
          run,
          `wake-up for ${effect.payload.stepId} ignored: the run moved on`,
          cause,
          now,
        );
        await finish('cancelled', 'the run no longer waited for it');
        return [];
      }
      await finish('done', null);
      return [await this.store.update(manager, run, result, cause, now)];
    });
    await afterCommit(this.queues, applied, this.logger);
  }
}
