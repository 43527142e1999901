import { statsOf } from '../query/histogram';
import type { Histogram } from '../query/histogram';
import type { Suppression } from '../query/figures';
import { presentCount, presentRate, suppressTable } from '../query/secondary-suppression';

/**
 * One table of a breakdown: groups (the values of a characteristic) down, categories across, each
 * cell a count; rates and statistics per group are computed from these counts and values.
 */
export interface CountTable {
  readonly table: string;
  readonly definition: string;
  readonly columns: readonly string[];
  /** Group → a count per column. */
  readonly counts: ReadonlyMap<string, readonly number[]>;
  /** Rates per group: the columns counted in the numerator, over the row total. */
  readonly rates?: readonly { readonly name: string; readonly numerator: readonly string[] }[];
  /** Statistics per group (mean, median) of a value per counted item, e.g. handovers per journey. */
  readonly statistics?: { readonly name: string; readonly values: ReadonlyMap<string, Histogram> };
}

export interface PresentOptions {
  readonly groupName: string;
  /** The groups in the order of their code list; groups with no count are left out. */
  readonly order: readonly string[];
  readonly suppression: Suppression;
  /** Special-category groups (ethnicity, disability) are withheld whoever asks. */
  readonly alwaysSuppress: boolean;
}

const round3 = (v: number | null) => (v === null ? null : Math.round(v * 1000) / 1000);

/**
 * The rows of one table as the API shows them: a row per group and a `total` row. Small cells are
 * withheld with secondary suppression (secondary-suppression.ts), so that no withheld cell can be
 * worked out from a row total, a column total or its neighbours; a group's rates and statistics
 * are shown only when every cell of its row is (a rate beside a shown total would give the cell back).
 */
export function presentTable(t: CountTable, o: PresentOptions): { rows: Record<string, unknown>[]; suppressed: boolean } {
  const groups = o.order.filter((g) => (t.counts.get(g) ?? []).some((n) => n > 0));
  const counts = groups.map((g) => [...(t.counts.get(g) as number[])]);
  const applies = o.alwaysSuppress || o.suppression.applies || o.suppression.published !== undefined;
  const published = o.suppression.published;
  const marks = applies
    ? suppressTable(counts, { threshold: o.suppression.threshold })
    : {
        marks: counts.map((r) => r.map(() => 'shown' as const)),
        rowTotalWithheld: counts.map(() => false),
        columnTotalWithheld: t.columns.map(() => false),
        suppressed: false,
      };
  const rows: Record<string, unknown>[] = groups.map((g, r) => {
    const row = counts[r];
    const total = row.reduce((a, b) => a + b, 0);
    const whole = marks.marks[r].every((m) => m === 'shown') && !marks.rowTotalWithheld[r];
    const out: Record<string, unknown> = { table: t.table, [o.groupName]: g, total: presentCount(total, marks.rowTotalWithheld[r], published) };
    t.columns.forEach((c, i) => (out[c] = presentCount(row[i], marks.marks[r][i] !== 'shown', published)));
    for (const rate of t.rates ?? []) {
      const numerator = t.columns.reduce((a, c, i) => a + (rate.numerator.includes(c) ? row[i] : 0), 0);
      out[rate.name] = presentRate(numerator, total, !whole, published);
    }
    if (t.statistics) {
      const st = statsOf(t.statistics.values.get(g) ?? new Map());
      out[`${t.statistics.name}Mean`] = whole ? round3(st.mean) : published ? 'c' : null;
      out[`${t.statistics.name}Median`] = whole ? round3(st.median) : published ? 'c' : null;
    }
    return out;
  });
  const columnTotals = t.columns.map((_, i) => counts.reduce((a, row) => a + row[i], 0));
  const grand = columnTotals.reduce((a, b) => a + b, 0);
  // One withheld column total beside a shown grand total would give it back: withhold the grand total too.
  const grandWithheld = marks.columnTotalWithheld.filter(Boolean).length === 1 || marks.rowTotalWithheld.filter(Boolean).length === 1;
  const totalRow: Record<string, unknown> = { table: t.table, [o.groupName]: 'total', total: presentCount(grand, grandWithheld, published) };
  t.columns.forEach((c, i) => (totalRow[c] = presentCount(columnTotals[i], marks.columnTotalWithheld[i], published)));
  const totalsShown = !grandWithheld && !marks.columnTotalWithheld.some(Boolean);
  for (const rate of t.rates ?? []) {
    const numerator = t.columns.reduce((a, c, i) => a + (rate.numerator.includes(c) ? columnTotals[i] : 0), 0);
    totalRow[rate.name] = presentRate(numerator, grand, !totalsShown, published);
  }
  if (t.statistics) {
    const all: Histogram = new Map();
    for (const h of t.statistics.values.values()) for (const [v, n] of h) all.set(v, (all.get(v) ?? 0) + n);
    const st = statsOf(all);
    totalRow[`${t.statistics.name}Mean`] = round3(st.mean);
    totalRow[`${t.statistics.name}Median`] = round3(st.median);
  }
  rows.push(totalRow);
  return { rows, suppressed: marks.suppressed || grandWithheld };
}
