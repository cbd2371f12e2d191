import { randomInt } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { Probe } from './database';
import { activeJobs, notRecovered, type ActiveJob } from './in-flight';
import { sleep } from './load';
import type { KillPoint, MailSink } from './receivers';
import type { Stack } from './stack';

export type KillMode = 'random' | KillPoint;
const PREFIX = 'tpdrill';
const MODES: KillMode[] = ['random', 'before-call', 'mid-call', 'after-250'];

export interface Kill {
  mode: KillMode;
  slot: number;
  at: number;
  /** The message whose 250 went out just before an after-250 kill. */
  messageId?: string;
  /** Jobs active in BullMQ when the worker died, and when the last of them was done or taken over. */
  inFlight: ActiveJob[];
  recoveredAt?: number;
  /** The same for the webhook jobs among them. */
  hooksRecoveredAt?: number;
}

/**
 * Kills worker processes with SIGKILL, one at a time, cycling through the kill points, and restarts each at once
 * (the other worker keeps running). A kill at an SMTP point waits for the next transaction on the victim's slot;
 * when none comes within a few seconds the kill happens anyway and counts as random.
 */
export class Killer {
  readonly kills: Kill[] = [];
  private stopped = false;
  private readonly loop: Promise<void>;
  private readonly watch: Promise<void>;

  constructor(
    private readonly stack: Stack,
    private readonly mail: MailSink,
    private readonly redis: Redis,
    private readonly probe: Probe,
    /** Keeps killing while this says so. */
    private readonly more: (kills: number) => boolean,
    private readonly log: (line: string) => void,
  ) {
    this.loop = this.run();
    this.watch = this.watchRecovery();
  }

  /** Resolves when the kill loop has ended (every victim restarted). */
  done(): Promise<void> {
    return this.loop;
  }

  /** Resolves once every kill's in-flight work is done, or after `timeoutMs`. */
  async recovered(timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    const open = (kill: Kill) => kill.recoveredAt === undefined || kill.hooksRecoveredAt === undefined;
    while (this.kills.some(open) && Date.now() < deadline) await sleep(250);
    this.stopped = true;
    await this.watch;
  }

  private async run(): Promise<void> {
    while (this.more(this.kills.length)) {
      await sleep(randomInt(500, 2_000));
      const slot = randomInt(0, this.stack.workers.length);
      const mode = MODES[this.kills.length % MODES.length];
      const kill = await (mode === 'random' ? this.now(slot) : this.at(slot, mode));
      kill.inFlight = await activeJobs(this.redis, PREFIX).catch(() => []);
      this.kills.push(kill);
      await sleep(randomInt(0, 500));
      await this.stack.startWorker(slot);
    }
  }

  private async now(slot: number): Promise<Kill> {
    const kill: Kill = { mode: 'random', slot, at: Date.now(), inFlight: [] };
    await this.stack.kill(slot);
    return kill;
  }

  private async at(slot: number, point: KillPoint): Promise<Kill> {
    const hit: { killed?: Promise<void> } = {};
    const kill: Kill = { mode: point, slot, at: 0, inFlight: [] };
    this.mail.arm(slot, point, () => {
      kill.at = Date.now();
      if (point === 'after-250')
        kill.messageId = this.mail.accepted[this.mail.accepted.length - 1]?.messageId;
      hit.killed = this.stack.kill(slot);
    });
    const deadline = Date.now() + 3_000;
    while (!hit.killed && Date.now() < deadline) await sleep(20);
    if (!hit.killed && this.mail.disarm(slot)) return this.now(slot);
    await hit.killed;
    return kill;
  }

  private async watchRecovery(): Promise<void> {
    while (!this.stopped) {
      for (const [i, kill] of this.kills.entries()) {
        if (kill.recoveredAt !== undefined && kill.hooksRecoveredAt !== undefined) continue;
        const open = await notRecovered(this.probe, this.redis, PREFIX, kill.inFlight).catch(
          () => kill.inFlight,
        );
        const now = Date.now();
        const after = (at: number) => `${((at - kill.at) / 1000).toFixed(1)} s`;
        if (kill.recoveredAt === undefined && !open.some((job) => job.queue !== 'destinations')) {
          kill.recoveredAt = now;
          const jobs = kill.inFlight.filter((job) => job.queue !== 'destinations').length;
          this.log(
            `kill ${i + 1} (${kill.mode}, worker ${kill.slot}): ${jobs} jobs in flight, all done or taken over after ${after(now)}`,
          );
        }
        if (kill.hooksRecoveredAt === undefined && !open.some((job) => job.queue === 'destinations')) {
          kill.hooksRecoveredAt = now;
          const hooks = kill.inFlight.filter((job) => job.queue === 'destinations').length;
          if (hooks > 0)
            this.log(
              `kill ${i + 1}: ${hooks} webhook jobs in flight, all done or taken over after ${after(now)}`,
            );
        }
      }
      await sleep(250);
    }
  }
}
