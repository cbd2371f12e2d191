import type { Logger } from '@nestjs/common';

/**
 * A background pass every `intervalMs` (reconciling, sweeping, folding rollups): never two at once, a failure is
 * logged and the next tick tries again, and `stop` waits for a pass in flight so shutdown does not cut it off.
 */
export class PeriodicTask {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<unknown> | null = null;

  constructor(
    private readonly what: string,
    private readonly pass: () => Promise<unknown>,
    private readonly logger: Logger,
  ) {}

  /** Starts ticking (once only); `now` also runs a first pass at once. */
  start(intervalMs: number, now = false): void {
    if (this.timer) return;
    if (now) this.tick();
    this.timer = setInterval(() => this.tick(), intervalMs);
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.running;
  }

  private tick(): void {
    this.running ??= this.pass()
      .catch((error: Error) =>
        this.logger.warn(`${this.what} failed, tried again next time: ${error.message}`),
      )
      .finally(() => (this.running = null));
  }
}
