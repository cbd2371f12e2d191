import type { StageColumn } from './insight.types';
import { biggestLeak } from './journey-map.service';

const column = (
  stage: string,
  next: string | null,
  entered: number,
  cohortMovedOn: number,
  exits = 0,
): StageColumn => ({
  stage,
  next,
  touchpoints: [],
  now: 0,
  entered,
  movedOn: cohortMovedOn,
  cohortMovedOn,
  conversion: next === null || entered === 0 ? null : cohortMovedOn / entered,
  medianSecondsToMoveOn: null,
  exits: next === null ? null : exits,
  nps: { answers: 0, promoters: 0, passives: 0, detractors: 0, score: null },
});

describe(biggestLeak.name, () => {
  it('names the stage with the lowest conversion to the next, with the numbers behind it', () => {
    const sut = biggestLeak([
      column('awareness', 'consideration', 100, 60),
      column('consideration', 'decision', 60, 12, 30),
      column('decision', 'retention', 12, 6),
      column('retention', null, 6, 0),
    ]);

    expect(sut).toEqual({
      stage: 'consideration',
      next: 'decision',
      conversion: 0.2,
      entered: 60,
      cohortMovedOn: 12,
      exits: 30,
      reason: 'consideration → decision: only 20 % of the 60 who entered moved on',
    });
  });

  it('breaks a tie in conversion by the most exits', () => {
    const sut = biggestLeak([
      column('a', 'b', 10, 5, 1),
      column('b', 'c', 20, 10, 7),
      column('c', null, 10, 0),
    ]);

    expect(sut?.stage).toBe('b');
  });

  it('skips stages nobody entered and the last stage, and is null when nothing is left', () => {
    expect(biggestLeak([column('a', 'b', 0, 0), column('b', null, 5, 0)])).toBeNull();
    expect(biggestLeak([])).toBeNull();
    expect(
      biggestLeak([column('a', 'b', 0, 0), column('b', 'c', 4, 1), column('c', null, 1, 0)])?.stage,
    ).toBe('b');
  });
});
