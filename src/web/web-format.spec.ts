import { formatCount, formatDuration, formatMoney, formatPercent } from './web-format';

describe('web format', () => {
  it.each([
    [null, '–'],
    [0, '0 s'],
    [45, '45 s'],
    [600, '10 min'],
    [5_400, '1.5 h'],
    [129_600, '1.5 d'],
  ])('writes %s seconds as %s', (seconds, expected) => {
    expect(formatDuration(seconds)).toBe(expected);
  });

  it('writes counts, shares and money the way a reader expects', () => {
    expect(formatCount(12_345)).toBe('12,345');
    expect(formatCount(null)).toBe('–');
    expect(formatPercent(1 / 3)).toBe('33 %');
    expect(formatPercent(null)).toBe('–');
    expect(formatMoney(125, 'EUR')).toBe('€125.00');
    expect(formatMoney(7.5, 'POINTS')).toBe('7.50 POINTS');
    expect(formatMoney(7.5, null)).toBe('7.50');
  });
});
