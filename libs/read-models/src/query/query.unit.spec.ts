import { twelveMonthsBefore } from '../re-referrals/re-referrals.projection';
import { levelOf } from '../measures/measures.schema';
import { count, rate, render, stat } from './figures';
import { buckets0to5, percentile, statsOf } from './histogram';
import { grainFor, periodLabel } from './metrics-query';
import { rowsToCsv } from './csv';

describe('histogram statistics (nearest rank)', () => {
  const h = (values: number[]) => values.reduce((m, v) => m.set(v, (m.get(v) ?? 0) + 1), new Map<number, number>());
  it('takes the smallest value whose cumulative count reaches ceil(p·N)', () => {
    expect(percentile(h([1, 2, 3, 4]), 0.5)).toBe(2);
    expect(percentile(h([1, 2, 3]), 0.5)).toBe(2);
    expect(percentile(h([0, 0, 0, 0, 0, 0, 0, 0, 0, 7]), 0.9)).toBe(0);
    expect(percentile(h([0, 0, 0, 0, 0, 0, 0, 0, 7, 7]), 0.9)).toBe(7);
    expect(percentile(new Map(), 0.5)).toBeNull();
  });
  it('counts, sums, means and buckets 5 and over together', () => {
    expect(statsOf(h([0, 1, 1, 6]))).toEqual({ count: 4, sum: 8, mean: 2, median: 1, p90: 6, max: 6 });
    expect(buckets0to5(h([0, 1, 1, 5, 9]))).toEqual({ '0': 1, '1': 2, '2': 0, '3': 0, '4': 0, '5+': 2 });
  });
});

describe('periods', () => {
  it('labels weeks by their Monday, quarters, and April–March financial years', () => {
    expect(periodLabel('2025-05-11', 'week')).toBe('2025-05-05');
    expect(periodLabel('2025-05-12', 'week')).toBe('2025-05-12');
    expect(periodLabel('2025-03', 'quarter')).toBe('2025-Q1');
    expect(periodLabel('2025-03-31', 'financial-year')).toBe('FY2024-25');
    expect(periodLabel('2025-04', 'financial-year')).toBe('FY2025-26');
    expect(periodLabel('2099-12', 'financial-year')).toBe('FY2099-00');
  });
  it('reads the month cube unless a day boundary or a day/week grouping is asked for', () => {
    expect(grainFor({ from: '2025-04-01', to: '2026-04-01', period: 'quarter' })).toBe('month');
    expect(grainFor({ from: '2025-04-02' })).toBe('day');
    expect(grainFor({ period: 'week' })).toBe('day');
  });
  it('goes back 12 calendar months, 29 February to 28 February', () => {
    expect(twelveMonthsBefore('2025-09-03')).toBe('2024-09-03');
    expect(twelveMonthsBefore('2024-02-29')).toBe('2023-02-28');
  });
});

describe('roll-up levels', () => {
  it('picks the smallest level holding the dimensions used', () => {
    expect(levelOf([], 'month')).toBe('none');
    expect(levelOf(['tier', 'area', 'team'], 'day')).toBe('team');
    expect(levelOf(['source', 'outcome'], 'month')).toBe('outcome+source');
    expect(levelOf(['source', 'outcome'], 'day')).toBe('all');
    expect(levelOf(['source', 'outcome', 'team'], 'month')).toBe('all');
  });
});

describe('suppression', () => {
  it('withholds counts 1–4, the rates and statistics on them, and marks the row', () => {
    const tree = { a: count(0), b: count(3), c: count(12), r: rate(3, 12, 'x'), s: stat(1.5, count(4)), ok: rate(6, 12, 'y') };
    expect(render(tree, { threshold: 5, applies: true })).toEqual({
      a: 0,
      b: null,
      c: 12,
      r: { numerator: null, denominator: 12, rate: null, definition: 'x' },
      s: null,
      ok: { numerator: 6, denominator: 12, rate: 0.5, definition: 'y' },
      suppressed: true,
    });
    expect(render(tree, { threshold: 5, applies: false })).toMatchObject({ b: 3, r: { rate: 0.25 }, s: 1.5, suppressed: false });
  });
  it('writes the same figures to CSV, withheld ones as empty cells', () => {
    expect(rowsToCsv([{ period: '2025-04', r: { numerator: null, denominator: 12, rate: null, definition: 'x' }, suppressed: true }])).toBe(
      'period,r.numerator,r.denominator,r.rate,suppressed\n2025-04,,12,,true\n',
    );
  });
});
