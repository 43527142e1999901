import { jStat } from 'jstat';
import { inverse, Matrix } from 'ml-matrix';

/** One estimated coefficient of the segmented regression, with its standard error, 95% interval and two-sided p-value. */
export interface Coefficient {
  readonly estimate: number;
  readonly standardError: number;
  readonly interval: { readonly lower: number; readonly upper: number };
  readonly pValue: number;
}

export interface InterruptedTimeSeries {
  /** Monthly points used: before and after the change. */
  readonly points: { readonly before: number; readonly after: number };
  /** Residual degrees of freedom (points − 4). */
  readonly degreesOfFreedom: number;
  /** The figure at the first month before, on the fitted line. */
  readonly baselineLevel: Coefficient;
  /** Change per month before the change. */
  readonly trendBefore: Coefficient;
  /** The step at the change: the first month after, against the line before carried on. */
  readonly levelChange: Coefficient;
  /** How much the monthly change differs after the change from before it. */
  readonly trendChange: Coefficient;
}

/** Fewer than this many points on either side and a segmented regression says nothing useful (Cochrane EPOC: at least three). */
export const MIN_POINTS_EACH_SIDE = 3;

/**
 * Segmented regression of an interrupted time series (Wagner et al. 2002, "Segmented regression
 * analysis of interrupted time series studies in medication use research"): ordinary least
 * squares of y = β0 + β1·t + β2·D + β3·(t − t0)·D, t the month (0 at the first month before), D 1
 * from the first month after (t0), so β2 is the level change and β3 the trend change. Standard
 * errors from σ²(XᵀX)⁻¹, intervals and p-values from Student's t on the residual degrees of
 * freedom (jStat). Autocorrelation is not modelled: with a dozen monthly points it cannot be
 * estimated well, and analysts are told so. Null with fewer than three points either side.
 *
 * `series` is in month order; `after[i]` says whether point i is after the change. Points without
 * a value (a month with nothing to measure) are left out but keep their month number.
 */
export function segmentedRegression(series: readonly { readonly value: number | null; readonly after: boolean }[]): InterruptedTimeSeries | null {
  const t0 = series.findIndex((p) => p.after);
  if (t0 < 0) return null;
  const points = series
    .map((p, t) => ({ ...p, t }))
    .filter((p): p is { value: number; after: boolean; t: number } => p.value !== null && Number.isFinite(p.value));
  const before = points.filter((p) => !p.after).length;
  const after = points.length - before;
  if (before < MIN_POINTS_EACH_SIDE || after < MIN_POINTS_EACH_SIDE) return null;
  const X = new Matrix(points.map((p) => [1, p.t, p.after ? 1 : 0, p.after ? p.t - t0 : 0]));
  const y = Matrix.columnVector(points.map((p) => p.value));
  const Xt = X.transpose();
  const XtXInverse = inverse(Xt.mmul(X));
  const beta = XtXInverse.mmul(Xt).mmul(y);
  const residuals = y.clone().sub(X.mmul(beta));
  const df = points.length - 4;
  const sigma2 = residuals.to1DArray().reduce((s, r) => s + r * r, 0) / df;
  const q = jStat.studentt.inv(0.975, df);
  const coefficient = (k: number): Coefficient => {
    const estimate = beta.get(k, 0);
    const standardError = Math.sqrt(sigma2 * XtXInverse.get(k, k));
    const tStat = standardError === 0 ? (estimate === 0 ? 0 : Infinity) : estimate / standardError;
    return {
      estimate,
      standardError,
      interval: { lower: estimate - q * standardError, upper: estimate + q * standardError },
      pValue: Number.isFinite(tStat) ? 2 * jStat.studentt.cdf(-Math.abs(tStat), df) : 0,
    };
  };
  return {
    points: { before, after },
    degreesOfFreedom: df,
    baselineLevel: coefficient(0),
    trendBefore: coefficient(1),
    levelChange: coefficient(2),
    trendChange: coefficient(3),
  };
}
