import { stringify } from 'csv-stringify/sync';
import { SAFE_CSV_CAST } from '@journey-ledger/csv';

/** Nested figures to dotted columns (`contact.rate`); definitions stay in the JSON, not in every row. */
function flatten(row: Record<string, unknown>, prefix = '', out: Record<string, unknown> = {}): Record<string, unknown> {
  for (const [k, v] of Object.entries(row)) {
    if (k === 'definition' || k === 'definitions') continue;
    const key = prefix ? `${prefix}.${k}` : k;
    if (v !== null && typeof v === 'object' && !Array.isArray(v)) flatten(v as Record<string, unknown>, key, out);
    else out[key] = v;
  }
  return out;
}

/**
 * The report's rows as CSV with a header row: the same figures as the JSON `rows`; withheld figures
 * are empty cells. Text cells that a spreadsheet would run as a formula are prefixed with `'`;
 * figures stay numbers, negative ones included.
 */
export function rowsToCsv(rows: readonly Record<string, unknown>[]): string {
  const flat = rows.map((r) => flatten(r));
  const columns: string[] = [];
  for (const r of flat) for (const k of Object.keys(r)) if (!columns.includes(k)) columns.push(k);
  return stringify(flat, { header: true, columns, cast: SAFE_CSV_CAST });
}
