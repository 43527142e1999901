import { levelOf } from '../measures/measures.schema';
import { breakdown, count, NO_SUPPRESSION, rate, stat, sumLine } from './figures';
import { AnswerRows, render, renderRows } from './render-rows';
import { buckets0to5, percentile, statsOf, workingDayBands } from './histogram';
import { grainFor, periodLabel } from './metrics-query';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { periodBounds, reportToTidyCsv } from './csv';
import { FIGURE_LABELS } from './labels';

describe('histogram statistics', () => {
  const h = (values: number[]) => values.reduce((m, v) => m.set(v, (m.get(v) ?? 0) + 1), new Map<number, number>());
  it('interpolates between the two nearest ranks, as percentile_cont and PERCENTILE.INC', () => {
    // h = (N − 1)·p: 1.5 → halfway between 2 and 3; 1 → the second value; 8.1 → 0.1 of the way from 0 to 7.
    expect(percentile(h([1, 2, 3, 4]), 0.5)).toBe(2.5);
    expect(percentile(h([1, 2, 3]), 0.5)).toBe(2);
    expect(percentile(h([0, 0, 0, 0, 0, 0, 0, 0, 0, 7]), 0.9)).toBeCloseTo(0.7, 12);
    expect(percentile(h([0, 0, 0, 0, 0, 0, 0, 0, 7, 7]), 0.9)).toBe(7);
    expect(percentile(new Map(), 0.5)).toBeNull();
  });
  it('counts, sums, means and buckets 5 and over together', () => {
    // 0, 1, 1, 6: median between the two 1s; p90 at h = 2.7, 0.7 of the way from 1 to 6.
    expect(statsOf(h([0, 1, 1, 6]))).toEqual({ count: 4, sum: 8, mean: 2, median: 1, p90: expect.closeTo(4.5, 12), max: 6 });
    // The same values counted in another order, and a value counted 0 times: the same statistics.
    expect(
      statsOf(
        new Map([
          [6, 1],
          [9, 0],
          [1, 2],
          [0, 1],
        ]),
      ),
    ).toEqual(statsOf(h([0, 1, 1, 6])));
    expect(buckets0to5(h([0, 1, 1, 5, 9]))).toEqual({ '0': 1, '1': 2, '2': 0, '3': 0, '4': 0, '5+': 2 });
    expect(workingDayBands(h([0, 1, 2, 5, 6, 20, 21, 45, 46, 150]))).toEqual({ '0': 1, '1': 1, '2–5': 2, '6–10': 1, '11–20': 1, '21–45': 2, '46+': 2 });
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
      withheld: { b: 'small-count', 'r.numerator': 'small-count', 'r.rate': 'derived', s: 'derived' },
      suppressed: true,
    });
    expect(render(tree, { threshold: 5, applies: false })).toMatchObject({ b: 3, r: { rate: 0.25 }, s: 1.5, suppressed: false });
  });
  it('presents figures as published statistics: counts rounded, rates from unrounded figures, c withheld, z not applicable', () => {
    const tree = {
      zero: count(0),
      small: count(3),
      twelve: count(12),
      big: count(1234),
      smallRate: rate(3, 12, 'x'),
      ok: rate(6, 12, 'y'),
      overNothing: rate(0, 0, 'z'),
      smallBase: stat(1.5, count(4)),
      noValues: stat(null, count(0)),
    };
    // Given an auditor (nothing withheld in the exact presentation), when the published one is asked for,
    expect(render(tree, { threshold: 5, applies: false, published: { roundTo: 5 } })).toEqual({
      zero: 0,
      small: 'c',
      twelve: 10,
      big: 1235,
      smallRate: { numerator: 'c', denominator: 10, rate: 'c', definition: 'x' },
      ok: { numerator: 5, denominator: 10, rate: 0.5, definition: 'y' },
      overNothing: { numerator: 0, denominator: 0, rate: 'z', definition: 'z' },
      smallBase: 'c',
      noValues: 'z',
      withheld: { small: 'small-count', 'smallRate.numerator': 'small-count', 'smallRate.rate': 'derived', smallBase: 'derived' },
      suppressed: true,
    });
    // then small counts are withheld whoever asks, and rounding to 10 rounds 6 up and 1,234 down.
    expect(render(tree, { threshold: 5, applies: false, published: { roundTo: 10 } })).toMatchObject({
      big: 1230,
      ok: { numerator: 10, denominator: 10, rate: 0.5 },
    });
  });
  it('marks each withheld cell, not the row: a breakdown cannot be completed from its total, nor a mean give its total away', () => {
    // Given 60 journeys by handovers 0: 34, 1: 4, 2: 11, 3: 11 — the 4 could be worked out as 60 − 34 − 11 − 11,
    const journeys = count(60);
    const total = count(4);
    const tree = {
      journeys,
      distribution: breakdown(journeys, { '0': count(34), '1': count(4), '2': count(11), '3': count(11) }),
      withoutHelp: { total, mean: stat(4 / 38, count(38), [total]), median: stat(0, count(38)) },
    };
    // then the next-smallest bucket is withheld with it, the journeys stay shown, and the mean (4 / 38) goes with its total.
    expect(render(tree, { threshold: 5, applies: true })).toEqual({
      journeys: 60,
      distribution: { '0': 34, '1': null, '2': null, '3': 11 },
      withoutHelp: { total: null, mean: null, median: 0 },
      withheld: { 'distribution.1': 'small-count', 'distribution.2': 'complementary', 'withoutHelp.total': 'small-count', 'withoutHelp.mean': 'derived' },
      suppressed: true,
    });
  });
  it('withholds a complement across groups, whose sum is the answer without the grouping', () => {
    // Journeys by source: 3 (small), 9 and 40; the ungrouped answer says 52, so 9 goes too, 40 stays.
    const rows = renderRows(
      [
        { key: { source: '1A' }, figures: { journeys: count(3) } },
        { key: { source: '1B' }, figures: { journeys: count(9) } },
        { key: { source: '2A' }, figures: { journeys: count(40) } },
      ],
      { threshold: 5, applies: true },
    );
    expect(rows.map((r) => [r.source, r.journeys, r.withheld])).toEqual([
      ['1A', null, { journeys: 'small-count' }],
      ['1B', null, { journeys: 'complementary' }],
      ['2A', 40, {}],
    ]);
    // A count that only adds up with others in the row (sumLine) is protected too, and the declaration itself is not shown.
    const decided = count(29);
    const undecided = count(1);
    const received = count(30);
    expect(render({ received, decided, undecided, addsUp: sumLine(received, decided, undecided) }, { threshold: 5, applies: true })).toEqual({
      received: 30,
      decided: null,
      undecided: null,
      withheld: { decided: 'complementary', undecided: 'small-count' },
      suppressed: true,
    });
  });
  it('renders rows of different shapes in one answer, and protects the figures they share across rows', () => {
    // Given rows built as they come (their figure trees let go), one of them with a figure the others lack,
    const answer = new AnswerRows({ threshold: 5, applies: true });
    answer.add({ team: 'a' }, { journeys: count(3), note: 'first' });
    answer.add({ team: 'b' }, { journeys: count(9), extra: { referrals: count(2) }, note: 'second' });
    answer.add({ team: 'c' }, { journeys: count(40), note: 'third' });
    answer.add({ team: 'd' }, { journeys: count(12), extra: { referrals: count(30) }, note: 'fourth' });
    // then each row keeps its own figures, and the journeys add up across teams as if every row were alike:
    // the 3 withheld takes the 9 with it; the referrals' 2 takes the 30.
    expect(answer.render()).toEqual([
      { team: 'a', journeys: null, note: 'first', withheld: { journeys: 'small-count' }, suppressed: true },
      {
        team: 'b',
        journeys: null,
        extra: { referrals: null },
        note: 'second',
        withheld: { journeys: 'complementary', 'extra.referrals': 'small-count' },
        suppressed: true,
      },
      { team: 'c', journeys: 40, note: 'third', withheld: {}, suppressed: false },
      { team: 'd', journeys: 12, extra: { referrals: null }, note: 'fourth', withheld: { 'extra.referrals': 'complementary' }, suppressed: true },
    ]);
  });
  it('refuses a count shown in two rows of one answer: each row counts its own group', () => {
    const shared = count(7);
    expect(() =>
      renderRows(
        [
          { key: { team: 'a' }, figures: { journeys: shared } },
          { key: { team: 'b' }, figures: { journeys: shared } },
        ],
        NO_SUPPRESSION,
      ),
    ).toThrow('a count may be shown in one row of an answer only');
  });
  it('rounds rates to 4 decimal places and statistics to 3, unless full precision is asked for', () => {
    const tree = { r: rate(1, 3, 'x'), s: stat(2 / 3, count(9)) };
    expect(render(tree, NO_SUPPRESSION)).toMatchObject({ r: { rate: 0.3333 }, s: 0.667 });
    expect(render(tree, { ...NO_SUPPRESSION, fullPrecision: true })).toMatchObject({ r: { rate: 0.333333333333 }, s: 0.666666666667 });
    // Full precision is 12 significant digits: enough for any calculation, without binary floating-point noise (4.500000000000001).
    expect(render({ s: stat(1 + 0.7 * 5, count(9)) }, { ...NO_SUPPRESSION, fullPrecision: true })).toMatchObject({ s: 4.5 });
  });
});

