import { localDate } from '@journey-ledger/domain';
import type { SqlExecutor, SqlValue } from '@journey-ledger/sql';
import { levelDimensions, levelOf } from '../measures/measures.schema';

export const DIMENSIONS = ['source', 'team', 'tier', 'area', 'levelOfNeed', 'outcome'] as const;
export type Dimension = (typeof DIMENSIONS)[number];
export const PERIODS = ['day', 'week', 'month', 'quarter', 'financial-year'] as const;
export type Period = (typeof PERIODS)[number];

export const DIMENSION_COLUMN: Record<Dimension, string> = {
  source: 'source',
  team: 'team',
  tier: 'tier',
  area: 'area',
  levelOfNeed: 'level_of_need',
  outcome: 'outcome',
};

/** A validated request: local dates (tenant time zone), `from` inclusive and `to` exclusive. */
export interface MetricsQuery {
  readonly from?: string;
  readonly to?: string;
  readonly period?: Period;
  readonly groupBy: readonly Dimension[];
  readonly filters: Partial<Record<Dimension, readonly string[]>>;
}

export class MetricsQueryError extends Error {}

/** A timestamp column's value as an ISO instant: PostgreSQL's driver gives a Date, SQLite the stored text. */
export const isoInstant = (v: unknown): string => (v instanceof Date ? v.toISOString() : String(v));

/**
 * UTC instants bounding the rows a period of local dates may need: the period widened by a day
 * each side, so that a prefilter on a timestamp column never drops a row whose local date falls
 * in the period. The exact local-date check still follows in code; the window only spares a
 * query reading a council's whole history for one month.
 */
export interface UtcWindow {
  readonly from?: string;
  readonly to?: string;
}
const DAY_MS = 86_400_000;
export const utcWindowAround = (period: { readonly from?: string; readonly to?: string }): UtcWindow => ({
  from: period.from === undefined ? undefined : new Date(Date.parse(`${period.from}T00:00:00Z`) - DAY_MS).toISOString(),
  to: period.to === undefined ? undefined : new Date(Date.parse(`${period.to}T00:00:00Z`) + DAY_MS).toISOString(),
});

/** ` and <column> >= $n and <column> < $m` for the window's bounds that are set, their values pushed onto `params`. */
export function withinWindow(column: string, window: UtcWindow, params: SqlValue[]): string {
  let sql = '';
  if (window.from !== undefined) sql += ` and ${column} >= $${params.push(window.from)}`;
  if (window.to !== undefined) sql += ` and ${column} < $${params.push(window.to)}`;
  return sql;
}

/** For measures whose read model keeps no grouping columns yet: only `from` and `to` apply (anything else is a 400). */
export function requireFromAndToOnly(q: MetricsQuery, measures: string): void {
  if (q.groupBy.length > 0 || q.period !== undefined || Object.values(q.filters).some((f) => f !== undefined && f.length > 0))
    throw new MetricsQueryError(`${measures} take from and to only (no groupBy, period or filters)`);
}

const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;

/** A date or an instant to the tenant's local date: periods are local, as councils report them. */
export function toLocalDay(isoOrDate: string, timeZone: string): string {
  if (DATE_ONLY.test(isoOrDate)) return isoOrDate;
  const ms = Date.parse(isoOrDate);
  if (Number.isNaN(ms)) throw new MetricsQueryError(`"${isoOrDate}" is not an ISO-8601 date`);
  return localDate(isoOrDate, timeZone);
}

/** ISO week (Monday) of a local date. */
function mondayOf(day: string): string {
  const d = new Date(`${day}T00:00:00Z`);
  const back = (d.getUTCDay() + 6) % 7;
  return new Date(d.getTime() - back * 86_400_000).toISOString().slice(0, 10);
}

/** The label of the period a cube period (`YYYY-MM-DD` or `YYYY-MM`) falls in. */
export function periodLabel(cubePeriod: string, period: Period): string {
  const y = Number(cubePeriod.slice(0, 4));
  const m = Number(cubePeriod.slice(5, 7));
  switch (period) {
    case 'day':
      return cubePeriod;
    case 'week':
      return mondayOf(cubePeriod);
    case 'month':
      return cubePeriod.slice(0, 7);
    case 'quarter':
      return `${y}-Q${Math.ceil(m / 3)}`;
    case 'financial-year': {
      // English local authority financial year, 1 April to 31 March (the CIN census year).
      const start = m >= 4 ? y : y - 1;
      return `FY${start}-${String((start + 1) % 100).padStart(2, '0')}`;
    }
  }
}

/** The month cube answers whenever no day-level boundary or grouping is asked for. */
export function grainFor(q: Pick<MetricsQuery, 'from' | 'to' | 'period'>): 'day' | 'month' {
  if (q.period === 'day' || q.period === 'week') return 'day';
  if ((q.from && !q.from.endsWith('-01')) || (q.to && !q.to.endsWith('-01'))) return 'day';
  return 'month';
}

