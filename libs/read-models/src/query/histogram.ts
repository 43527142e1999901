/** value → how many. Integer values only: every percentile is then exact. */
export type Histogram = Map<number, number>;

export interface HistogramStats {
  readonly count: number;
  readonly sum: number;
  readonly mean: number | null;
  readonly median: number | null;
  readonly p90: number | null;
  readonly max: number | null;
}

/**
 * Nearest-rank percentiles: the p-th percentile is the smallest value whose cumulative count
 * reaches ceil(p × N). The median of 1,2,3,4 is therefore 2, and of 1,2,3 it is 2.
 */
export function percentile(h: Histogram, p: number): number | null {
  const values = [...h.entries()].filter(([, n]) => n > 0).sort((a, b) => a[0] - b[0]);
  const total = values.reduce((t, [, n]) => t + n, 0);
  if (total === 0) return null;
  const rank = Math.max(1, Math.ceil(p * total));
  let seen = 0;
  for (const [v, n] of values) {
    seen += n;
    if (seen >= rank) return v;
  }
  return values[values.length - 1][0];
}

export function statsOf(h: Histogram): HistogramStats {
  let count = 0;
  let sum = 0;
  let max: number | null = null;
  for (const [v, n] of h) {
    if (n <= 0) continue;
    count += n;
    sum += v * n;
    max = max === null || v > max ? v : max;
  }
  return {
    count,
    sum,
    mean: count === 0 ? null : Math.round((sum / count) * 1000) / 1000,
    median: percentile(h, 0.5),
    p90: percentile(h, 0.9),
    max,
  };
}

/** Buckets 0, 1, 2, 3, 4 and 5+ (the histogram). */
export function buckets0to5(h: Histogram): Record<'0' | '1' | '2' | '3' | '4' | '5+', number> {
  const out = { '0': 0, '1': 0, '2': 0, '3': 0, '4': 0, '5+': 0 };
  for (const [v, n] of h) {
    const k = v >= 5 ? '5+' : (String(v) as '0' | '1' | '2' | '3' | '4');
    out[k] += n;
  }
  return out;
}