describe('a measure as one tidy CSV table', () => {
  const rows = renderRows(
    [
      { key: { period: '2025-Q2', source: '1A' }, figures: { referrals: count(12), reReferrals: rate(3, 12, 'x') } },
      { key: { period: '2025-Q2', source: '2A' }, figures: { referrals: count(20), reReferrals: rate(9, 20, 'x') } },
      { key: { period: '2025-Q2', source: '3A' }, figures: { referrals: count(0), reReferrals: rate(0, 0, 'x') } },
    ],
    { threshold: 5, applies: true, fullPrecision: true },
  );
  it('gives a row per group and figure (a denominator shown beside as a count, once), named as the definitions name it, with the period’s ISO dates and why a figure is withheld', () => {
    expect(reportToTidyCsv(rows, { measure: 're-referrals', period: 'quarter' }).split('\n')).toEqual([
      'Period,Period start,Period end,Referral source,Figure,Value,Withheld',
      '2025-Q2,2025-04-01,2025-06-30,1A,Referrals,12,',
      '2025-Q2,2025-04-01,2025-06-30,1A,Re-referrals within 12 months,,small count',
      '2025-Q2,2025-04-01,2025-06-30,1A,Re-referral rate,,built on a withheld count',
      '2025-Q2,2025-04-01,2025-06-30,2A,Referrals,20,',
      // 9 goes with the 3: the quarter's re-referrals less 2A's would give 1A's away.
      '2025-Q2,2025-04-01,2025-06-30,2A,Re-referrals within 12 months,,withheld so that a small count cannot be worked out',
      '2025-Q2,2025-04-01,2025-06-30,2A,Re-referral rate,,built on a withheld count',
      '2025-Q2,2025-04-01,2025-06-30,3A,Referrals,0,',
      '2025-Q2,2025-04-01,2025-06-30,3A,Re-referrals within 12 months,0,',
      // Nothing to divide by: empty, and not withheld.
      '2025-Q2,2025-04-01,2025-06-30,3A,Re-referral rate,,',
      '',
    ]);
  });
  it('gives the JSON names and paths with headers=machine', () => {
    expect(reportToTidyCsv(rows, { measure: 're-referrals', period: 'quarter', headers: 'machine' }).split('\n').slice(0, 3)).toEqual([
      'period,periodStart,periodEnd,source,figure,value,withheld',
      '2025-Q2,2025-04-01,2025-06-30,1A,referrals,12,',
      '2025-Q2,2025-04-01,2025-06-30,1A,reReferrals.numerator,,small-count',
    ]);
  });
  it('dates every period by its first and last day', () => {
    expect(periodBounds('2025-03-31', 'week')).toEqual(['2025-03-31', '2025-04-06']);
    expect(periodBounds('2024-02', 'month')).toEqual(['2024-02-01', '2024-02-29']);
    expect(periodBounds('2025-Q4', 'quarter')).toEqual(['2025-10-01', '2025-12-31']);
    expect(periodBounds('FY2025-26', 'financial-year')).toEqual(['2025-04-01', '2026-03-31']);
  });
});

describe('figure names', () => {
  it('are each documented beside their path in docs/definitions.md', () => {
    const docs = readFileSync(join(__dirname, '../../../../docs/definitions.md'), 'utf8');
    for (const labels of Object.values(FIGURE_LABELS)) for (const [path, name] of Object.entries(labels)) expect(docs).toContain(`${name} (\`${path}\`)`);
  });
});
