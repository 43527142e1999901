import type { SqlValue } from '@journey-ledger/sql';

/** Inclusive `from`, exclusive `to`, both ISO instants or dates; either may be open. */
export interface DateRange {
  readonly from?: string;
  readonly to?: string;
}

/** `column >= from and column < to`, numbering parameters after those already in `params`. */
export function rangeClause(column: string, range: DateRange, params: SqlValue[]): string {
  const parts: string[] = [];
  if (range.from) {
    params.push(new Date(range.from).toISOString());
    parts.push(`${column} >= $${params.length}`);
  }
  if (range.to) {
    params.push(new Date(range.to).toISOString());
    parts.push(`${column} < $${params.length}`);
  }
  return parts.length === 0 ? '' : ` and ${parts.join(' and ')}`;
}
