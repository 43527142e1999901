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
  /** The row that last numbered this count among its cells, and its place there (AnswerRows' bookkeeping). */
  stamp = 0;
  cell = -1;
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

/** A row of figures before rendering: its group (period, dimensions, or the cell of a table) and its figure tree. */
export interface FigureRow {
  readonly key: Record<string, string>;
  readonly figures: Record<string, unknown>;
}
