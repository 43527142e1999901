import { Breakdown, Count, FigureRow, RATE_DECIMALS, RateFigure, Stat, STATISTIC_DECIMALS, SumLine, Suppression, SYMBOLS, WithheldReason } from './figures';
import { PRIMARY, SECONDARY, suppressLines } from './secondary-suppression';

/**
 * The shape of one row's figure tree, learnt from the first row that has it: what each node is,
 * its path, and where its numbers go in a row's flat arrays. The rows of an answer nearly always
 * share one shape (one build function made them), so a row is kept as two small arrays of numbers
 * and values, not as its tree: an answer of thousands of groups then holds a few megabytes while
 * it is built, instead of every group's figure tree, which V8's young-generation collections
 * would copy over and over.
 */
type Node = CountNode | StatNode | RateNode | LineNode | ObjectNode | ArrayNode | ValueNode;
interface CountNode {
  readonly kind: 'count';
  readonly path: string;
  /** The count's place among the row's cells (its first place in the tree, in the order they are met). */
  readonly cell: number;
  /** The count's path among every count path of the answer: the rows that differ in one dimension are summed along it. */
  readonly column: number;
}
interface StatNode {
  readonly kind: 'stat';
  readonly path: string;
  readonly value: number;
  readonly base: number;
  readonly discloses: readonly number[];
}
interface RateNode {
  readonly kind: 'rate';
  readonly ratePath: string;
  readonly numerator: CountNode;
  readonly denominator: CountNode;
  readonly definition: number;
  readonly beside: ObjectNode;
}
/** A Breakdown (its parts rendered) or a SumLine (not rendered): either way, cells that add up. */
interface LineNode {
  readonly kind: 'breakdown' | 'sum-line';
  /** The line's cells: its total, then its parts. */
  readonly cells: readonly number[];
  readonly parts?: ObjectNode;
}
interface ObjectNode {
  readonly kind: 'object';
  readonly keys: readonly string[];
  readonly children: readonly Node[];
}
interface ArrayNode {
  readonly kind: 'array';
  readonly children: readonly Node[];
}
/** Anything that is not a figure (a label, a number shown as it is): kept as it is, per row. */
interface ValueNode {
  readonly kind: 'value';
  readonly value: number;
}

interface Shape {
  readonly root: ObjectNode;
  readonly cells: number;
  readonly values: number;
  /** Within the row: cells that add up (each Breakdown and SumLine), in the order they are met. */
  readonly lines: readonly (readonly number[])[];
  /** For each count column of the answer (as far as it was known when this shape was learnt), the row's cell there, or -1. */
  readonly cellOfColumn: Int32Array;
}

/** One row as kept until the answer is rendered. */
interface KeptRow {
  readonly key: Record<string, string>;
  readonly shape: Shape;
  /** Each cell's count. */
  readonly counts: Float64Array;
  /** Statistics, rate definitions and values that are not figures, by the shape's slots. */
  readonly values: unknown[];
  /** The row's first cell among the answer's. */
  readonly offset: number;
}

/** Counts are told apart by the row (and attempt) that last numbered them: `Count.stamp` holds it. */
let stamps = 0;

const child = (path: string, key: string) => (path ? `${path}.${key}` : key);
const isPlainObject = (v: unknown): v is Record<string, unknown> =>
  v !== null &&
  typeof v === 'object' &&
  !Array.isArray(v) &&
  !(v instanceof Count || v instanceof Stat || v instanceof RateFigure || v instanceof Breakdown || v instanceof SumLine);

/**
 * An answer's rows, rendered to plain JSON once all are added. Each row is its key, its figures
 * (withheld ones `null`, or `c` when published), `withheld` naming each withheld figure by its path
 * with the reason, and `suppressed`, true when anything in the row is withheld. Suppression is
 * decided over the whole answer: within a row, a breakdown and its total; across rows, the same
 * figure in groups that differ in one dimension only, whose sum is the answer grouped by one
 * dimension fewer.
 *
 * Rows may be added as they are built, and their figure trees let go: only their numbers are kept.
 */
