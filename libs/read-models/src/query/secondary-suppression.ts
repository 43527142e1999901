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

/** A cell's mark in `suppressLines`: shown, withheld as small (primary) or withheld so that a small one cannot be worked out (secondary). */
export const SHOWN = 0;
export const PRIMARY = 1;
export const SECONDARY = 2;
const MARKS: readonly CellMark[] = ['shown', 'primary', 'secondary'];

/**
 * The same rule over any set of cells: each line is a set of cells (indexes into `counts`) whose
 * sum a reader can learn (a total shown beside them, in another answer, or one of the cells itself
 * when the others are its parts), so a line with exactly one withheld cell gives it away. Cells in
 * `alreadyWithheld` start withheld (as `secondary`). `exhausted[i]` says that line `i` held a single
 * withheld cell and nothing else to withhold: its total must not be shown either.
 */
export function suppressCells(
  counts: readonly number[],
  lines: readonly (readonly number[])[],
  options: SecondarySuppressionOptions & { readonly alreadyWithheld?: readonly boolean[] },
): { marks: CellMark[]; exhausted: boolean[] } {
  const cells: number[] = [];
  const starts = [0];
  for (const line of lines) {
    for (const c of line) cells.push(c);
    starts.push(cells.length);
  }
  const { marks, exhausted } = suppressLines(counts, cells, starts, options);
  return { marks: Array.from(marks, (m) => MARKS[m]), exhausted: Array.from(exhausted, Boolean) };
}

/**
 * `suppressCells` over lines laid out one after another: line `i` is `lineCells[lineStarts[i]]` up to
 * `lineStarts[i + 1]`. An answer may have a hundred thousand cells in tens of thousands of lines, and
 * one small array each is what the young generation's collections would copy.
 */
export function suppressLines(
  counts: ArrayLike<number>,
  lineCells: ArrayLike<number>,
  lineStarts: ArrayLike<number>,
  options: SecondarySuppressionOptions & { readonly alreadyWithheld?: readonly boolean[] },
): { marks: Uint8Array; exhausted: Uint8Array } {
  // Indexed loops throughout: this runs once per answer over up to a hundred thousand cells, mostly
  // before V8 has optimised it, and unoptimised code allocates an iterator result per `for…of` step.
  const cellCount = counts.length;
  const lineCount = lineStarts.length - 1;
  const marks = new Uint8Array(cellCount);
  for (let c = 0; c < cellCount; c++) {
    const n = counts[c];
    if (!Number.isInteger(n) || n < 0) throw new Error(`table cells must be counts (whole numbers ≥ 0), not ${n}`);
    marks[c] = n > 0 && n < options.threshold ? PRIMARY : options.alreadyWithheld?.[c] ? SECONDARY : SHOWN;
  }
  const exhausted = new Uint8Array(lineCount);
  // The lines each cell is in (cell c's lines are at linesOf[firstLine[c]] up to firstLine[c + 1]).
  const firstLine = new Int32Array(cellCount + 1);
  const withheldIn = new Int32Array(lineCount);
  for (let i = 0; i < lineCount; i++)
    for (let k = lineStarts[i]; k < lineStarts[i + 1]; k++) {
      const c = lineCells[k];
      firstLine[c + 1]++;
      if (marks[c] !== SHOWN) withheldIn[i]++;
    }
  for (let c = 0; c < cellCount; c++) firstLine[c + 1] += firstLine[c];
  const linesOf = new Int32Array(firstLine[cellCount]);
  const filled = firstLine.slice(0, cellCount);
  for (let i = 0; i < lineCount; i++) for (let k = lineStarts[i]; k < lineStarts[i + 1]; k++) linesOf[filled[lineCells[k]]++] = i;
  // Lines are looked at in order, then again whenever one of their cells is withheld: each cell is
  // withheld at most once, so this ends after at most (cells + lines) visits per line.
  const queue: number[] = [];
  for (let i = 0; i < lineCount; i++) queue.push(i);
  const queued = new Uint8Array(lineCount).fill(1);
  for (let head = 0; head < queue.length; head++) {
    const i = queue[head];
    queued[i] = 0;
    if (exhausted[i] || withheldIn[i] !== 1) continue;
    // The smallest non-zero cell still shown (the first on a tie), else the first zero.
    let next = -1;
    for (let k = lineStarts[i]; k < lineStarts[i + 1]; k++) {
      const c = lineCells[k];
      if (marks[c] !== SHOWN) continue;
      const n = counts[c];
      if (next < 0) next = c;
      else {
        const b = counts[next];
        if ((b === 0 && n > 0) || (n > 0 && n < b)) next = c;
      }
    }
    if (next < 0) {
      exhausted[i] = 1;
      continue;
    }
    marks[next] = SECONDARY;
    for (let k = firstLine[next]; k < firstLine[next + 1]; k++) {
      const j = linesOf[k];
      withheldIn[j]++;
      if (queued[j] === 0) {
        queued[j] = 1;
        queue.push(j);
      }
    }
  }
  return { marks, exhausted };
}

/** Marks the cells of `counts` (rows × columns of non-negative whole numbers) to withhold. */
export function suppressTable(counts: readonly (readonly number[])[], options: SecondarySuppressionOptions): SuppressedTable {
  const rows = counts.length;
  const cols = rows === 0 ? 0 : counts[0].length;
  for (const row of counts) if (row.length !== cols) throw new Error('every row of the table must have the same number of columns');
  const at = (r: number, c: number) => r * cols + c;
  const lines = [
    ...Array.from({ length: rows }, (_, r) => Array.from({ length: cols }, (_, c) => at(r, c))),
    ...Array.from({ length: cols }, (_, c) => Array.from({ length: rows }, (_, r) => at(r, c))),
  ];
  const { marks, exhausted } = suppressCells(counts.flat(), lines, options);
  const table = counts.map((_, r) => marks.slice(r * cols, (r + 1) * cols));
  const rowTotalWithheld = exhausted.slice(0, rows);
  const columnTotalWithheld = exhausted.slice(rows);
  const suppressed = marks.some((m) => m !== 'shown') || exhausted.some(Boolean);
  return { marks: table, rowTotalWithheld, columnTotalWithheld, suppressed };
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
