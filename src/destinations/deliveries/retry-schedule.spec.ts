import {
  type RetrySchedule,
  classifyStatus,
  longestRoundMs,
  nextStep,
  parseRetryAfter,
  retryDelayMs,
} from './retry-schedule';

const DAY = 24 * 60 * 60 * 1000;
const schedule: RetrySchedule = { baseMs: 60_000, capMs: 6 * 60 * 60 * 1000, maxAttempts: 25 };

describe(retryDelayMs.name, () => {
  it('doubles the ceiling per attempt up to the cap, with full jitter below it', () => {
    const ceilings = [1, 2, 3, 9, 10, 24].map((attempt) => retryDelayMs(attempt, schedule, () => 1));

    expect(ceilings).toEqual([60_000, 120_000, 240_000, 15_360_000, 21_600_000, 21_600_000]);
    expect(retryDelayMs(5, schedule, () => 0)).toBe(0);
    expect(retryDelayMs(5, schedule, () => 0.5)).toBe(480_000);
  });

  it('keeps retrying for more than a day with the default schedule, even with average jitter', () => {
    const sut = longestRoundMs(schedule);

    expect(sut / 2).toBeGreaterThan(DAY);
    let total = 0;
    for (let attempt = 1; attempt < schedule.maxAttempts; attempt += 1)
      total += retryDelayMs(attempt, schedule, () => 0.5);
    expect(total).toBeGreaterThan(DAY);
  });
});

describe(parseRetryAfter.name, () => {
  const now = new Date('2025-03-01T10:00:00Z');

  it.each([
    ['delta seconds', '120', 120_000],
    ['an HTTP date', 'Sat, 01 Mar 2025 10:00:30 GMT', 30_000],
    ['a date in the past', 'Sat, 01 Mar 2025 09:00:00 GMT', 0],
    ['more than a day', '999999', DAY],
    ['garbage', 'soon', null],
    ['absent', undefined, null],
  ])('reads %s', (_name, header, expected) => {
    expect(parseRetryAfter(header, now)).toBe(expected);
  });
});

describe(classifyStatus.name, () => {
  it.each([
    [200, 'sent'],
    [204, 'sent'],
    [429, 'transient'],
    [500, 'transient'],
    [503, 'transient'],
    [400, 'permanent'],
    [401, 'permanent'],
    [404, 'permanent'],
    [408, 'permanent'],
    [301, 'permanent'],
  ])('%i is %s', (status, kind) => {
    expect(classifyStatus(status)).toBe(kind);
  });
});

describe(nextStep.name, () => {
  const transient = { kind: 'transient' as const, httpStatus: 503, error: 'HTTP 503' };

  it('retries a transient failure after the jittered backoff of that attempt', () => {
    expect(nextStep(transient, 3, schedule, () => 0.25)).toEqual({ outcome: 'retry', delayMs: 60_000 });
  });

  it('honours Retry-After instead of the backoff', () => {
    const sut = nextStep({ ...transient, httpStatus: 429, retryAfterMs: 2_000 }, 1, schedule, () => 1);

    expect(sut).toEqual({ outcome: 'retry', delayMs: 2_000 });
  });

  it('dead-letters after the last attempt of the round', () => {
    expect(nextStep(transient, 25, schedule)).toEqual({
      outcome: 'failed',
      reason: 'gave up after 25 attempts: HTTP 503',
    });
  });

  it('never retries a permanent failure', () => {
    const sut = nextStep({ kind: 'permanent', httpStatus: 400, error: 'HTTP 400' }, 1, schedule);

    expect(sut).toEqual({ outcome: 'failed', reason: 'rejected: HTTP 400' });
  });
});