export class AnswerRows {
  private readonly rows: KeptRow[] = [];
  private readonly shapes: Shape[] = [];
  private readonly columns = new Map<string, number>();
  private readonly dimensions = new Set<string>();
  private cells = 0;
  /** Stamps from here on are this answer's: a count stamped since, but before the current row, was in an earlier row. */
  private readonly firstStamp = stamps + 1;

  constructor(private readonly s: Suppression) {}

  add(key: Record<string, string>, figures: Record<string, unknown>): void {
    for (const k in key) this.dimensions.add(k);
    const rowStamp = ++stamps;
    const last = this.shapes[this.shapes.length - 1];
    let kept = last && this.keep(last, figures, rowStamp);
    for (let i = this.shapes.length - 2; kept === undefined && i >= 0; i--) kept = this.keep(this.shapes[i], figures, rowStamp);
    if (kept === undefined) {
      const shape = this.learn(figures, rowStamp);
      this.shapes.push(shape);
      kept = this.keep(shape, figures, rowStamp);
      if (kept === undefined) throw new Error('a figure tree did not match the shape learnt from it');
    }
    this.rows.push({ key, shape: kept.shape, counts: kept.counts, values: kept.values, offset: this.cells });
    this.cells += kept.shape.cells;
  }

  /** The shape of `figures`, with the count columns it brings added to the answer's. */
  private learn(figures: Record<string, unknown>, rowStamp: number): Shape {
    if (!isPlainObject(figures)) throw new Error('a row of figures must be a plain object');
    const stamp = ++stamps;
    let cells = 0;
    let values = 0;
    const lines: number[][] = [];
    const columnCells: [number, number][] = [];
    const cellOf = (c: Count): number => {
      if (c.stamp !== stamp) {
        this.checkNotShared(c, rowStamp);
        c.stamp = stamp;
        c.cell = cells++;
      }
      return c.cell;
    };
    const countNode = (c: Count, path: string): CountNode => {
      let column = this.columns.get(path);
      if (column === undefined) this.columns.set(path, (column = this.columns.size));
      const node: CountNode = { kind: 'count', path, cell: cellOf(c), column };
      columnCells.push([column, node.cell]);
      return node;
    };
    // In the order renderRows has always numbered cells and lines, so that suppression's choices (the first of equal cells) stay the same.
    const objectNode = (v: Record<string, unknown>, path: string): ObjectNode => {
      const keys: string[] = [];
      const children: Node[] = [];
      for (const k in v) {
        keys.push(k);
        children.push(node(v[k], child(path, k)));
      }
      return { kind: 'object', keys, children };
    };
    const node = (v: unknown, path: string): Node => {
      if (v instanceof Count) return countNode(v, path);
      if (v instanceof Stat) {
        const base = cellOf(v.base);
        return { kind: 'stat', path, value: values++, base, discloses: v.discloses.map(cellOf) };
      }
      if (v instanceof RateFigure) {
        const numerator = countNode(v.numerator, child(path, 'numerator'));
        const denominator = countNode(v.denominator, child(path, 'denominator'));
        const definition = values++;
        return { kind: 'rate', ratePath: child(path, 'rate'), numerator, denominator, definition, beside: objectNode(v.beside, path) };
      }
      if (v instanceof Breakdown) {
        const line = [cellOf(v.total), ...Object.values(v.parts).map(cellOf)];
        lines.push(line);
        return { kind: 'breakdown', cells: line, parts: objectNode(v.parts, path) };
      }
      if (v instanceof SumLine) {
        const line = [cellOf(v.total), ...v.parts.map(cellOf)];
        lines.push(line);
        return { kind: 'sum-line', cells: line };
      }
      if (Array.isArray(v)) return { kind: 'array', children: v.map((x, i) => node(x, child(path, String(i)))) };
      if (v !== null && typeof v === 'object') return objectNode(v as Record<string, unknown>, path);
      return { kind: 'value', value: values++ };
    };
    const root = objectNode(figures, '');
    const cellOfColumn = new Int32Array(this.columns.size).fill(-1);
    for (const [column, cell] of columnCells) cellOfColumn[column] = cell;
    return { root, cells, values, lines, cellOfColumn };
  }

  private checkNotShared(c: Count, rowStamp: number): void {
    if (c.stamp >= this.firstStamp && c.stamp < rowStamp) throw new Error('a count may be shown in one row of an answer only');
  }

