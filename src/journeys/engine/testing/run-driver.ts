import type { JourneyDefinition } from '../../definition/journey-definition.schema';
import type { ContactView, EmailEffect, JourneyEvent, StepResult, WakeEffect } from '../engine.types';
import { advanceRun, startRun } from '../journey-engine';
import { T0, aContact, anEvent } from './fixtures';

/**
 * Drives one run the way the services do: the snapshot goes through JSON.stringify/parse between steps,
 * and time only moves when the test says so.
 */
export class RunDriver {
  readonly results: StepResult[] = [];
  private stored: string;

  private constructor(
    private readonly definition: JourneyDefinition,
    private readonly flowKey: string,
    readonly contact: ContactView,
    public now: Date,
    first: StepResult,
  ) {
    this.results.push(first);
    this.stored = JSON.stringify(first.snapshot);
  }

  static start(
    definition: JourneyDefinition,
    flowKey: string,
    trigger: JourneyEvent,
    options: { key?: string | null; contact?: ContactView; now?: Date } = {},
  ): RunDriver {
    const contact = options.contact ?? aContact();
    const now = options.now ?? T0;
    const first = startRun({ definition, flowKey, trigger, contact, key: options.key ?? null, now });
    return new RunDriver(definition, flowKey, contact, now, first);
  }

  get last(): StepResult {
    return this.results[this.results.length - 1];
  }

  get emails(): EmailEffect[] {
    return this.results.flatMap((r) => r.effects.filter((e): e is EmailEffect => e.kind === 'email'));
  }

  get reasons(): string[] {
    return this.results.flatMap((r) => r.log.map((entry) => entry.reason));
  }

  /** The wake effect the run waits for now. */
  get pendingWake(): WakeEffect | undefined {
    const seq = this.last.pendingWakeSeq;
    const all = this.results.flatMap((r) => r.effects.filter((e): e is WakeEffect => e.kind === 'wake'));
    return all.find((effect) => effect.seq === seq);
  }

  event(name: string, properties: Record<string, unknown> = {}): StepResult {
    return this.apply({ kind: 'event', event: anEvent(name, properties, this.now) });
  }

  /** Lets the pending wait elapse and delivers its wake-up. */
  elapse(): StepResult {
    const wake = this.pendingWake;
    if (!wake) throw new Error(`run at ${this.last.position} waits for no timer`);
    this.now = new Date(this.now.getTime() + wake.delayMs);
    return this.wake(wake.seq);
  }

  wake(seq: number): StepResult {
    return this.apply({ kind: 'wake', seq });
  }

  private apply(input: Parameters<typeof advanceRun>[0]['input']): StepResult {
    const snapshot: unknown = JSON.parse(this.stored);
    const result = advanceRun({
      definition: this.definition,
      flowKey: this.flowKey,
      snapshot,
      input,
      contact: this.contact,
      now: this.now,
    });
    this.results.push(result);
    // An unchanged step is not persisted by the services either.
    if (result.changed) this.stored = JSON.stringify(result.snapshot);
    return result;
  }
}
