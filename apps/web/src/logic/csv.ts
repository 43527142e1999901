import { stringify } from 'csv-stringify/browser/esm/sync';
import type { Cell } from './figures';

/** A table exactly as shown: its header row and its cells' text (withheld cells read "suppressed"). */
export function tableToCsv(head: readonly string[], rows: readonly (readonly (Cell | string)[])[]): string {
  return stringify([head as string[], ...rows.map((r) => r.map((c) => (typeof c === 'string' ? c : c.text)))]);
}