/**
 * One cube cell of a group as the driver returned it: measure, detail, value and n first, then
 * the period and dimensions it was grouped by. Kept as the driver's array, not copied into an
 * object: an answer grouped three ways reads tens of thousands of cells.
 */
export type CubeRow = readonly [measure: string, detail: string, value: number, n: number, ...key: unknown[]];
const MEASURE = 0;
const DETAIL = 1;
const VALUE = 2;
const N = 3;

export interface Group {
  /** period (if grouped by period) and each dimension grouped by. */
  readonly key: Record<string, string>;
  readonly rows: CubeRow[];
}

/** Period, range and filter clauses shared by the cube and the referral table. */
export function whereClauses(
  q: MetricsQuery,
  grain: 'day' | 'month',
  periodColumn: string,
  params: SqlValue[],
  allowed: readonly Dimension[] = DIMENSIONS,
): string {
  const parts: string[] = [];
  const cut = (d: string) => (grain === 'month' ? d.slice(0, 7) : d);
  if (q.from) parts.push(`${periodColumn} >= $${params.push(cut(q.from))}`);
  if (q.to) parts.push(`${periodColumn} < $${params.push(cut(q.to))}`);
  for (const dim of DIMENSIONS) {
    const values = q.filters[dim];
    if (values === undefined || values.length === 0) continue;
    if (!allowed.includes(dim)) throw new MetricsQueryError(`this measure cannot be filtered by ${dim}`);
    parts.push(`${DIMENSION_COLUMN[dim]} in (${values.map((v) => `$${params.push(v)}`).join(',')})`);
  }
  return parts.map((p) => ` and ${p}`).join('');
}

/**
 * The SQL of a measure read from one table of rows grouped by period and dimensions: a 400 for a
 * dimension the table does not keep, the range and filter clauses, and the grouping columns
 * (`keys` to group by, `cols` to select, the period named `period`).
 */
export function groupedTable(
  q: MetricsQuery,
  params: SqlValue[],
  table: { readonly measures: string; readonly dimensions: readonly Dimension[]; readonly dayColumn: string; readonly monthColumn: string },
): { where: string; keys: string[]; cols: string[] } {
  for (const d of q.groupBy)
    if (!table.dimensions.includes(d)) throw new MetricsQueryError(`${table.measures} cannot be grouped by ${d}; use one of: ${table.dimensions.join(', ')}`);
  const grain = grainFor(q);
  const periodColumn = grain === 'day' ? table.dayColumn : table.monthColumn;
  const where = whereClauses(q, grain, periodColumn, params, table.dimensions);
  const dims = q.groupBy.map((d) => DIMENSION_COLUMN[d]);
  return {
    where,
    keys: [...(q.period ? [periodColumn] : []), ...dims],
    cols: [...(q.period ? [`${periodColumn} as period`] : []), ...dims],
  };
}

/** The smallest roll-up level holding every dimension the query groups or filters by. */
export function levelFor(q: MetricsQuery): string {
  return levelOf([...q.groupBy, ...DIMENSIONS.filter((x) => (q.filters[x]?.length ?? 0) > 0)], grainFor(q));
}

/** Sums cube cells for the measures asked, grouped by period label and dimensions. */
export async function fetchCube(db: SqlExecutor, tenantId: string, measures: readonly string[], q: MetricsQuery): Promise<Group[]> {
  const grain = grainFor(q);
  const table = grain === 'day' ? 'analytics_cube_day' : 'analytics_cube_month';
  const params: SqlValue[] = [tenantId, levelFor(q)];
  const measureList = measures.map((m) => `$${params.push(m)}`).join(',');
  const where = whereClauses(q, grain, 'period', params);
  const dims = q.groupBy.map((d) => DIMENSION_COLUMN[d]);
  const keyCols = [...(q.period ? ['period'] : []), ...dims];
  const cols = [...keyCols, 'measure', 'detail', 'value'];
  // A level holding only the dimensions grouped by, read period by period, has one row per group
  // and cell already: summing it again in SQL would only sort the rows (a third of the query's time
  // for an answer of thousands of groups).
  const rowPerCell = q.period !== undefined && levelDimensions(levelFor(q)).every((d) => q.groupBy.includes(d));
  const sql = rowPerCell
    ? `select measure, detail, value, n, ${keyCols.join(', ')} from ${table}
        where tenant_id = $1 and dims = $2 and measure in (${measureList})${where} and n <> 0`
    : `select measure, detail, value, sum(n) as n${keyCols.map((c) => `, ${c}`).join('')} from ${table}
        where tenant_id = $1 and dims = $2 and measure in (${measureList})${where}
        group by ${cols.join(', ')}
        having sum(n) <> 0`;
  // Rows as arrays: an answer grouped three ways reads tens of thousands of them.
  const rows = (await db.queryArrays(sql, params)) as unknown[][];
  // PostgreSQL returns a bigint sum as a string: numbers once here, not at every read of the cell.
  for (const r of rows) {
    if (typeof r[VALUE] !== 'number') r[VALUE] = Number(r[VALUE]);
    if (typeof r[N] !== 'number') r[N] = Number(r[N]);
  }
  const at = N + 1 + (q.period ? 1 : 0);
  return groupBy(
    rows as unknown as CubeRow[],
    q,
    (r) => r[N + 1],
    (r, i) => r[at + i],
    (r) => r,
  );
}

