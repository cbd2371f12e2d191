import { isoDurationProblem, isoDurationToMs } from './iso-duration.util';

describe(isoDurationToMs.name, () => {
  it.each([
    ['PT4H', 4 * 3_600_000],
    ['P1D', 86_400_000],
    ['P1W', 7 * 86_400_000],
    ['PT0.5H', 1_800_000],
    ['P1DT2H', 26 * 3_600_000],
  ])('converts %s to %d ms', (iso, ms) => {
    expect(isoDurationToMs(iso)).toBe(ms);
  });

  it.each([
    ['4h', 'is not an ISO 8601 duration'],
    ['P0D', 'must be longer than zero'],
    ['-P1D', 'must be longer than zero'],
    ['P1M', 'uses months or years'],
  ])('rejects %s', (iso, problem) => {
    expect(() => isoDurationToMs(iso)).toThrow(problem);
    expect(isoDurationProblem(iso)).toContain(problem);
  });
});