  /** The row's numbers, if `figures` has `shape`; undefined if it has another. */
  private keep(shape: Shape, figures: Record<string, unknown>, rowStamp: number): { shape: Shape; counts: Float64Array; values: unknown[] } | undefined {
    const stamp = ++stamps;
    let next = 0;
    const counts = new Float64Array(shape.cells);
    const values = new Array<unknown>(shape.values);
    // The count's cell in this row must be where the shape has it: the same count shown twice, twice.
    const at = (c: Count, cell: number): boolean => {
      if (c.stamp !== stamp) {
        this.checkNotShared(c, rowStamp);
        c.stamp = stamp;
        c.cell = next++;
        counts[c.cell] = c.n;
      }
      return c.cell === cell;
    };
    const object = (v: unknown, n: ObjectNode): boolean => {
      if (!isPlainObject(v)) return false;
      let i = 0;
      for (const k in v) {
        if (i >= n.keys.length || n.keys[i] !== k || !fill(v[k], n.children[i])) return false;
        i++;
      }
      return i === n.keys.length;
    };
    const line = (cells: readonly number[], total: Count, parts: readonly Count[]): boolean => {
      if (parts.length + 1 !== cells.length || !at(total, cells[0])) return false;
      for (let i = 0; i < parts.length; i++) if (!at(parts[i], cells[i + 1])) return false;
      return true;
    };
    const fill = (v: unknown, n: Node): boolean => {
      switch (n.kind) {
        case 'count':
          return v instanceof Count && at(v, n.cell);
        case 'stat':
          if (!(v instanceof Stat) || !at(v.base, n.base) || v.discloses.length !== n.discloses.length) return false;
          for (let i = 0; i < n.discloses.length; i++) if (!at(v.discloses[i], n.discloses[i])) return false;
          values[n.value] = v.value;
          return true;
        case 'rate':
          if (!(v instanceof RateFigure) || !at(v.numerator, n.numerator.cell) || !at(v.denominator, n.denominator.cell)) return false;
          values[n.definition] = v.definition;
          return object(v.beside, n.beside);
        case 'breakdown':
          return v instanceof Breakdown && line(n.cells, v.total, Object.values(v.parts)) && object(v.parts, n.parts!);
        case 'sum-line':
          return v instanceof SumLine && line(n.cells, v.total, v.parts);
        case 'object':
          return object(v, n);
        case 'array':
          if (!Array.isArray(v) || v.length !== n.children.length) return false;
          for (let i = 0; i < v.length; i++) if (!fill(v[i], n.children[i])) return false;
          return true;
        case 'value':
          if (v !== null && typeof v === 'object') return false;
          values[n.value] = v;
          return true;
      }
    };
    return object(figures, shape.root) && next === shape.cells ? { shape, counts, values } : undefined;
  }

