/**
 * Confidence intervals for before-and-after comparisons. Pure functions over counts and values.
 */

/** The normal quantile for a two-sided 95% interval. */
export const Z95 = 1.959963984540054;

/**
 * The Wilson score interval for a proportion `successes / n` (Wilson 1927; the interval Newcombe
 * 1998 recommends, and the one the ONS and PHE use for rates): good at small n and near 0 or 1,
 * where the normal approximation fails. Null for n = 0.
 */
export function wilsonInterval(successes: number, n: number, z = Z95): { lower: number; upper: number } | null {
  if (n === 0) return null;
  const p = successes / n;
  const z2 = z * z;
  const centre = p + z2 / (2 * n);
  const spread = z * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n));
  const denominator = 1 + z2 / n;
  return { lower: Math.max(0, (centre - spread) / denominator), upper: Math.min(1, (centre + spread) / denominator) };
}

/** A small seeded generator (mulberry32): the same data give the same bootstrap interval on every run. */
function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export const mean = (values: readonly number[]): number | null => (values.length === 0 ? null : values.reduce((a, b) => a + b, 0) / values.length);

/** The median by linear interpolation (as `percentile_cont(0.5)`). */
export function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const h = (sorted.length - 1) / 2;
  const lo = Math.floor(h);
  return sorted[lo] + (h - lo) * ((sorted[lo + 1] ?? sorted[lo]) - sorted[lo]);
}

/**
 * A percentile bootstrap 95% interval of a statistic (mean, median): `resamples` resamples with
 * replacement, the 2.5th and 97.5th percentiles of the statistic over them (Efron and Tibshirani
 * 1993). Seeded, so the interval is reproducible. Null for fewer than two values.
 */
export function bootstrapInterval(
  values: readonly number[],
  statistic: (v: readonly number[]) => number | null,
  resamples = 2000,
  seed = 20260401,
): { lower: number; upper: number } | null {
  if (values.length < 2) return null;
  const random = seeded(seed);
  const estimates: number[] = [];
  const sample = new Array<number>(values.length);
  for (let r = 0; r < resamples; r++) {
    for (let i = 0; i < values.length; i++) sample[i] = values[Math.floor(random() * values.length)];
    estimates.push(statistic(sample) as number);
  }
  estimates.sort((a, b) => a - b);
  const at = (q: number) => estimates[Math.min(estimates.length - 1, Math.max(0, Math.round(q * (estimates.length - 1))))];
  return { lower: at(0.025), upper: at(0.975) };
}