export function groupRows<T>(
  rows: readonly Record<string, unknown>[],
  q: MetricsQuery,
  map: (r: Record<string, unknown>) => T,
): { key: Record<string, string>; rows: T[] }[] {
  const columns = q.groupBy.map((d) => DIMENSION_COLUMN[d]);
  return groupBy(
    rows,
    q,
    (r) => r.period,
    (r, i) => r[columns[i]],
    map,
  );
}

/** Rows into groups by period label (`periodOf`) and the dimensions grouped by (`dimensionOf`, in `q.groupBy`'s order), in key order. */
function groupBy<R, T>(
  rows: readonly R[],
  q: MetricsQuery,
  periodOf: (r: R) => unknown,
  dimensionOf: (r: R, i: number) => unknown,
  map: (r: R) => T,
): { key: Record<string, string>; rows: T[] }[] {
  type Found = { key: Record<string, string>; rows: T[] };
  const dimensions = q.groupBy.length;
  const depth = (q.period ? 1 : 0) + dimensions;
  if (depth === 0) return rows.length === 0 ? [] : [{ key: {}, rows: rows.map(map) }];
  // Periods are labelled once each: a query's rows are tens of thousands, its periods a few dozen.
  const labels = new Map<string, string>();
  const labelOf = (r: R, period: Period): string => {
    const cubePeriod = String(periodOf(r));
    let label = labels.get(cubePeriod);
    if (label === undefined) labels.set(cubePeriod, (label = periodLabel(cubePeriod, period)));
    return label;
  };
  // A tree of maps, one level per part of the key (period, then each dimension): each row finds its
  // group by the values it already holds, with no key string built per row.
  const root = new Map<string, unknown>();
  const parts = new Array<string>(depth);
  for (const r of rows) {
    let p = 0;
    if (q.period) parts[p++] = labelOf(r, q.period);
    for (let i = 0; i < dimensions; i++) parts[p++] = String(dimensionOf(r, i));
    let node = root;
    for (let d = 0; d < depth - 1; d++) {
      let next = node.get(parts[d]) as Map<string, unknown> | undefined;
      if (next === undefined) node.set(parts[d], (next = new Map()));
      node = next;
    }
    let g = node.get(parts[depth - 1]) as Found | undefined;
    if (g === undefined) {
      const key: Record<string, string> = {};
      p = 0;
      if (q.period) key.period = parts[p++];
      for (let i = 0; i < dimensions; i++) key[q.groupBy[i]] = parts[p++];
      node.set(parts[depth - 1], (g = { key, rows: [] }));
    }
    g.rows.push(map(r));
  }
  // In key order: period label, then each dimension's value, each compared as a string.
  const out: Found[] = [];
  const visit = (node: Map<string, unknown>, d: number): void => {
    for (const k of [...node.keys()].sort()) {
      const child = node.get(k);
      if (d === depth - 1) out.push(child as Found);
      else visit(child as Map<string, unknown>, d + 1);
    }
  };
  visit(root, 0);
  return out;
}

/** Helpers over one group's cube rows. */
export class Cells {
  constructor(readonly rows: readonly CubeRow[]) {}

  sum(measure: string, detail?: string | ((d: string) => boolean)): number {
    let t = 0;
    for (const r of this.rows) {
      if (r[MEASURE] !== measure) continue;
      if (typeof detail === 'string' && r[DETAIL] !== detail) continue;
      if (typeof detail === 'function' && !detail(r[DETAIL])) continue;
      t += r[N];
    }
    return t;
  }

  histogram(measure: string, detail?: (d: string) => boolean): Map<number, number> {
    const h = new Map<number, number>();
    for (const r of this.rows) {
      if (r[MEASURE] !== measure || (detail && !detail(r[DETAIL]))) continue;
      h.set(r[VALUE], (h.get(r[VALUE]) ?? 0) + r[N]);
    }
    return h;
  }

  /** n summed by detail for one measure. */
  byDetail(measure: string): Map<string, number> {
    const m = new Map<string, number>();
    for (const r of this.rows) if (r[MEASURE] === measure) m.set(r[DETAIL], (m.get(r[DETAIL]) ?? 0) + r[N]);
    return m;
  }
}

/** Journey outcomes as the journey-facts projection names them (withdrawn journeys count nowhere). */
export const JOURNEY_OUTCOMES = [
  'looked-after',
  'child-protection',
  'child-in-need',
  'referral-nfa',
  'assessed-not-in-need',
  'early-help',
  'contact-nfa',
  'advice-signposting',
  'open',
  'closed-other',
] as const;
