import { suppressCells } from './secondary-suppression';

/**
 * Figures carry what they were computed from, so that small-number suppression can be applied
 * in one place: a count of 1 to (threshold − 1) is withheld, and so is every rate or statistic
 * built on a withheld count (the analysts' rule: "suppress small counts (1–4) for anyone without
 * row-level access"; threshold 5 is the convention of DfE and NHS statistical releases). Counts
 * that add up to another (a distribution to its journeys, decisions to contacts decided) are
 * declared as a `Breakdown` or `SumLine`, so that a withheld count cannot be worked out from its
 * neighbours (secondary suppression, secondary-suppression.ts).
 */
export class Count {
  /** The answer being rendered that last counted this figure among its cells, and its place there (renderRows' bookkeeping). */
  render = 0;
  cell = -1;
  constructor(readonly n: number) {}
}

/** Answers rendered so far: each render's number tells its own cells from a previous render's. */
let renders = 0;

/** A statistic (mean, median, percentile, maximum) over a base count. */
export class Stat {
  constructor(
    readonly value: number | null,
    readonly base: Count,
    /** Other counts the statistic would give away (a mean gives away its total): withheld with any of them. */
    readonly discloses: readonly Count[] = [],
  ) {}
}

/** Counts shown together that add up to `total`: rendered as `parts`; any one of them could be worked out from the others. */
export class Breakdown {
  constructor(
    readonly total: Count,
    readonly parts: Record<string, Count>,
  ) {}
}

/** Counts shown elsewhere in the row that add up to `total`: a declaration only, never rendered. */
export class SumLine {
  constructor(
    readonly total: Count,
    readonly parts: readonly Count[],
  ) {}
}

export class RateFigure {
  constructor(
    readonly numerator: Count,
    readonly denominator: Count,
    readonly definition: string,
    /** Figures shown beside the rate (e.g. advice and signposting beside the contact NFA rate). */
    readonly beside: Record<string, unknown> = {},
  ) {}

  with(beside: Record<string, unknown>): RateFigure {
    return new RateFigure(this.numerator, this.denominator, this.definition, { ...this.beside, ...beside });
  }
}

export const count = (n: number) => new Count(n);
export const stat = (value: number | null, base: Count, discloses: readonly Count[] = []) => new Stat(value, base, discloses);
export const breakdown = (total: Count, parts: Record<string, Count>) => new Breakdown(total, parts);
export const sumLine = (total: Count, ...parts: Count[]) => new SumLine(total, parts);
export const rate = (numerator: Count | number, denominator: Count | number, definition: string) =>
  new RateFigure(typeof numerator === 'number' ? count(numerator) : numerator, typeof denominator === 'number' ? count(denominator) : denominator, definition);

export interface Suppression {
  /** Counts from 1 to threshold − 1 are withheld; 0 is shown (an empty cell discloses nobody). */
  readonly threshold: number;
  /** False for callers with row-level access: nothing is withheld. */
  readonly applies: boolean;
  /**
   * Present figures as the DfE's published statistics do, so that they can go into a public
   * report unchanged: counts rounded to the nearest `roundTo`, rates and statistics from the
   * unrounded figures, withheld cells as `c` and cells with nothing to compute (a rate over 0, a
   * median of no values) as `z`. Withholding then applies whoever asks.
   */
  readonly published?: { readonly roundTo: 5 | 10 };
  /** Rates and statistics to 12 significant digits (CSV, for further calculation); otherwise rates to 4 decimal places, statistics to 3. */
  readonly fullPrecision?: boolean;
}

/**
 * Why a figure is withheld, as each row's `withheld` says: `small-count` (1 to threshold − 1),
 * `complementary` (withheld so that a small count cannot be worked out from a total and the cells
 * shown beside it), `derived` (a rate or statistic built on a withheld count).
 */
export type WithheldReason = 'small-count' | 'complementary' | 'derived';

/** The GSS symbols the DfE's releases use: c confidential (withheld), z not applicable. */
export const SYMBOLS = { withheld: 'c', notApplicable: 'z' } as const;

export const NO_SUPPRESSION: Suppression = { threshold: 5, applies: false };

