// Time in a stage is kept as a histogram with logarithmic buckets, so the median over any period comes from a
// few hundred rollup rows instead of every move. Bucket b holds durations d (seconds) with
// floor(20 · log10(d + 1)) = b: each bucket is about 12 % wide, so a median read from it is within about 6 %.

const PER_DECADE = 20;

/** SQL for the bucket of an interval expression. */
export function durationBucketSql(interval: string): string {
  return `floor(${PER_DECADE} * log(greatest(extract(epoch FROM ${interval}), 0)::numeric + 1))::smallint`;
}

export function durationBucket(seconds: number): number {
  return Math.floor(PER_DECADE * Math.log10(Math.max(seconds, 0) + 1));
}

/** The bucket's range in seconds, [low, high). */
export function bucketRange(bucket: number): [number, number] {
  return [10 ** (bucket / PER_DECADE) - 1, 10 ** ((bucket + 1) / PER_DECADE) - 1];
}

/**
 * The median of a histogram (bucket → count), interpolated inside its bucket on the log scale; null when empty.
 * For an even count it is the lower middle value, as percentile_disc(0.5) would give.
 */
export function histogramMedian(
  histogram: ReadonlyMap<number, number> | Iterable<[number, number]>,
): number | null {
  const entries = [...histogram].filter(([, n]) => n > 0).sort(([a], [b]) => a - b);
  const total = entries.reduce((sum, [, n]) => sum + n, 0);
  if (total === 0) return null;
  const rank = Math.ceil(total / 2);
  let seen = 0;
  for (const [bucket, n] of entries) {
    if (seen + n >= rank) {
      const [low, high] = bucketRange(bucket);
      const fraction = (rank - seen - 0.5) / n;
      return Math.exp(Math.log(low + 1) + fraction * (Math.log(high + 1) - Math.log(low + 1))) - 1;
    }
    seen += n;
  }
  return null;
}
