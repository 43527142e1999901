import { freshPostgres } from '@journey-ledger/testing';
import { percentile, statsOf } from './histogram';

/**
 * The product's median and percentiles must be the ones an analyst gets when recomputing a figure
 * from the documented tables: here each is checked against PostgreSQL's own `percentile_cont`
 * over the same values, on data sets of every awkward shape.
 */
const histogramOf = (values: readonly number[]) => values.reduce((m, v) => m.set(v, (m.get(v) ?? 0) + 1), new Map<number, number>());

/** A small deterministic generator (a linear congruential one), so that a failure can be reproduced. */
function skewed(seed: number, n: number, spread: number): number[] {
  let x = seed;
  const out: number[] = [];
  for (let i = 0; i < n; i += 1) {
    x = (x * 1_103_515_245 + 12_345) % 2 ** 31;
    const u = x / 2 ** 31;
    out.push(Math.floor(spread * u * u)); // most values small, a long tail: like handovers and days waited
  }
  return out;
}

const DATA_SETS: Record<string, number[]> = {
  'one value': [7],
  'two values': [1, 2],
  'an even count with a gap between the middle values': [0, 1, 4, 9],
  'all equal': [3, 3, 3, 3, 3],
  'the handovers of 70 journeys (1 and 2 in the middle)': [...Array(20).fill(0), ...Array(15).fill(1), ...Array(25).fill(2), ...Array(10).fill(3)],
  'the fixture’s handovers': [...Array(11).fill(0), ...Array(10).fill(1), ...Array(11).fill(2)],
  'the fixture’s assessment working days': [5, 7, 18, 18, 19, 19, 19, 19, 19, 51, 51, 51],
  '101 skewed values': skewed(1, 101, 30),
  '2,000 skewed values with a long tail': skewed(42, 2000, 400),
};
const PS = [0, 0.1, 0.25, 0.5, 0.75, 0.9, 0.95, 1];

describe('median and percentiles (linear interpolation)', () => {
  let db: Awaited<ReturnType<typeof freshPostgres>>;
  beforeAll(async () => {
    db = await freshPostgres('jl_percentile', 2);
  });
  afterAll(async () => db.drop());

  const postgres = async (values: readonly number[]) => {
    const [row] = await db.query<{ p: number[] }>(
      `select percentile_cont(string_to_array($2, ',')::float8[]) within group (order by v) as p
         from unnest(string_to_array($1, ',')::int[]) as v`,
      [values.join(','), PS.join(',')],
    );
    return row.p.map(Number);
  };

  it.each(Object.entries(DATA_SETS))('agrees with PostgreSQL percentile_cont: %s', async (_name, values) => {
    // Given a set of values, when the product and PostgreSQL each take its percentiles,
    const expected = await postgres(values);
    const ours = PS.map((p) => percentile(histogramOf(values), p));
    // then they agree, to floating-point rounding.
    ours.forEach((v, i) => expect(v).toBeCloseTo(expected[i], 9));
    const st = statsOf(histogramOf(values));
    expect(st.median).toBeCloseTo(expected[PS.indexOf(0.5)], 9);
    expect(st.p90).toBeCloseTo(expected[PS.indexOf(0.9)], 9);
  });

  it('gives the mean of the two middle values as the median of an even count', async () => {
    const values = DATA_SETS['the handovers of 70 journeys (1 and 2 in the middle)'];
    expect(statsOf(histogramOf(values)).median).toBe(1.5);
    expect((await postgres(values))[PS.indexOf(0.5)]).toBe(1.5);
  });

  it('has no percentile for no values', () => {
    expect(percentile(new Map(), 0.5)).toBeNull();
    expect(statsOf(new Map())).toEqual({ count: 0, sum: 0, mean: null, median: null, p90: null, max: null });
  });
});
