import { segmentedRegression } from './interrupted-time-series';

/**
 * Worked by hand. With a separate intercept and slope either side of the change, the segmented
 * regression is two straight lines sharing one residual variance:
 * - before, months 0-2: 10, 13, 14 → slope 2, line through (1, 12.333), residuals −⅓, ⅔, −⅓ (SSR ⅔);
 * - after, months 3-5: 9, 9, 12 → slope 1.5, line through (4, 10), residuals ½, −1, ½ (SSR 1.5).
 * σ² = (⅔ + 1.5) / (6 − 4) = 1.083333.
 * Level change at month 3: 8.5 − (12.333 + 2·2) = −7.833333, variance σ²(⅓ + 1/2 + ⅓ + 4/2) = σ²·19/6,
 * standard error 1.852176. Trend change 1.5 − 2 = −0.5, variance σ²(1/2 + 1/2), standard error 1.040833.
 * t(0.975, 2 df) = 4.302653 (any t table).
 */
describe('interrupted time series (segmented regression)', () => {
  const series = [10, 13, 14, 9, 9, 12].map((value, t) => ({ value, after: t >= 3 }));

  it('given three months either side, estimates the level and trend change with their standard errors and t intervals', () => {
    const its = segmentedRegression(series);
    expect(its).not.toBeNull();
    expect(its?.degreesOfFreedom).toBe(2);
    expect(its?.points).toEqual({ before: 3, after: 3 });
    expect(its?.trendBefore.estimate).toBeCloseTo(2, 6);
    expect(its?.baselineLevel.estimate).toBeCloseTo(10.333333, 5);
    expect(its?.levelChange.estimate).toBeCloseTo(-7.833333, 5);
    expect(its?.levelChange.standardError).toBeCloseTo(1.852176, 5);
    expect(its?.levelChange.interval.lower).toBeCloseTo(-7.833333 - 4.302653 * 1.852176, 4);
    expect(its?.levelChange.interval.upper).toBeCloseTo(-7.833333 + 4.302653 * 1.852176, 4);
    expect(its?.trendChange.estimate).toBeCloseTo(-0.5, 6);
    expect(its?.trendChange.standardError).toBeCloseTo(1.040833, 5);
    expect(its?.trendChange.interval.upper).toBeCloseTo(-0.5 + 4.302653 * 1.040833, 4);
  });

  it('gives a two-sided p-value from Student’s t: t = −4.229 on 2 df, just short of the 4.303 of p = 0.05', () => {
    // Level change t = −7.833333 / 1.852176 = −4.2293, so p is a little over 0.05.
    const its = segmentedRegression(series);
    expect(its?.levelChange.pValue).toBeGreaterThan(0.05);
    expect(its?.levelChange.pValue).toBeLessThan(0.06);
  });

  it('recovers an exact step and slope change with no residual error', () => {
    // y = 5 + 1·t before; from month 4: a step of +3 and the slope becomes 1 − 0.5.
    const exact = Array.from({ length: 8 }, (_, t) => ({ value: t < 4 ? 5 + t : 5 + t + 3 - 0.5 * (t - 4), after: t >= 4 }));
    const its = segmentedRegression(exact);
    expect(its?.levelChange.estimate).toBeCloseTo(3, 9);
    expect(its?.trendChange.estimate).toBeCloseTo(-0.5, 9);
    expect(its?.levelChange.standardError).toBeCloseTo(0, 9);
  });

  it('leaves out months with nothing to measure but keeps their place in time', () => {
    const gappy = [10, null, 13, 14, 9, 9, 12].map((value, t) => ({ value, after: t >= 4 }));
    const its = segmentedRegression(gappy);
    expect(its?.points).toEqual({ before: 3, after: 3 });
    // Before: months 0, 2 and 3 (mean 1.6667, Sxx 4.6667), values 10, 13, 14 (mean 12.3333).
    expect(its?.trendBefore.estimate).toBeCloseTo(((0 - 1.6667) * (10 - 12.3333) + (2 - 1.6667) * (13 - 12.3333) + (3 - 1.6667) * (14 - 12.3333)) / 4.6667, 3);
  });

  it('says nothing with fewer than three months on either side', () => {
    expect(segmentedRegression([10, 13, 9, 9, 12].map((value, t) => ({ value, after: t >= 2 })))).toBeNull();
    expect(segmentedRegression([10, 13, 14].map((value) => ({ value, after: false })))).toBeNull();
  });
});
