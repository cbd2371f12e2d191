import type { Logger } from '@nestjs/common';
import { PeriodicTask } from './periodic-task';

describe('PeriodicTask', () => {
  const warnings: string[] = [];
  const logger = { warn: (message: string) => warnings.push(message) } as unknown as Logger;

  beforeEach(() => {
    jest.useFakeTimers();
    warnings.length = 0;
  });
  afterEach(() => jest.useRealTimers());

  it('never runs two passes at once: a tick during a slow pass is skipped', async () => {
    let release!: () => void;
    let passes = 0;
    const task = new PeriodicTask(
      'pass',
      () => {
        passes += 1;
        return new Promise<void>((resolve) => (release = resolve));
      },
      logger,
    );
    task.start(1_000);
    await jest.advanceTimersByTimeAsync(3_500);
    expect(passes).toBe(1);
    release();
    await jest.advanceTimersByTimeAsync(1_000);
    expect(passes).toBe(2);
    release();
    await task.stop();
  });

  it('logs a failed pass and tries again at the next tick; `now` runs the first pass at once', async () => {
    let calls = 0;
    const task = new PeriodicTask(
      'reconcile',
      async () => {
        calls += 1;
        if (calls === 1) throw new Error('database away');
      },
      logger,
    );
    task.start(1_000, true);
    await jest.advanceTimersByTimeAsync(0);
    expect(calls).toBe(1);
    expect(warnings).toEqual(['reconcile failed, tried again next time: database away']);
    await jest.advanceTimersByTimeAsync(1_000);
    expect(calls).toBe(2);
    await task.stop();
  });

  it('stop waits for the pass in flight and ends the ticking', async () => {
    let release!: () => void;
    let passes = 0;
    const task = new PeriodicTask(
      'fold',
      () => {
        passes += 1;
        return new Promise<void>((resolve) => (release = resolve));
      },
      logger,
    );
    task.start(1_000);
    await jest.advanceTimersByTimeAsync(1_000);
    let stopped = false;
    const stopping = task.stop().then(() => (stopped = true));
    await jest.advanceTimersByTimeAsync(0);
    expect(stopped).toBe(false);
    release();
    await stopping;
    expect(stopped).toBe(true);
    await jest.advanceTimersByTimeAsync(5_000);
    expect(passes).toBe(1);
  });
});
