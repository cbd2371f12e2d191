import { lastTouch, liftOf, normalCdf, orderRevenue, type Touch } from './attribution';

const DAY = 86_400_000;
const WINDOW = 5 * DAY;
const ORDER_AT = new Date('2026-03-10T12:00:00Z');
const before = (ms: number) => new Date(ORDER_AT.getTime() - ms);
const touch = (at: Date, kind: Touch['kind'], journeyId = 'j-cart', stepId = 'reminder-1'): Touch => ({
  at,
  kind,
  effectId: `${journeyId}/${stepId}/${kind}/${at.getTime()}`,
  journeyId,
  stepId,
});

describe(lastTouch.name, () => {
  it('credits an open one day before the order, inside a five-day window', () => {
    const open = touch(before(DAY), 'open');

    expect(lastTouch(ORDER_AT, [open], WINDOW)).toBe(open);
  });

  it('credits nothing for a touch a millisecond older than the window', () => {
    expect(lastTouch(ORDER_AT, [touch(before(WINDOW + 1), 'click')], WINDOW)).toBeNull();
  });

  it('credits a touch exactly at the window edge, and one at the order instant', () => {
    const edge = touch(before(WINDOW), 'open');
    const same = touch(ORDER_AT, 'open');

    expect(lastTouch(ORDER_AT, [edge], WINDOW)).toBe(edge);
    expect(lastTouch(ORDER_AT, [edge, same], WINDOW)).toBe(same);
  });

  it('ignores a touch after the order', () => {
    const open = touch(before(2 * DAY), 'open');

    expect(lastTouch(ORDER_AT, [touch(before(-1000), 'click'), open], WINDOW)).toBe(open);
  });

  it('prefers the click when an open and a click happen at the same instant, in either order', () => {
    const at = before(3 * DAY);
    const open = touch(at, 'open');
    const click = touch(at, 'click');

    expect(lastTouch(ORDER_AT, [open, click], WINDOW)).toBe(click);
    expect(lastTouch(ORDER_AT, [click, open], WINDOW)).toBe(click);
  });

  it('gives a customer in two journeys to the later touch, even an open after a click', () => {
    const cartClick = touch(before(3 * DAY), 'click', 'j-cart', 'reminder-2');
    const nurtureOpen = touch(before(2 * DAY), 'open', 'j-nurture', 'nurture-2');

    const sut = lastTouch(ORDER_AT, [cartClick, nurtureOpen], WINDOW);

    expect(sut).toMatchObject({ journeyId: 'j-nurture', stepId: 'nurture-2', kind: 'open' });
  });

  it('returns null without touches', () => {
    expect(lastTouch(ORDER_AT, [], WINDOW)).toBeNull();
  });
});

describe(orderRevenue.name, () => {
  it('reads total, else revenue, else value, as numbers or numeric strings', () => {
    expect(orderRevenue({ total: 49.9, revenue: 10 })).toBe(49.9);
    expect(orderRevenue({ total: '120.50' })).toBe(120.5);
    expect(orderRevenue({ revenue: 30, value: 5 })).toBe(30);
    expect(orderRevenue({ value: '0' })).toBe(0);
  });

  it('skips what is not a finite number and answers null when nothing is', () => {
    expect(orderRevenue({ total: 'free', revenue: '15' })).toBe(15);
    expect(orderRevenue({ total: '', value: Number.POSITIVE_INFINITY })).toBeNull();
    expect(orderRevenue({ total: null, revenue: { amount: 3 } })).toBeNull();
    expect(orderRevenue({})).toBeNull();
  });
});

describe(liftOf.name, () => {
  it('compares 200 of 1,000 messaged with 150 of 1,000 held out (hand-computed)', () => {
    // pooled 350/2000 = 0.175; SE = sqrt(0.175 · 0.825 · (1/1000 + 1/1000)) = 0.0169926; z = 0.05 / SE = 2.9424;
    // two-sided p = 2 · (1 − Φ(2.9424)) = 0.003256, so confidence 0.99674.
    const sut = liftOf({ entrants: 1000, converted: 200 }, { entrants: 1000, converted: 150 })!;

    expect(sut.treatmentRate).toBe(0.2);
    expect(sut.holdoutRate).toBe(0.15);
    expect(sut.difference).toBeCloseTo(0.05, 10);
    expect(sut.lift).toBeCloseTo(1 / 3, 10);
    expect(sut.confidence).toBeCloseTo(0.99674, 4);
  });

  it('is far less sure of the same kind of gap on small groups: 30/100 vs 20/100', () => {
    // pooled 0.25; SE = sqrt(0.25 · 0.75 · 0.02) = 0.061237; z = 1.63299; confidence = 0.89753.
    const sut = liftOf({ entrants: 100, converted: 30 }, { entrants: 100, converted: 20 })!;

    expect(sut.lift).toBeCloseTo(0.5, 10);
    expect(sut.confidence).toBeCloseTo(0.89753, 4);
  });

  it('is null when either group has nobody, and has no relative lift when the holdout never converted', () => {
    expect(liftOf({ entrants: 0, converted: 0 }, { entrants: 10, converted: 1 })).toBeNull();
    expect(liftOf({ entrants: 10, converted: 1 }, { entrants: 0, converted: 0 })).toBeNull();
    const sut = liftOf({ entrants: 50, converted: 5 }, { entrants: 50, converted: 0 })!;
    expect(sut.lift).toBeNull();
    expect(sut.difference).toBeCloseTo(0.1, 10);
  });

  it('sees no evidence when both groups are all-or-nothing alike', () => {
    const none = liftOf({ entrants: 10, converted: 0 }, { entrants: 5, converted: 0 })!;
    const all = liftOf({ entrants: 10, converted: 10 }, { entrants: 5, converted: 5 })!;

    expect(none.difference).toBe(0);
    expect(none.confidence).toBeCloseTo(0, 6);
    expect(all.confidence).toBeCloseTo(0, 6);
  });
});

describe(normalCdf.name, () => {
  it.each([
    [0, 0.5],
    [1, 0.8413447],
    [1.96, 0.9750021],
    [-1.96, 0.0249979],
    [2.5758, 0.9949996],
    [3, 0.9986501],
    [-3, 0.0013499],
  ])('Φ(%p) = %p', (x, expected) => {
    expect(Math.abs(normalCdf(x) - expected)).toBeLessThan(2e-7);
  });
});
