// The latency histogram of the usage rollups: fixed log-scale buckets, so two
// histograms add bucket by bucket (minutes into hours, apps into an
// organisation) and a percentile read from the sum is off by at most one
// bucket. Bucket i holds latencies in [BOUNDS[i-1], BOUNDS[i]) ms; bucket 0
// everything below 0.5 ms, the last everything from 32.8 s. Each bound is
// √2 times the one before: a percentile is within 41% of the exact value.

/** Upper bounds (exclusive) of the buckets but the last, in ms: 0.5 · √2^k for k = 0…32. */
export const BOUNDS: readonly number[] = Array.from({ length: 33 }, (_, k) => 0.5 * 2 ** Math.floor(k / 2) * (k % 2 ? Math.SQRT2 : 1)); // powers of two exact

/** Number of buckets (columns h00…h33 of RequestRollup). */
export const BUCKETS = BOUNDS.length + 1;

/** Column names of the buckets, in order. */
export const BUCKET_COLUMNS: readonly string[] = Array.from({ length: BUCKETS }, (_, i) => `h${String(i).padStart(2, "0")}`);

export type BucketColumn = `h${string}`;

/** The bucket of a latency: the first whose upper bound exceeds it (binary search over 33 bounds). */
export function bucketOf(ms: number): number {
  if (!(ms >= 0)) return 0; // NaN or negative: the lowest bucket, never an exception in the writer
  let lo = 0;
  let hi = BOUNDS.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (ms < BOUNDS[mid]!) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

/**
 * The nearest-rank percentile `p` (0 < p ≤ 100) of a histogram, reported as
 * the upper bound of the bucket it falls in (for the last, open bucket, its
 * lower bound); null without samples.
 */
export function percentileOf(counts: readonly number[], p: number): number | null {
  let total = 0;
  for (const c of counts) total += c;
  if (total === 0) return null;
  const rank = Math.max(1, Math.ceil((p / 100) * total));
  let seen = 0;
  for (let i = 0; i < counts.length; i++) {
    seen += counts[i]!;
    if (seen >= rank) return i < BOUNDS.length ? BOUNDS[i]! : BOUNDS[BOUNDS.length - 1]!;
  }
  return BOUNDS[BOUNDS.length - 1]!;
}

/** The bucket counts of a row with columns h00…h33 (a rollup row, or a sum of them). */
export function countsOf(row: Record<string, unknown>): number[] {
  return BUCKET_COLUMNS.map((c) => Number(row[c] ?? 0));
}
