/**
 * Small-number suppression for a table whose row and column totals are published beside it.
 *
 * Withholding the small cells alone (primary suppression) does not protect them: a reader takes
 * the row total and subtracts the cells that are shown. So the classic rule of statistical
 * disclosure control is applied as well (secondary, or complementary, suppression): in every row
 * and every column that holds exactly one withheld cell, the next-smallest shown cell is withheld
 * too, and this is repeated until no row or column holds a single withheld cell. A line with no
 * other cell left to withhold has its total withheld instead. Zeros are never withheld as the
 * primary cells (an empty cell discloses nobody) and are chosen as the complement only when a
 * line has no non-zero cell left, because withholding a zero protects less than withholding a count.
 *
 * The result is a set of marks; presenting them (null, or the GSS symbol `c`; rounding to the
 * nearest 5 or 10 as the DfE's releases do) is `presentCell` below.
 */
export type CellMark = 'shown' | 'primary' | 'secondary';

export interface SuppressedTable {
  readonly marks: CellMark[][];
  /** Row totals that had to be withheld because their row had no other cell to withhold. */
  readonly rowTotalWithheld: boolean[];
  readonly columnTotalWithheld: boolean[];
  /** Whether anything was withheld at all. */
  readonly suppressed: boolean;
}

export interface SecondarySuppressionOptions {
  /** Counts from 1 to threshold − 1 are withheld. DfE and NHS releases use 5 (withholding 1–4). */
  readonly threshold: number;
}

/** Marks the cells of `counts` (rows × columns of non-negative whole numbers) to withhold. */
export function suppressTable(counts: readonly (readonly number[])[], options: SecondarySuppressionOptions): SuppressedTable {
  const rows = counts.length;
  const cols = rows === 0 ? 0 : counts[0].length;
  for (const row of counts) {
    if (row.length !== cols) throw new Error('every row of the table must have the same number of columns');
    for (const n of row) if (!Number.isInteger(n) || n < 0) throw new Error(`table cells must be counts (whole numbers ≥ 0), not ${n}`);
  }
  const marks: CellMark[][] = counts.map((row) => row.map((n) => (n > 0 && n < options.threshold ? 'primary' : 'shown')));
  const rowTotalWithheld = new Array<boolean>(rows).fill(false);
  const columnTotalWithheld = new Array<boolean>(cols).fill(false);

  const lines: { cells: [number, number][]; withholdTotal: () => void; totalWithheld: () => boolean }[] = [
    ...counts.map((_, r) => ({
      cells: Array.from({ length: cols }, (_, c) => [r, c] as [number, number]),
      withholdTotal: () => (rowTotalWithheld[r] = true),
      totalWithheld: () => rowTotalWithheld[r],
    })),
    ...Array.from({ length: cols }, (_, c) => ({
      cells: Array.from({ length: rows }, (_, r) => [r, c] as [number, number]),
      withholdTotal: () => (columnTotalWithheld[c] = true),
      totalWithheld: () => columnTotalWithheld[c],
    })),
  ];

  // Each pass withholds at least one more cell or total, so this ends within rows × cols + rows + cols passes.
  for (let changed = true; changed;) {
    changed = false;
    for (const line of lines) {
      const withheld = line.cells.filter(([r, c]) => marks[r][c] !== 'shown');
      if (withheld.length !== 1 || line.totalWithheld()) continue;
      const candidates = line.cells.filter(([r, c]) => marks[r][c] === 'shown');
      const next = nextSmallest(candidates, counts);
      if (next) marks[next[0]][next[1]] = 'secondary';
      else line.withholdTotal();
      changed = true;
    }
  }
  const suppressed = marks.some((row) => row.some((m) => m !== 'shown')) || rowTotalWithheld.some(Boolean) || columnTotalWithheld.some(Boolean);
  return { marks, rowTotalWithheld, columnTotalWithheld, suppressed };
}

/** The smallest non-zero cell (the first in reading order on a tie), else the first zero. */
function nextSmallest(cells: [number, number][], counts: readonly (readonly number[])[]): [number, number] | undefined {
  let best: [number, number] | undefined;
  for (const cell of cells) {
    const n = counts[cell[0]][cell[1]];
    if (!best) best = cell;
    else {
      const b = counts[best[0]][best[1]];
      if ((b === 0 && n > 0) || (n > 0 && n < b)) best = cell;
    }
  }
  return best;
}

/** The DfE's published convention: counts rounded to the nearest 5 or 10, withheld cells `c`, not applicable `z`. */
export interface PublishedConvention {
  readonly roundTo: 5 | 10;
}

export const WITHHELD = 'c';
export const NOT_APPLICABLE = 'z';

/** A count as shown: null (or `c` under the published convention) when withheld, rounded when published. */
export function presentCount(n: number, withheld: boolean, published?: PublishedConvention): number | string | null {
  if (withheld) return published ? WITHHELD : null;
  return published ? Math.round(n / published.roundTo) * published.roundTo : n;
}

/** A rate over a denominator: computed from the unrounded counts; `z` (or null) when there is nothing to divide by. */
export function presentRate(numerator: number, denominator: number, withheld: boolean, published?: PublishedConvention): number | string | null {
  if (withheld) return published ? WITHHELD : null;
  if (denominator === 0) return published ? NOT_APPLICABLE : null;
  return Math.round((numerator / denominator) * 10_000) / 10_000;
}