  /** Every row to plain JSON, suppression decided over them all. */
  render(): Record<string, unknown>[] {
    const s = this.s;
    const rows = this.rows;
    const applies = s.applies || s.published !== undefined;
    const marks = applies ? this.suppress() : undefined;
    const reasonOf = (cell: number): WithheldReason | undefined => {
      if (marks === undefined) return undefined;
      const m = marks[cell];
      return m === PRIMARY ? 'small-count' : m === SECONDARY ? 'complementary' : undefined;
    };
    const withheldSymbol = s.published ? SYMBOLS.withheld : null;
    const notApplicable = s.published ? SYMBOLS.notApplicable : null;
    // Full precision keeps 12 significant digits: every digit that means anything, none of binary floating point's noise.
    const decimals = (v: number, places: number) => (s.fullPrecision ? Number(v.toPrecision(12)) : Math.round(v * 10 ** places) / 10 ** places);
    const shown = (n: number) => (s.published ? Math.round(n / s.published.roundTo) * s.published.roundTo : n);

    let row = rows[0];
    let withheld: Record<string, WithheldReason> = {};
    let anyWithheld = false;
    const hold = (path: string, reason: WithheldReason) => {
      withheld[path] = reason;
      anyWithheld = true;
      return withheldSymbol;
    };
    const count = (n: CountNode): unknown => {
      const reason = reasonOf(row.offset + n.cell);
      return reason ? hold(n.path, reason) : shown(row.counts[n.cell]);
    };
    // Writes the fields of one figure object into `out` (a row's figures go straight into the row).
    const fields = (n: ObjectNode, out: Record<string, unknown>): Record<string, unknown> => {
      for (let i = 0; i < n.keys.length; i++) if (n.children[i].kind !== 'sum-line') out[n.keys[i]] = walk(n.children[i]);
      return out;
    };
    const walk = (n: Node): unknown => {
      switch (n.kind) {
        case 'count':
          return count(n);
        case 'stat': {
          if (reasonOf(row.offset + n.base) || n.discloses.some((c) => reasonOf(row.offset + c))) return hold(n.path, 'derived');
          const value = row.values[n.value] as number | null;
          return value === null ? notApplicable : decimals(value, STATISTIC_DECIMALS);
        }
        case 'rate': {
          const numerator = count(n.numerator);
          const denominator = count(n.denominator);
          const hide = reasonOf(row.offset + n.numerator.cell) || reasonOf(row.offset + n.denominator.cell);
          const d = row.counts[n.denominator.cell];
          return fields(n.beside, {
            numerator,
            denominator,
            // From the unrounded figures, as published statistics compute them.
            rate: hide ? hold(n.ratePath, 'derived') : d === 0 ? notApplicable : decimals(row.counts[n.numerator.cell] / d, RATE_DECIMALS),
            definition: row.values[n.definition],
          });
        }
        case 'breakdown':
          return fields(n.parts!, {});
        case 'sum-line':
          return undefined;
        case 'object':
          return fields(n, {});
        case 'array':
          return n.children.map(walk);
        case 'value':
          return row.values[n.value];
      }
    };
    const out = new Array<Record<string, unknown>>(rows.length);
    for (let r = 0; r < rows.length; r++) {
      row = rows[r];
      withheld = {};
      anyWithheld = false;
      // The key copied into a fresh object, not spread: in this V8 an object spread and then added to
      // gets a hidden class of its own, so every row of an answer had its own, and building and
      // serialising the rows went through the slow paths (a 2,000-row answer: 155 ms → 111 ms).
      const o: Record<string, unknown> = {};
      for (const k in row.key) o[k] = row.key[k];
      fields(row.shape.root, o);
      o.withheld = withheld;
      o.suppressed = anyWithheld;
      out[r] = o;
    }
    return out;
  }

  /** Each cell's mark: the lines within rows, then across rows, in the order suppression visits them. */
  private suppress(): Uint8Array {
    const rows = this.rows;
    const counts = new Float64Array(this.cells);
    // Room for every line at once: the lines within rows, and a line per count, dimension and row at most across them.
    let withinRows = 0;
    let linesWithinRows = 0;
    for (const r of rows) {
      linesWithinRows += r.shape.lines.length;
      for (const line of r.shape.lines) withinRows += line.length;
    }
    const across = this.columns.size * this.dimensions.size * rows.length;
    const lineCells = new IntList(withinRows + across);
    const lineStarts = new IntList(1 + linesWithinRows + across);
    lineStarts.push(0);
    for (const r of rows) {
      counts.set(r.counts, r.offset);
      for (const line of r.shape.lines) {
        for (let k = 0; k < line.length; k++) lineCells.push(r.offset + line[k]);
        lineStarts.push(lineCells.length);
      }
    }
    // Across rows: rows that differ in one dimension only add up to the answer without that dimension.
    // For each dimension, rows with the same key without it share a number (`alikeRows`).
    const dimensions = [...this.dimensions];
    const values = dimensions.map((d) => valueNumbers(rows, d));
    const alike = dimensions.map((_, d) => alikeRows(values, d, rows.length));
    const cellAt = new Int32Array(rows.length);
    for (let column = 0; column < this.columns.size; column++) {
      for (let i = 0; i < rows.length; i++) {
        const byColumn = rows[i].shape.cellOfColumn;
        cellAt[i] = column < byColumn.length && byColumn[column] >= 0 ? rows[i].offset + byColumn[column] : -1;
      }
      for (const { groupOf, groups } of alike) {
        // Lines in the order their first row holding this path comes; each line's cells in row order.
        const lineOf = new Int32Array(groups).fill(-1);
        const size = new Int32Array(groups);
        let found = 0;
        for (let i = 0; i < rows.length; i++) {
          if (cellAt[i] < 0) continue;
          const g = groupOf[i];
          if (lineOf[g] < 0) lineOf[g] = found++;
          size[lineOf[g]]++;
        }
        // Lines of more than one cell only, laid out one after another: each line's start, then its cells in row order.
        const startOf = new Int32Array(found);
        let at = lineCells.length;
        for (let l = 0; l < found; l++) {
          startOf[l] = at;
          if (size[l] > 1) at += size[l];
        }
        lineCells.grow(at);
        for (let i = 0; i < rows.length; i++) {
          if (cellAt[i] < 0) continue;
          const l = lineOf[groupOf[i]];
          if (size[l] > 1) lineCells.data[startOf[l]++] = cellAt[i];
        }
        for (let l = 0; l < found; l++) if (size[l] > 1) lineStarts.push(startOf[l]);
      }
    }
    return suppressLines(counts, lineCells.view(), lineStarts.view(), { threshold: this.s.threshold }).marks;
  }
}

