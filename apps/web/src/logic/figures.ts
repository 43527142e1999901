/**
 * How a figure from the measures API is shown. Counts of 1–4 are withheld for analysts, and so are
 * the counts they could be worked out from and the rates built on them: the API sends `null`,
 * names the figure in the row's `withheld` and marks the row `suppressed`. Such a cell reads
 * "suppressed" with the reason, never 0 or a blank; a `null` in an unsuppressed row means there
 * was nothing to measure ("–").
 */
export interface Cell {
  readonly text: string;
  /** The raw number, for charts and sorting; `null` when withheld or not applicable. */
  readonly value: number | null;
  readonly suppressed?: boolean;
  /** Why it is withheld (shown on hover and focus). */
  readonly reason?: string;
  /** A page the cell's text links to (a fragment, `#/…`). */
  readonly href?: string;
}

export const suppressionReason = (threshold: number) =>
  `Withheld: counts from 1 to ${threshold - 1} are not shown, nor the figures they could be worked out from, so that no child can be recognised from them.`;

const whole = new Intl.NumberFormat('en-GB', { maximumFractionDigits: 0 });
const decimal = new Intl.NumberFormat('en-GB', { maximumFractionDigits: 2 });
const percent = new Intl.NumberFormat('en-GB', { style: 'percent', minimumFractionDigits: 1, maximumFractionDigits: 1 });

export function count(value: number | null | undefined, suppressed: boolean, threshold: number): Cell {
  if (value === null || value === undefined) return suppressed ? withheld(threshold) : { text: '–', value: null };
  return { text: whole.format(value), value };
}

export function number(value: number | null | undefined, suppressed: boolean, threshold: number): Cell {
  if (value === null || value === undefined) return suppressed ? withheld(threshold) : { text: '–', value: null };
  return { text: decimal.format(value), value };
}

export interface Ratio {
  readonly numerator: number | null;
  readonly denominator: number | null;
  readonly rate: number | null;
}

/** A rate with its numerator and denominator: "40.1% (801 of 2,000)". */
export function rate(r: Ratio | null | undefined, suppressed: boolean, threshold: number): Cell {
  if (r === null || r === undefined) return { text: '–', value: null };
  if (r.rate === null) return suppressed && r.denominator !== 0 ? withheld(threshold) : { text: '–', value: null };
  const of = r.numerator === null || r.denominator === null ? '' : ` (${whole.format(r.numerator)} of ${whole.format(r.denominator)})`;
  return { text: `${percent.format(r.rate)}${of}`, value: r.rate };
}

function withheld(threshold: number): Cell {
  return { text: 'suppressed', value: null, suppressed: true, reason: suppressionReason(threshold) };
}

export const formatPercent = (x: number) => percent.format(x);
