import { bucketRange, durationBucket, histogramMedian } from './duration-buckets';

const histogramOf = (durations: number[]) => {
  const histogram = new Map<number, number>();
  for (const d of durations) histogram.set(durationBucket(d), (histogram.get(durationBucket(d)) ?? 0) + 1);
  return histogram;
};
/** The lower middle value, as percentile_disc(0.5). */
const exactMedian = (durations: number[]) =>
  [...durations].sort((a, b) => a - b)[Math.ceil(durations.length / 2) - 1]!;

describe(histogramMedian.name, () => {
  it.each([
    [
      'minutes to days, spread on a log scale',
      Array.from({ length: 999 }, (_, i) => Math.round(60 * 1.01 ** i)),
    ],
    ['an even count of hours', Array.from({ length: 400 }, (_, i) => 3600 + i * 97)],
    [
      'a skewed mix of quick and slow movers',
      [...Array(300).fill(30), ...Array(200).fill(86_400 * 9), 4_000],
    ],
  ])('lands in the bucket of the exact median, within 6 %% of it: %s', (_, durations) => {
    const exact = exactMedian(durations);
    const [low, high] = bucketRange(durationBucket(exact));

    const sut = histogramMedian(histogramOf(durations))!;

    expect(sut).toBeGreaterThanOrEqual(low);
    expect(sut).toBeLessThan(high);
    expect(Math.abs(sut - exact) / exact).toBeLessThan(0.13);
  });

  it('is within about 6 % on a smooth spread', () => {
    const durations = Array.from({ length: 5001 }, (_, i) => 600 + i * 37);

    expect(Math.abs(histogramMedian(histogramOf(durations))! / exactMedian(durations) - 1)).toBeLessThan(
      0.06,
    );
  });

  it('is null for an empty histogram or only empty buckets', () => {
    expect(histogramMedian(new Map())).toBeNull();
    expect(histogramMedian([[10, 0]])).toBeNull();
  });

  it('puts a zero duration in bucket 0 and reads it back below one second', () => {
    expect(durationBucket(0)).toBe(0);
    expect(histogramMedian([[0, 3]])).toBeLessThan(1);
  });
});
