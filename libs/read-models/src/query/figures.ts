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
  constructor(readonly n: number) {}
}

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
  const cells: Count[] = [];
  const index = new Map<Count, number>();
  const cell = (c: Count) => {
    let i = index.get(c);
    if (i === undefined) index.set(c, (i = cells.push(c) - 1));
    return i;
  };
  const lines: number[][] = [];
  const atPath = new Map<string, Map<number, number>>();
  // Every row has the same tree of figures: each path is built once, not once a row (an answer may have thousands of rows).
  const children = new Map<string, Map<string, string>>();
  const child = (path: string, key: string): string => {
    let byKey = children.get(path);
    if (byKey === undefined) children.set(path, (byKey = new Map()));
    let full = byKey.get(key);
    if (full === undefined) byKey.set(key, (full = path ? `${path}.${key}` : key));
    return full;
  };
  const collect = (v: unknown, path: string, row: number): void => {
    if (v instanceof Count) {
      const byRow = atPath.get(path) ?? new Map<number, number>();
      byRow.set(row, cell(v));
      atPath.set(path, byRow);
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
  const dimensions = [...new Set(rows.flatMap((r) => Object.keys(r.key)))];
  // For each dimension, each row's key without it: rows with the same one add up across that dimension.
  const without = dimensions.map((d) =>
    rows.map((r) =>
      Object.entries(r.key)
        .filter(([k]) => k !== d)
        .map(([k, v]) => `${k}\u0000${v}`)
        .join('\u0001'),
    ),
  );
  for (const byRow of atPath.values())
    for (const rest of without) {
      const alike = new Map<string, number[]>();
      for (const [row, c] of byRow) {
        const line = alike.get(rest[row]);
        if (line) line.push(c);
        else alike.set(rest[row], [c]);
      }
      for (const line of alike.values()) if (line.length > 1) lines.push(line);
    }

  const applies = s.applies || s.published !== undefined;
  const marks = applies
    ? suppressCells(
        cells.map((c) => c.n),
        lines,
        { threshold: s.threshold },
      ).marks
    : cells.map(() => 'shown' as const);
  const reasonOf = (c: Count): WithheldReason | undefined => {
    const m = marks[index.get(c) as number];
    return m === 'primary' ? 'small-count' : m === 'secondary' ? 'complementary' : undefined;
  };
  const withheldSymbol = s.published ? SYMBOLS.withheld : null;
  const notApplicable = s.published ? SYMBOLS.notApplicable : null;
  // Full precision keeps 12 significant digits: every digit that means anything, none of binary floating point's noise.
  const decimals = (v: number, places: number) => (s.fullPrecision ? Number(v.toPrecision(12)) : roundTo(v, places));
  const shown = (n: number) => (s.published ? Math.round(n / s.published.roundTo) * s.published.roundTo : n);

  return rows.map((r) => {
    const withheld: Record<string, WithheldReason> = {};
    const hold = (path: string, reason: WithheldReason) => {
      withheld[path] = reason;
      return withheldSymbol;
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
        return {
          numerator,
          denominator,
          // From the unrounded figures, as published statistics compute them.
          rate: hide ? hold(child(path, 'rate'), 'derived') : v.denominator.n === 0 ? notApplicable : decimals(v.numerator.n / v.denominator.n, RATE_DECIMALS),
          definition: v.definition,
          ...(walk(v.beside, path) as object),
        };
      }
      if (v instanceof Breakdown) return walk(v.parts, path);
      if (Array.isArray(v)) return v.map((x, i) => walk(x, `${path}.${i}`));
      if (v !== null && typeof v === 'object') {
        const out: Record<string, unknown> = {};
        for (const k in v) {
          const x = (v as Record<string, unknown>)[k];
          if (!(x instanceof SumLine)) out[k] = walk(x, child(path, k));
        }
        return out;
      }
      return v;
    };
    const figures = walk(r.figures, '') as Record<string, unknown>;
    return { ...r.key, ...figures, withheld, suppressed: Object.keys(withheld).length > 0 };
  });
}

/** One tree of figures, alone in its answer, to plain JSON (as `renderRows`). */
export function render(
  tree: Record<string, unknown>,
  s: Suppression,
): Record<string, unknown> & { suppressed: boolean; withheld: Record<string, WithheldReason> } {
  return renderRows([{ key: {}, figures: tree }], s)[0] as Record<string, unknown> & { suppressed: boolean; withheld: Record<string, WithheldReason> };
}