/** Each row's value of key `d` as a number (1, 2… by first appearance; 0 where the row has none), and how many numbers there are. */
function valueNumbers(rows: readonly KeptRow[], d: string): { of: Int32Array; count: number } {
  const numbers = new Map<string, number>();
  const of = new Int32Array(rows.length);
  for (let i = 0; i < rows.length; i++) {
    const v = rows[i].key[d];
    if (v === undefined) continue;
    let n = numbers.get(v);
    if (n === undefined) numbers.set(v, (n = numbers.size + 1));
    of[i] = n;
  }
  return { of, count: numbers.size + 1 };
}

/**
 * A number for each row, shared by the rows whose keys are equal but for dimension `skip`. Built a
 * dimension at a time, each step numbering the pairs (rows alike so far, value), so that the
 * numbers stay below the square of the number of rows however many dimensions there are; no
 * string is built per row.
 */
function alikeRows(values: readonly { of: Int32Array; count: number }[], skip: number, rows: number): { groupOf: Int32Array; groups: number } {
  let groupOf = new Int32Array(rows);
  let groups = 1;
  for (let d = 0; d < values.length; d++) {
    if (d === skip) continue;
    const { of, count } = values[d];
    const numbers = new Map<number, number>();
    const next = new Int32Array(rows);
    for (let i = 0; i < rows; i++) {
      const pair = groupOf[i] * count + of[i];
      let n = numbers.get(pair);
      if (n === undefined) numbers.set(pair, (n = numbers.size));
      next[i] = n;
    }
    groupOf = next;
    groups = numbers.size;
  }
  return { groupOf, groups };
}

/** A list of 32-bit integers in one growing buffer. */
class IntList {
  data: Int32Array;
  length = 0;

  constructor(capacity: number) {
    this.data = new Int32Array(Math.max(capacity, 16));
  }

  push(v: number): void {
    if (this.length === this.data.length) this.reserve(this.length + 1);
    this.data[this.length++] = v;
  }

  /** Makes the list `length` long; the new places are written through `data`. */
  grow(length: number): void {
    this.reserve(length);
    this.length = length;
  }

  view(): Int32Array {
    return this.data.subarray(0, this.length);
  }

  private reserve(capacity: number): void {
    if (capacity <= this.data.length) return;
    const bigger = new Int32Array(Math.max(capacity, this.data.length * 2));
    bigger.set(this.data.subarray(0, this.length));
    this.data = bigger;
  }
}

/** The rows of one answer to plain JSON: `AnswerRows` with every row added at once. */
export function renderRows(rows: readonly FigureRow[], s: Suppression): Record<string, unknown>[] {
  const answer = new AnswerRows(s);
  for (const r of rows) answer.add(r.key, r.figures);
  return answer.render();
}

/** One tree of figures, alone in its answer, to plain JSON (as `renderRows`). */
export function render(
  tree: Record<string, unknown>,
  s: Suppression,
): Record<string, unknown> & { suppressed: boolean; withheld: Record<string, WithheldReason> } {
  return renderRows([{ key: {}, figures: tree }], s)[0] as Record<string, unknown> & { suppressed: boolean; withheld: Record<string, WithheldReason> };
}
