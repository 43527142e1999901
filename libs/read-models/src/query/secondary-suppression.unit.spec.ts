import { presentCount, presentRate, suppressTable } from './secondary-suppression';

describe('secondary suppression', () => {
  it('withholds the next-smallest cell in each row and column until no withheld cell can be worked out from the totals', () => {
    // Journeys by sex (rows F, M, U) and outcome (columns A, B, C), totals published:
    //
    //          A    B    C  | total
    //   F     20    3   15  |   38
    //   M     12    9    7  |   28
    //   U      0    6   11  |   17
    //   total 32   18   33  |   83
    //
    // Primary: F/B = 3 (below 5).
    // Row F holds one withheld cell: the next-smallest shown is F/C = 15 (not 20).
    // Column B holds one (F/B): next-smallest of M/B = 9, U/B = 6 is U/B.
    // Column C holds one (F/C): next-smallest of M/C = 7, U/C = 11 is M/C.
    // Row M now holds one (M/C): of M/A = 12, M/B = 9, M/B.
    // Row U holds one (U/B): of U/A = 0 and U/C = 11 the non-zero U/C (a zero protects less).
    // Now rows F, M, U each hold two (B and C) and columns B and C three each: nothing more.
    // Check: the six withheld cells satisfy F: B+C = 18, M: B+C = 16, U: B+C = 17, column B = 18,
    // column C = 33 — five equations of rank 4 in six unknowns, so F/B = 3 could be anything from 0 to 18.
    const { marks, rowTotalWithheld, columnTotalWithheld, suppressed } = suppressTable(
      [
        [20, 3, 15],
        [12, 9, 7],
        [0, 6, 11],
      ],
      { threshold: 5 },
    );
    expect(marks).toEqual([
      ['shown', 'primary', 'secondary'],
      ['shown', 'secondary', 'secondary'],
      ['shown', 'secondary', 'secondary'],
    ]);
    expect(rowTotalWithheld).toEqual([false, false, false]);
    expect(columnTotalWithheld).toEqual([false, false, false]);
    expect(suppressed).toBe(true);
  });

  it('in a single breakdown column withholds the next-smallest group, so the total does not give the small group away', () => {
    // Handovers by disability: Yes 3, No 40, Not recorded 12, total 55 published.
    // Primary: Yes = 3. The column holds one: next-smallest shown is 12 (Not recorded), not 40.
    // Each row has one column, so its "row total" is the cell itself and is withheld with it.
    const t = suppressTable([[3], [40], [12]], { threshold: 5 });
    expect(t.marks).toEqual([['primary'], ['shown'], ['secondary']]);
    expect(t.columnTotalWithheld).toEqual([false]);
  });

  it('falls back to a zero when a line has no non-zero cell left, and to the total when it has no cell at all', () => {
    // One row: 2, 0. Row: 2 is primary, the only other cell is 0, so 0 is withheld.
    // Column 1 holds 2 alone (one row): no other cell, so the column total is withheld; likewise column 2.
    const t = suppressTable([[2, 0]], { threshold: 5 });
    expect(t.marks).toEqual([['primary', 'secondary']]);
    expect(t.columnTotalWithheld).toEqual([true, true]);
    expect(t.rowTotalWithheld).toEqual([false]);
  });

  it('withholds nothing when no cell is small, and shows zeros', () => {
    const t = suppressTable(
      [
        [5, 0],
        [7, 9],
      ],
      { threshold: 5 },
    );
    expect(t.suppressed).toBe(false);
    expect(t.marks.flat().every((m) => m === 'shown')).toBe(true);
  });

  it('honours the threshold: with 10, counts of 1–9 are primary', () => {
    const t = suppressTable([[9], [10], [30]], { threshold: 10 });
    expect(t.marks).toEqual([['primary'], ['secondary'], ['shown']]);
  });

  it('refuses a table that is not counts', () => {
    expect(() => suppressTable([[1.5]], { threshold: 5 })).toThrow(/whole numbers/);
    expect(() => suppressTable([[1, 2], [3]], { threshold: 5 })).toThrow(/same number of columns/);
  });
});

describe('presenting cells under the DfE convention', () => {
  it('rounds counts to the nearest 5 or 10 and shows c for withheld, z for a rate over nothing', () => {
    expect(presentCount(23, false, { roundTo: 5 })).toBe(25);
    expect(presentCount(23, false, { roundTo: 10 })).toBe(20);
    expect(presentCount(23, false)).toBe(23);
    expect(presentCount(3, true, { roundTo: 5 })).toBe('c');
    expect(presentCount(3, true)).toBeNull();
    // The rate is computed from unrounded counts: 7 / 23 = 0.30434… → 0.3043.
    expect(presentRate(7, 23, false, { roundTo: 5 })).toBe(0.3043);
    expect(presentRate(0, 0, false, { roundTo: 5 })).toBe('z');
    expect(presentRate(0, 0, false)).toBeNull();
    expect(presentRate(2, 9, true, { roundTo: 10 })).toBe('c');
  });
});