export function suppressionThreshold(env: NodeJS.ProcessEnv = process.env): number {
  const raw = env.JOURNEY_LEDGER_SUPPRESSION_THRESHOLD;
  if (raw === undefined || raw === '') return 5;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1) throw new Error(`JOURNEY_LEDGER_SUPPRESSION_THRESHOLD must be a whole number ≥ 1, not "${raw}"`);
  return n;
}

/** Rates are given to 4 decimal places (a percentage to 2), means, medians and percentiles to 3, unless full precision is asked for. */
export const RATE_DECIMALS = 4;
export const STATISTIC_DECIMALS = 3;
const roundTo = (v: number, decimals: number) => Math.round(v * 10 ** decimals) / 10 ** decimals;

/** A row of figures before rendering: its group (period, dimensions, or the cell of a table) and its figure tree. */
export interface FigureRow {
  readonly key: Record<string, string>;
  readonly figures: Record<string, unknown>;
}

/**
 * The rows of one answer to plain JSON. Each row is its key, its figures (withheld ones `null`, or
 * `c` when published), `withheld` naming each withheld figure by its path with the reason, and
 * `suppressed`, true when anything in the row is withheld. Suppression is decided over the whole
 * answer: within a row, a breakdown and its total; across rows, the same figure in groups that
 * differ in one dimension only, whose sum is the answer grouped by one dimension fewer.
 */
