import { stringify } from 'csv-stringify/sync';
import { SAFE_CSV_CAST } from '@journey-ledger/csv';
import { FIGURE_LABELS, KEY_LABELS, MetricRoute, WITHHELD_LABELS } from './labels';
import type { Period } from './metrics-query';
import type { WithheldReason } from './figures';

/** Nested figures to dotted paths (`contact.rate`); definitions stay in the JSON, not in every row. */
function flatten(row: Record<string, unknown>, prefix = '', out: Record<string, unknown> = {}): Record<string, unknown> {
  for (const [k, v] of Object.entries(row)) {
    if (k === 'definition' || k === 'definitions') continue;
    const key = prefix ? `${prefix}.${k}` : k;
    if (v !== null && typeof v === 'object' && !Array.isArray(v)) flatten(v as Record<string, unknown>, key, out);
    else out[key] = v;
  }
  return out;
}

const iso = (d: Date) => d.toISOString().slice(0, 10);
const day = (y: number, m: number, d: number) => iso(new Date(Date.UTC(y, m - 1, d)));

/** The first and last local dates of the period a label names (`2025-04`, `2025-Q2`, `FY2025-26`, a week's Monday, a day). */
export function periodBounds(label: string, period: Period): [string, string] {
  switch (period) {
    case 'day':
      return [label, label];
    case 'week': {
      const [y, m, d] = label.split('-').map(Number);
      return [label, day(y, m, d + 6)];
    }
    case 'month': {
      const [y, m] = label.split('-').map(Number);
      return [day(y, m, 1), day(y, m + 1, 0)];
    }
    case 'quarter': {
      const y = Number(label.slice(0, 4));
      const q = Number(label.slice(6));
      return [day(y, 3 * q - 2, 1), day(y, 3 * q + 1, 0)];
    }
    case 'financial-year': {
      const y = Number(label.slice(2, 6));
      return [day(y, 4, 1), day(y + 1, 3, 31)];
    }
  }
}

export interface TidyCsvOptions {
  readonly measure: MetricRoute;
  /** The period the rows are grouped by, if any: adds its first and last dates. */
  readonly period?: Period;
  /** `human` (default): short documented names; `machine`: the JSON's names and paths. */
  readonly headers?: 'human' | 'machine';
}

/** Row fields that say which group a row is, in the order the CSV gives them. */
const KEY_FIELDS = Object.keys(KEY_LABELS);

/**
 * One measure as one tidy table: a row per group and figure, with the group's columns (period,
 * with its first and last dates in ISO 8601, and each dimension), the figure's name, its value
 * and, when withheld, why. Rectangular, one value per cell and one type per column, so that
 * Excel, Power BI, R and pandas read it without cleaning; a pivot table turns it into the wide
 * layout. Numbers are full precision unless the report was rendered for publication.
 */
export function reportToTidyCsv(rows: readonly Record<string, unknown>[], options: TidyCsvOptions): string {
  const human = options.headers !== 'machine';
  const labels = FIGURE_LABELS[options.measure];
  const keys = KEY_FIELDS.filter((k) => rows.some((r) => r[k] !== undefined));
  const columns: { key: string; header: string }[] = [];
  for (const k of keys) {
    columns.push({ key: k, header: human ? KEY_LABELS[k] : k });
    if (k === 'period' && options.period)
      columns.push({ key: 'periodStart', header: human ? 'Period start' : 'periodStart' }, { key: 'periodEnd', header: human ? 'Period end' : 'periodEnd' });
  }
  columns.push(
    { key: 'figure', header: human ? 'Figure' : 'figure' },
    { key: 'value', header: human ? 'Value' : 'value' },
    { key: 'withheld', header: human ? 'Withheld' : 'withheld' },
  );
  const out: Record<string, unknown>[] = [];
  for (const row of rows) {
    const group: Record<string, unknown> = {};
    for (const k of keys) group[k] = row[k];
    if (options.period && typeof row.period === 'string') [group.periodStart, group.periodEnd] = periodBounds(row.period, options.period);
    const { withheld = {}, suppressed: _suppressed, ...rest } = row as { withheld?: Record<string, WithheldReason>; suppressed?: boolean };
    const figures = flatten(Object.fromEntries(Object.entries(rest).filter(([k]) => !keys.includes(k))));
    // A figure shown twice in the JSON (a count, and the denominator of a rate beside it) is one row here, so that a pivot table sums it once.
    const seen = new Map<string, unknown>();
    for (const [path, value] of Object.entries(figures)) {
      const label = labels[path] ?? path;
      if (seen.has(label) && seen.get(label) === value) continue;
      seen.set(label, value);
      const reason = withheld[path];
      out.push({
        ...group,
        figure: human ? label : path,
        value,
        withheld: reason === undefined ? '' : human ? WITHHELD_LABELS[reason] : reason,
      });
    }
  }
  return stringify(out, { header: true, columns, cast: SAFE_CSV_CAST });
}
