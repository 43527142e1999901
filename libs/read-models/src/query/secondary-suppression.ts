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
  // Indexed loops throughout: this runs once per answer over up to a hundred thousand cells, mostly
  // before V8 has optimised it, and unoptimised code allocates an iterator result per `for…of` step.
  for (let c = 0; c < counts.length; c++) {
    const n = counts[c];
    if (!Number.isInteger(n) || n < 0) throw new Error(`table cells must be counts (whole numbers ≥ 0), not ${n}`);
  }
  const marks: CellMark[] = counts.map((n, i) => (n > 0 && n < options.threshold ? 'primary' : options.alreadyWithheld?.[i] ? 'secondary' : 'shown'));
  const exhausted = new Array<boolean>(lines.length).fill(false);
  // The lines each cell is in, as one flat list (cell c's lines are at linesOf[firstLine[c]] up to firstLine[c + 1]):
  // an answer may have a hundred thousand cells, and one small array each is what its collections would copy.
  const firstLine = new Int32Array(counts.length + 1);
  const withheldIn = new Int32Array(lines.length);
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    for (let k = 0; k < line.length; k++) {
      const c = line[k];
      firstLine[c + 1]++;
      if (marks[c] !== 'shown') withheldIn[i]++;
    }
  }
  for (let c = 0; c < counts.length; c++) firstLine[c + 1] += firstLine[c];
  const linesOf = new Int32Array(firstLine[counts.length]);
  const filled = firstLine.slice(0, counts.length);
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    for (let k = 0; k < line.length; k++) linesOf[filled[line[k]]++] = i;
  }
  // Lines are looked at in order, then again whenever one of their cells is withheld: each cell is
  // withheld at most once, so this ends after at most (cells + lines) visits per line.
  const queue = Array.from({ length: lines.length }, (_, i) => i);
  const queued = new Uint8Array(lines.length).fill(1);
  for (let head = 0; head < queue.length; head++) {
    const i = queue[head];
    queued[i] = 0;
    if (exhausted[i] || withheldIn[i] !== 1) continue;
    const next = nextSmallest(lines[i], counts, (c) => marks[c] === 'shown');
    if (next === undefined) {
      exhausted[i] = true;
      continue;
    }
    marks[next] = 'secondary';
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

/** The smallest non-zero cell among those `eligible` (the first on a tie), else the first zero. */
function nextSmallest(cells: readonly number[], counts: readonly number[], eligible: (cell: number) => boolean = () => true): number | undefined {
  let best: number | undefined;
  for (const cell of cells) {
    if (!eligible(cell)) continue;
    const n = counts[cell];
    if (best === undefined) best = cell;
    else {
      const b = counts[best];
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