export function renderRows(rows: readonly FigureRow[], s: Suppression): Record<string, unknown>[] {
  // Each count's place among the answer's cells, kept on the count itself: an answer may hold a hundred thousand of them.
  const render = ++renders;
  const cells: Count[] = [];
  const cell = (c: Count): number => {
    if (c.render !== render) {
      c.render = render;
      c.cell = cells.push(c) - 1;
    }
    return c.cell;
  };
  const lines: number[][] = [];
  // Every row has the same tree of figures: each path is built once, not once a row (an answer may have thousands of rows).
  const children = new Map<string, Map<string, string>>();
  const child = (path: string, key: string): string => {
    let byKey = children.get(path);
    if (byKey === undefined) children.set(path, (byKey = new Map()));
    let full = byKey.get(key);
    if (full === undefined) byKey.set(key, (full = path ? `${path}.${key}` : key));
    return full;
  };
  // For each path of a count, the cell it holds in each row (-1: the row has no count there).
  const atPath = new Map<string, Int32Array>();
  const collect = (v: unknown, path: string, row: number): void => {
    if (v instanceof Count) {
      let byRow = atPath.get(path);
      if (byRow === undefined) atPath.set(path, (byRow = new Int32Array(rows.length).fill(-1)));
      byRow[row] = cell(v);
    } else if (v instanceof Stat) {
      cell(v.base);
      v.discloses.forEach(cell);
    } else if (v instanceof RateFigure) {
      collect(v.numerator, child(path, 'numerator'), row);
      collect(v.denominator, child(path, 'denominator'), row);
      collect(v.beside, path, row);
    } else if (v instanceof Breakdown) {
      lines.push([cell(v.total), ...Object.values(v.parts).map(cell)]);
      collect(v.parts, path, row);
    } else if (v instanceof SumLine) lines.push([cell(v.total), ...v.parts.map(cell)]);
    else if (v !== null && typeof v === 'object' && !Array.isArray(v)) for (const k in v) collect((v as Record<string, unknown>)[k], child(path, k), row);
  };
  rows.forEach((r, i) => collect(r.figures, '', i));
  // Across rows: rows that differ in one dimension only add up to the answer without that dimension.
  // For each dimension, rows with the same key without it share a number (numbered in order of first appearance).
  const dimensions = [...new Set(rows.flatMap((r) => Object.keys(r.key)))];
  const alikeGroups = dimensions.map((d) => {
    const numbers = new Map<string, number>();
    const groupOf = new Int32Array(rows.length);
    rows.forEach((r, i) => {
      let rest = '';
      for (const k of dimensions) {
        const v = r.key[k];
        if (k !== d && v !== undefined) rest += `${k}\u0000${v}\u0001`;
      }
      let n = numbers.get(rest);
      if (n === undefined) numbers.set(rest, (n = numbers.size));
      groupOf[i] = n;
    });
    return { groupOf, groups: numbers.size };
  });
  for (const byRow of atPath.values())
    for (const { groupOf, groups } of alikeGroups) {
      // Lines in the order their first row holding this path comes: the order suppression visits them.
      const lineOf = new Int32Array(groups).fill(-1);
      const found: number[][] = [];
      for (let row = 0; row < byRow.length; row++) {
        const c = byRow[row];
        if (c < 0) continue;
        const g = groupOf[row];
        if (lineOf[g] < 0) lineOf[g] = found.push([c]) - 1;
        else found[lineOf[g]].push(c);
      }
      for (const line of found) if (line.length > 1) lines.push(line);
    }

  const applies = s.applies || s.published !== undefined;
  const marks = applies
    ? suppressCells(
        cells.map((c) => c.n),
        lines,
        { threshold: s.threshold },
      ).marks
    : undefined;
  const reasonOf = (c: Count): WithheldReason | undefined => {
    if (marks === undefined) return undefined;
    const m = marks[c.cell];
    return m === 'primary' ? 'small-count' : m === 'secondary' ? 'complementary' : undefined;
  };
  const withheldSymbol = s.published ? SYMBOLS.withheld : null;
  const notApplicable = s.published ? SYMBOLS.notApplicable : null;
  // Full precision keeps 12 significant digits: every digit that means anything, none of binary floating point's noise.
  const decimals = (v: number, places: number) => (s.fullPrecision ? Number(v.toPrecision(12)) : roundTo(v, places));
  const shown = (n: number) => (s.published ? Math.round(n / s.published.roundTo) * s.published.roundTo : n);

  let withheld: Record<string, WithheldReason> = {};
  let anyWithheld = false;
  const hold = (path: string, reason: WithheldReason) => {
    withheld[path] = reason;
    anyWithheld = true;
    return withheldSymbol;
  };
  // Writes the plain fields of one figure object into `out` (a row's figures go straight into the row).
  const fields = (v: object, path: string, out: Record<string, unknown>): Record<string, unknown> => {
    for (const k in v) {
      const x = (v as Record<string, unknown>)[k];
      if (!(x instanceof SumLine)) out[k] = walk(x, child(path, k));
    }
    return out;
  };
  const walk = (v: unknown, path: string): unknown => {
    if (v instanceof Count) {
      const reason = reasonOf(v);
      return reason ? hold(path, reason) : shown(v.n);
    }
    if (v instanceof Stat) {
      if (reasonOf(v.base) || v.discloses.some((c) => reasonOf(c))) return hold(path, 'derived');
      return v.value === null ? notApplicable : decimals(v.value, STATISTIC_DECIMALS);
    }
    if (v instanceof RateFigure) {
      const numerator = walk(v.numerator, child(path, 'numerator'));
      const denominator = walk(v.denominator, child(path, 'denominator'));
      const hide = reasonOf(v.numerator) || reasonOf(v.denominator);
      return fields(v.beside, path, {
        numerator,
        denominator,
        // From the unrounded figures, as published statistics compute them.
        rate: hide ? hold(child(path, 'rate'), 'derived') : v.denominator.n === 0 ? notApplicable : decimals(v.numerator.n / v.denominator.n, RATE_DECIMALS),
        definition: v.definition,
      });
    }
    if (v instanceof Breakdown) return walk(v.parts, path);
    if (Array.isArray(v)) return v.map((x, i) => walk(x, `${path}.${i}`));
    if (v !== null && typeof v === 'object') return fields(v, path, {});
    return v;
  };
  return rows.map((r) => {
    withheld = {};
    anyWithheld = false;
    // The key copied into a fresh object, not spread: in this V8 an object spread and then added to
    // gets a hidden class of its own, so every row of an answer had its own, and building and
    // serialising the rows went through the slow paths (a 2,000-row answer: 155 ms → 111 ms).
    const row: Record<string, unknown> = {};
    for (const k in r.key) row[k] = r.key[k];
    fields(r.figures, '', row);
    row.withheld = withheld;
    row.suppressed = anyWithheld;
    return row;
  });
}

/** One tree of figures, alone in its answer, to plain JSON (as `renderRows`). */
export function render(
  tree: Record<string, unknown>,
  s: Suppression,
): Record<string, unknown> & { suppressed: boolean; withheld: Record<string, WithheldReason> } {
  return renderRows([{ key: {}, figures: tree }], s)[0] as Record<string, unknown> & { suppressed: boolean; withheld: Record<string, WithheldReason> };
}
