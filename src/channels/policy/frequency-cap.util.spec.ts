import { capUse, yieldTo, type CapCompetitor } from './frequency-cap.util';

const HOUR = 3_600_000;
const NOW = new Date('2026-05-04T12:00:00Z');
const ago = (hours: number) => new Date(NOW.getTime() - hours * HOUR);

describe(capUse.name, () => {
  it('counts only sends inside the period and is free while under the cap', () => {
    const sut = capUse([ago(20), ago(2)], 2, 16 * HOUR, NOW);

    expect(sut).toEqual({ used: 1, freeAt: null });
  });

  it('frees when enough of the counted sends age out to allow one more', () => {
    const sends = [ago(1), ago(5), ago(3)];

    expect(capUse(sends, 3, 6 * HOUR, NOW).freeAt).toEqual(new Date(NOW.getTime() + HOUR));
    expect(capUse(sends, 2, 6 * HOUR, NOW).freeAt).toEqual(new Date(NOW.getTime() + 3 * HOUR));
    expect(capUse(sends, 1, 6 * HOUR, NOW).freeAt).toEqual(new Date(NOW.getTime() + 5 * HOUR));
  });

  it('does not count a send exactly one period old', () => {
    expect(capUse([ago(16)], 1, 16 * HOUR, NOW)).toEqual({ used: 0, freeAt: null });
  });
});

describe(yieldTo.name, () => {
  const other = (id: string, priority: number, dueInHours = 0): CapCompetitor => ({
    effectId: id,
    label: id,
    priority,
    dueAt: new Date(NOW.getTime() + dueInHours * HOUR),
  });

  it('returns the highest-priority sends that fill the room, most important first', () => {
    const sut = yieldTo([other('a', 60), other('b', 90, 2), other('c', 70, 1)], 50, 2, 16 * HOUR, NOW);

    expect(sut.map((c) => c.effectId)).toEqual(['b', 'c']);
  });

  it('returns nothing when the higher-priority sends leave room over', () => {
    expect(yieldTo([other('a', 60)], 50, 2, 16 * HOUR, NOW)).toEqual([]);
  });

  it('ignores sends of equal or lower priority and those due after the period', () => {
    expect(yieldTo([other('a', 50), other('b', 10), other('c', 99, 17)], 50, 1, 16 * HOUR, NOW)).toEqual([]);
  });
});
