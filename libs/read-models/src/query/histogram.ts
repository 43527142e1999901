/** value → how many. */
export type Histogram = Map<number, number>;

export interface HistogramStats {
  readonly count: number;
  readonly sum: number;
  readonly mean: number | null;
  readonly median: number | null;
  readonly p90: number | null;
  readonly max: number | null;
}

/** The value at 0-based position `k` of the histogram's values in ascending order (`sorted`: the values that occur). */
function valueAt(h: Histogram, sorted: readonly number[], k: number): number {
  let seen = 0;
  for (const v of sorted) {
    seen += h.get(v)!;
    if (seen > k) return v;
  }
  return sorted[sorted.length - 1];
}

/**
 * The p-th percentile (0 ≤ p ≤ 1) by linear interpolation between the two nearest ranks, the
 * conventional definition that PostgreSQL's `percentile_cont`, Excel's `PERCENTILE.INC` and
 * `MEDIAN`, R's default (type 7) and pandas share: with the N values sorted as x₀ … x₍N−1₎ and
 * h = (N − 1)·p, it is x⌊h⌋ + (h − ⌊h⌋)·(x⌊h⌋₊₁ − x⌊h⌋). The median (p = 0.5) of an even number
 * of values is therefore the mean of the two middle ones: 1, 1, 2, 2 → 1.5. Not rounded.
 */
export function percentile(h: Histogram, p: number): number | null {
  const sorted = sortedValues(h);
  let total = 0;
  for (const v of sorted) total += h.get(v)!;
  return percentileOfSorted(h, sorted, total, p);
}

/**
 * The histogram's values that occur, ascending. A plain array of numbers, read with `forEach`:
 * an answer computes statistics for thousands of groups, and a Map's `[value, n]` entries are
 * an array each.
 */
function sortedValues(h: Histogram): number[] {
  const values: number[] = [];
  let ascending = true;
  h.forEach((n, v) => {
    if (n <= 0) return;
    if (values.length > 0 && v < values[values.length - 1]) ascending = false;
    values.push(v);
  });
  // A histogram read from the cube is mostly built in ascending order already (its rows come in key order): no sort to pay for then.
  return ascending ? values : values.sort((a, b) => a - b);
}

function percentileOfSorted(h: Histogram, sorted: readonly number[], total: number, p: number): number | null {
  if (total === 0) return null;
  const position = (total - 1) * p;
  const below = Math.floor(position);
  const lower = valueAt(h, sorted, below);
  const fraction = position - below;
  return fraction === 0 ? lower : lower + fraction * (valueAt(h, sorted, below + 1) - lower);
}

/** Count, sum, mean, median, 90th percentile (interpolated, as `percentile`) and maximum, unrounded (rounding is presentation: figures.ts). */
export function statsOf(h: Histogram): HistogramStats {
  // Sorted once for both percentiles: an answer computes these for every group it has.
  const sorted = sortedValues(h);
  let count = 0;
  let sum = 0;
  for (const v of sorted) {
    const n = h.get(v)!;
    count += n;
    sum += v * n;
  }
  const max = sorted.length === 0 ? null : sorted[sorted.length - 1];
  return {
    count,
    sum,
    mean: count === 0 ? null : sum / count,
    median: percentileOfSorted(h, sorted, count, 0.5),
    p90: percentileOfSorted(h, sorted, count, 0.9),
    max,
  };
}

/** Buckets 0, 1, 2, 3, 4 and 5+: the one binning of every count per journey (handovers, teams, spells…). */
export function buckets0to5(h: Histogram): Record<'0' | '1' | '2' | '3' | '4' | '5+', number> {
  const out = { '0': 0, '1': 0, '2': 0, '3': 0, '4': 0, '5+': 0 };
  h.forEach((n, v) => {
    const k = v >= 5 ? '5+' : (String(v) as '0' | '1' | '2' | '3' | '4');
    out[k] += n;
  });
  return out;
}

/** Bands of working days, the one binning of every duration in working days: 0, 1, 2–5, 6–10, 11–20, 21–45 (the assessment standard) and 46+. */
export const WORKING_DAY_BANDS = ['0', '1', '2–5', '6–10', '11–20', '21–45', '46+'] as const;
const BAND_TOPS = [0, 1, 5, 10, 20, 45];

export function workingDayBands(h: Histogram): Record<(typeof WORKING_DAY_BANDS)[number], number> {
  const out = Object.fromEntries(WORKING_DAY_BANDS.map((b) => [b, 0])) as Record<(typeof WORKING_DAY_BANDS)[number], number>;
  h.forEach((n, v) => {
    const i = BAND_TOPS.findIndex((top) => v <= top);
    out[WORKING_DAY_BANDS[i === -1 ? WORKING_DAY_BANDS.length - 1 : i]] += n;
  });
  return out;
}
