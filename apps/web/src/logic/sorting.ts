import type { Cell } from './figures';

/**
 * What a table cell sorts by. In a column of figures, the figure's number: a withheld or empty
 * figure has none (`undefined`), so it sorts after every number whichever the direction, rather
 * than as zero. In other columns, the text as shown.
 */
export function sortKeyOf(cell: Cell | string | undefined, numeric: boolean): number | string | undefined {
  if (cell === undefined) return undefined;
  if (!numeric) return typeof cell === 'string' ? cell : cell.text;
  if (typeof cell === 'string') return undefined;
  return cell.suppressed || cell.value === null ? undefined : cell.value;
}

/** The `aria-sort` a column header announces for the table's sort state (WAI-ARIA sortable table). */
export function ariaSortOf(sorted: false | 'asc' | 'desc'): 'ascending' | 'descending' | 'none' {
  return sorted === 'asc' ? 'ascending' : sorted === 'desc' ? 'descending' : 'none';
}
