import { bootstrapInterval, mean, median, wilsonInterval } from './intervals';

const round4 = (i: { lower: number; upper: number } | null) => i && [Math.round(i.lower * 1e4) / 1e4, Math.round(i.upper * 1e4) / 1e4];

describe('confidence intervals', () => {
  // Newcombe RG (1998), "Two-sided confidence intervals for the single proportion: comparison of
  // seven methods", Statistics in Medicine 17:857–872, table II (method 3, Wilson score).
  it.each([
    [81, 263, [0.2553, 0.3662]],
    [15, 148, [0.0624, 0.1605]],
    [0, 20, [0, 0.1611]],
    [1, 29, [0.0061, 0.1718]],
  ])('gives the published Wilson interval for %i of %i', (x, n, expected) => {
    expect(round4(wilsonInterval(x, n))).toEqual(expected);
  });

  it('has no interval for a proportion of nothing', () => {
    expect(wilsonInterval(0, 0)).toBeNull();
  });

  it('bootstraps an interval that holds the statistic, the same on every run, and none for fewer than two values', () => {
    const values = [0, 1, 1, 2, 2, 2, 3, 4, 0, 1, 2, 5];
    const a = bootstrapInterval(values, mean)!;
    expect(a.lower).toBeLessThanOrEqual(mean(values)!);
    expect(a.upper).toBeGreaterThanOrEqual(mean(values)!);
    expect(a.upper - a.lower).toBeGreaterThan(0);
    expect(bootstrapInterval(values, mean)).toEqual(a);
    expect(bootstrapInterval([3], mean)).toBeNull();
    expect(median([1, 1, 2, 2])).toBe(1.5);
  });
});
