import { englandAndWalesCalendar } from '@journey-ledger/domain';
import type { WorkingCalendar } from '@journey-ledger/domain';
import type { EventStore, RecordedEvent } from '@journey-ledger/event-store';
import { splitStatements } from '@journey-ledger/sql';
import type { SqlDialect, SqlExecutor, SqlValue } from '@journey-ledger/sql';
import type { JourneyRebuilder, Projection, TenantLookup } from '../runner/projection';
import { insertRows } from '../runner/insert-rows';
import { JourneyStates } from '../runner/journey-states';
import type { JourneyChange } from '../runner/journey-states';
import { contributions, CubeCell } from './contributions';
import type { CubeTable, LevelDimension } from './measures.schema';
import { CUBE_KEY_COLUMNS, CUBE_TABLES, DAY_LEVELS, levelDimensions, measuresCubeSchema, MONTH_LEVELS, ROLLED_UP } from './measures.schema';

/**
 * Maintains the measures cube incrementally: for each journey touched by a batch it subtracts
 * what the journey contributed before the batch and adds what it contributes after, so a
 * withdrawal or a late (back-dated) entry moves the counts exactly.
 */
export class MeasuresCubeProjection implements Projection {
  readonly name = 'analytics-measures';
  /** 5: the cube tables are stored in primary key order on SQLite (`without rowid`). */
  readonly version = 5;
  private readonly journeys: JourneyStates;

  constructor(
    store: EventStore,
    private readonly tenants: TenantLookup,
    private readonly calendar: WorkingCalendar = englandAndWalesCalendar(),
    /**
     * Cells a rebuild sums in memory before writing them out. The finest cells barely add up (a day
     * with every dimension is nearly one journey), so a smaller window writes hardly more rows: a
     * rebuild of 100,000 journeys peaked at 485 MB with 200,000 and 430 MB with 20,000 in the same
     * time (5,000 and 50,000: 440 and 444 MB).
     */
    private readonly rebuildCells = 20_000,
  ) {
    this.journeys = new JourneyStates(store);
  }

  schema(dialect: SqlDialect): string {
    return measuresCubeSchema(dialect);
  }

  /** Drops and re-creates the tables: a new version may have changed their columns. */
  async reset(tx: SqlExecutor): Promise<void> {
    this.journeys.clear();
    for (const t of CUBE_TABLES) await tx.execute(`drop table if exists ${t}`);
    for (const statement of splitStatements(measuresCubeSchema(tx.dialect))) await tx.execute(statement);
  }

  async apply(events: readonly RecordedEvent[], tx: SqlExecutor): Promise<void> {
    const changes = await this.journeys.advance(events);
    if (changes.length === 0) return;
    const deltas = new CubeDeltas();
    this.count(changes, deltas);
    await deltas.write(tx);
  }

  /**
   * The batch path. Only the finest cells (a day, every dimension kept: the `all` level) are
   * summed in memory, and appended to a build table whenever the sums hold more than
   * `rebuildCells` cells, so memory is bounded by that, not by the size of the log. At the end
   * the store builds the cube from them with set operations: on SQLite the `all` day cells by one
   * GROUP BY of the build table, each other level and the month grain from smaller levels already
   * written (`rollUpStatements`); on PostgreSQL every level by a GROUP BY of the build table, the
   * two grains side by side (`levelStatements`). Counting every cell at its 18 levels in memory
   * and adding them to the tables by upsert was most of a rebuild's time (profile of the
   * 20,000-journey bench).
   */
  rebuilder(): JourneyRebuilder {
    let cells = new Map<string, SqlValue[]>();
    let created = false;
    const flush = async (tx: SqlExecutor) => {
      if (!created) {
        await tx.execute(`drop table if exists ${BUILD_TABLE}`);
        await tx.execute(BUILD_TABLE_SCHEMA(tx.dialect));
        created = true;
      }
      const rows = [...cells.values()].filter((r) => r[r.length - 1] !== 0);
      await insertRows(tx, BUILD_TABLE, BUILD_COLUMNS, rows);
      cells = new Map();
    };
    return {
      add: async (changes, tx) => {
        for (const { tenantId, before, after } of changes) {
          const ctx = { tenant: this.tenants(tenantId), calendar: this.calendar };
          addFinest(cells, tenantId, contributions(before, ctx), -1);
          addFinest(cells, tenantId, contributions(after, ctx), 1);
        }
        if (cells.size > this.rebuildCells) await flush(tx);
      },
      finish: async (tx) => {
        await flush(tx);
        if (tx.dialect !== 'postgres') {
          for (const statement of rollUpStatements()) await tx.execute(statement);
          await tx.execute(`drop table ${BUILD_TABLE}`);
          return;
        }
        const keys = await dropPrimaryKeys(tx);
        // Each grain on a connection of its own, so that the server sums both at once.
        return [
          CUBE_TABLES.map((table) => async (t: SqlExecutor) => {
            // PostgreSQL's default 4 MB per sort or hash spills every level of a large council to
            // disk (20 s a level at 100,000 journeys); for this transaction only, let them work in memory.
            await t.execute(`set local work_mem = '256MB'`);
            for (const statement of levelStatements(table)) await t.execute(statement);
          }),
          keys.map(({ table, name }) => async (t: SqlExecutor) => {
            await t.execute(`set local maintenance_work_mem = '256MB'`);
            await t.execute(`alter table ${table} add constraint ${name} primary key (${PRIMARY_KEY})`);
          }),
          [(t: SqlExecutor) => t.execute(`drop table ${BUILD_TABLE}`).then(() => undefined)],
        ];
      },
    };
  }

  private count(changes: readonly JourneyChange[], deltas: CubeDeltas): void {
    for (const { tenantId, before, after } of changes) {
      const ctx = { tenant: this.tenants(tenantId), calendar: this.calendar };
      deltas.add(tenantId, contributions(before, ctx), -1);
      deltas.add(tenantId, contributions(after, ctx), 1);
    }
  }
}

/** Changes to cube cells, summed by key, per table: a row is its key columns followed by `n`. */
class CubeDeltas {
  private readonly tables: Record<CubeTable, Map<string, SqlValue[]>> = {
    analytics_cube_day: new Map(),
    analytics_cube_month: new Map(),
  };

  get size(): number {
    return this.tables.analytics_cube_day.size + this.tables.analytics_cube_month.size;
  }

  add(tenantId: string, cells: readonly CubeCell[], sign: 1 | -1): void {
    for (const c of cells) {
      addAtLevels(this.tables.analytics_cube_day, tenantId, c.day, DAY_KEPT, c, sign);
      addAtLevels(this.tables.analytics_cube_month, tenantId, c.day.slice(0, 7), MONTH_KEPT, c, sign);
    }
  }

  /** Adds the changes to the cells in the tables. */
  async write(tx: SqlExecutor): Promise<void> {
    for (const table of CUBE_TABLES) {
      const rows = [...this.tables[table].values()].filter((r) => r[r.length - 1] !== 0);
      // In primary key order, the store appends to its index instead of inserting all over it.
      rows.sort(byPrimaryKey);
      await upsertAdding(tx, table, rows);
    }
  }
}

/** Positions in a row (key columns, then `n`) of the primary key's columns, in the key's order. */
const PRIMARY_KEY_POSITIONS = [0, 1, 3, 2, 4, 5, 6, 7, 8, 9, 10, 11];

function byPrimaryKey(a: readonly SqlValue[], b: readonly SqlValue[]): number {
  for (const i of PRIMARY_KEY_POSITIONS) {
    const x = a[i] as string | number;
    const y = b[i] as string | number;
    if (x !== y) return x < y ? -1 : 1;
  }
  return 0;
}

/** Which dimensions a roll-up level keeps. */
interface Kept {
  readonly level: string;
  readonly source: boolean;
  readonly team: boolean;
  readonly levelOfNeed: boolean;
  readonly outcome: boolean;
}

function keptAt(level: string): Kept {
  const kept: ReadonlySet<string> = new Set(levelDimensions(level));
  const has = (dim: LevelDimension) => kept.has(dim);
  return { level, source: has('source'), team: has('team'), levelOfNeed: has('levelOfNeed'), outcome: has('outcome') };
}

const DAY_KEPT = DAY_LEVELS.map(keptAt);
const MONTH_KEPT = MONTH_LEVELS.map(keptAt);

/** source, team, tier, area, level of need, outcome of a cell at a roll-up level (`*` where rolled up). */
export function levelKey(c: CubeCell, level: string): string[] {
  return keyAt(c, keptAt(level));
}

function keyAt(c: CubeCell, k: Kept): string[] {
  return [
    k.source ? c.source : ROLLED_UP,
    k.team ? c.team : ROLLED_UP,
    k.team ? c.tier : ROLLED_UP,
    k.team ? c.area : ROLLED_UP,
    k.levelOfNeed ? c.levelOfNeed : ROLLED_UP,
    k.outcome ? c.outcome : ROLLED_UP,
  ];
}

/**
 * Adds a cell to the sums at every level of one grain. The hottest loop of a rebuild (a cell is
 * counted at up to 12 levels): the level masks are worked out once, and a row is made only for a
 * key not seen before.
 */
function addAtLevels(sums: Map<string, SqlValue[]>, tenantId: string, period: string, levels: readonly Kept[], c: CubeCell, sign: 1 | -1): void {
  for (const k of levels) {
    const dims = keyAt(c, k);
    const key = `${tenantId}\u0000${k.level}\u0000${period}\u0000${c.measure}\u0000${dims.join('\u0000')}\u0000${c.detail}\u0000${c.value}`;
    const found = sums.get(key);
    if (found) found[12] = (found[12] as number) + sign * c.n;
    else sums.set(key, [tenantId, k.level, period, c.measure, ...dims, c.detail, c.value, sign * c.n]);
  }
}

/** Where a rebuild appends its finest cells before the cube is built from them; dropped at the end. */
const BUILD_TABLE = 'analytics_cube_build';
const FINEST_COLUMNS = ['tenant_id', 'period', 'measure', 'source', 'team', 'tier', 'area', 'level_of_need', 'outcome', 'detail', 'value'] as const;
const BUILD_COLUMNS = [...FINEST_COLUMNS, 'n'];
/** No key: the same cell may come in several writes (the sums are partial), the GROUP BY adds them. */
const BUILD_TABLE_SCHEMA = (dialect: SqlDialect) =>
  `create table ${BUILD_TABLE} (${FINEST_COLUMNS.map((c) => `${c} ${c === 'value' ? 'integer' : 'text'} not null`).join(', ')}, n ${dialect === 'postgres' ? 'bigint' : 'integer'} not null)`;

/** Sums one journey's cells (or takes back its earlier ones) at the finest level only. */
function addFinest(sums: Map<string, SqlValue[]>, tenantId: string, cells: readonly CubeCell[], sign: 1 | -1): void {
  for (const c of cells) {
    // Joined rather than a template: a template's result is a rope of a dozen pieces, and a rebuild
    // holds up to `rebuildCells` of these keys (a third of its heap, by a heap snapshot).
    const key = [tenantId, c.day, c.measure, c.source, c.team, c.tier, c.area, c.levelOfNeed, c.outcome, c.detail, c.value].join('\u0000');
    const found = sums.get(key);
    if (found) found[11] = (found[11] as number) + sign * c.n;
    else sums.set(key, [tenantId, c.day, c.measure, c.source, c.team, c.tier, c.area, c.levelOfNeed, c.outcome, c.detail, c.value, sign * c.n]);
  }
}

const PRIMARY_KEY = 'tenant_id, dims, measure, period, source, team, tier, area, level_of_need, outcome, detail, value';

/**
 * PostgreSQL: the empty cube tables' primary keys go before the roll-ups and come back after
 * them. Inserted one by one, the day levels' rows went into a b-tree of twelve text columns in
 * hash-aggregate order, 10 to 20 s a level at 100,000 journeys; an index built once over the
 * whole table sorts them once. (SQLite stores the table as its key: grouped in key order, its
 * inserts already append.) The names are read, not assumed: in a rebuild they are the shadow's.
 */
async function dropPrimaryKeys(tx: SqlExecutor): Promise<{ table: CubeTable; name: string }[]> {
  const keys: { table: CubeTable; name: string }[] = [];
  for (const table of CUBE_TABLES) {
    const found = await tx.query<{ name: string }>(`select conname as name from pg_constraint where conrelid = '${table}'::regclass and contype = 'p'`);
    for (const { name } of found) {
      await tx.execute(`alter table ${table} drop constraint ${name}`);
      keys.push({ table, name });
    }
  }
  return keys;
}

/**
 * The level each roll-up level is summed from, by grain (a level not named is summed from `all`).
 * Any level keeping a superset of its dimensions gives the same sums, since no cell is negative or
 * zero once the `all` level is built; the one chosen has the fewest rows (counted at 20,000
 * journeys: the day cube's `team` level has 65,000 rows against 280,000 at `all`; the month's pairs
 * with `team` 20,000–48,000 against 147,000). SQLite sorts the rows it groups, so the rows read are
 * what a level costs.
 */
const SUMMED_FROM: Readonly<Record<CubeTable, Readonly<Record<string, string>>>> = {
  analytics_cube_day: { none: 'team' },
  analytics_cube_month: {
    none: 'outcome',
    levelOfNeed: 'levelOfNeed+team',
    outcome: 'outcome+team',
    source: 'source+team',
    team: 'outcome+team',
  },
};

/** A grain's levels below `all`, most dimensions first, so that every level is written before one summed from it. */
const coarsening = (levels: readonly Kept[]) =>
  levels.filter((k) => k.level !== 'all').sort((a, b) => levelDimensions(b.level).length - levelDimensions(a.level).length);

/** The six dimension columns of a cell at a level: the column where the level keeps it, else `*`. */
function keptColumns(k: Kept): string[] {
  const kept = (on: boolean, column: string) => (on ? column : `'${ROLLED_UP}'`);
  return [
    kept(k.source, 'source'),
    kept(k.team, 'team'),
    kept(k.team, 'tier'),
    kept(k.team, 'area'),
    kept(k.levelOfNeed, 'level_of_need'),
    kept(k.outcome, 'outcome'),
  ];
}

/** What a level's cells are grouped by, in the primary key's column order (the level itself is one constant). */
const groupedColumns = (dims: readonly string[], period: string) => [
  'tenant_id',
  'measure',
  period,
  ...dims.filter((d) => !d.startsWith("'")),
  'detail',
  'value',
];

/**
 * The cube built from the finest cells by the store itself: the day cells at level `all` first
 * (a cell written in two flushes is added up here; cells that came to zero are left out, as the
 * live path keeps none), then every other day level from them, the month cells at level `all`
 * from them, and every other month level from those. Each level is the same sum of the same
 * finest cells as the live path's `addAtLevels`, so both write the same rows.
 *
 * Grouped in the primary key's column order (the level is one constant per statement): SQLite's
 * GROUP BY then hands the rows over in key order, so the insert appends to the table's b-tree
 * instead of splitting pages all over it, without a second sort for an ORDER BY.
 */
export function rollUpStatements(): string[] {
  const cubeColumns = [...CUBE_KEY_COLUMNS, 'n'];
  const insert = (table: CubeTable, columns: readonly string[], rest: string) =>
    `insert into ${table} (${cubeColumns.join(', ')}) select ${columns.join(', ')} ${rest}`;
  const finestInKeyOrder = ['tenant_id', 'measure', 'period', 'source', 'team', 'tier', 'area', 'level_of_need', 'outcome', 'detail', 'value'];
  const statements = [
    insert(
      'analytics_cube_day',
      ['tenant_id', "'all'", ...FINEST_COLUMNS.slice(1), 'sum(n)'],
      `from ${BUILD_TABLE} group by ${finestInKeyOrder.join(', ')} having sum(n) <> 0`,
    ),
  ];
  const level = (table: CubeTable, from: CubeTable, fromLevel: string, period: string, k: Kept) => {
    const dims = keptColumns(k);
    const grouped = groupedColumns(dims, period);
    return insert(
      table,
      ['tenant_id', `'${k.level}'`, period, 'measure', ...dims, 'detail', 'value', 'sum(n)'],
      `from ${from} where dims = '${fromLevel}' group by ${grouped.join(', ')}`,
    );
  };
  const from = (table: CubeTable, k: Kept) => SUMMED_FROM[table][k.level] ?? 'all';
  for (const k of coarsening(DAY_KEPT)) statements.push(level('analytics_cube_day', 'analytics_cube_day', from('analytics_cube_day', k), 'period', k));
  const all = MONTH_KEPT.find((k) => k.level === 'all') as Kept;
  statements.push(level('analytics_cube_month', 'analytics_cube_day', 'all', 'substr(period, 1, 7)', all));
  for (const k of coarsening(MONTH_KEPT)) statements.push(level('analytics_cube_month', 'analytics_cube_month', from('analytics_cube_month', k), 'period', k));
  return statements;
}

/**
 * PostgreSQL: each level of one grain by its own `insert … select … group by` over the build table,
 * its rows in the order of the primary key. PostgreSQL keeps a table's rows in the order they were
 * written, not in key order as SQLite's tables without rowid do: written in key order, the rows
 * one query reads sit on a few pages rather than one page each (by team over a year at 100,000
 * journeys: 366 pages instead of 13,283, 6 ms instead of 30). Summing every level from the build
 * table reads it eighteen times, which costs little (a sequential scan, 0.1 s at 100,000
 * journeys); one GROUPING SETS statement a grain read it once but then sorted all its levels'
 * rows together on keys computed per row, spilling to disk: 37 s at 100,000 journeys against 28 s
 * level by level, timed statement by statement on the same build table. The HAVING drops a cell
 * whose finest cells came to zero, as `rollUpStatements` does.
 */
export function levelStatements(table: CubeTable): string[] {
  const cubeColumns = [...CUBE_KEY_COLUMNS, 'n'];
  const period = table === 'analytics_cube_day' ? 'period' : 'substr(period, 1, 7)';
  return (table === 'analytics_cube_day' ? DAY_KEPT : MONTH_KEPT).map((k) => {
    const dims = keptColumns(k);
    const grouped = groupedColumns(dims, period);
    return `insert into ${table} (${cubeColumns.join(', ')})
     select tenant_id, '${k.level}', ${period}, measure, ${dims.join(', ')}, detail, value, sum(n)
     from ${BUILD_TABLE}
     group by ${grouped.join(', ')}
     having sum(n) <> 0
     order by ${grouped.join(', ')}`;
  });
}

/** Chunk sizes of the upsert: a fixed few, so the drivers' statement caches stay small. */
const CHUNKS = [1024, 256, 64, 16, 4, 1];

/**
 * Adds `n` to existing cells (insert … on conflict do update: the same statement on both
 * dialects), then deletes the cells that came to zero: a journey that moved out of a cell leaves
 * no row behind, so the cube holds exactly the rows a rebuild from the log would write.
 */
async function upsertAdding(tx: SqlExecutor, table: string, rows: readonly SqlValue[][]): Promise<void> {
  const columns = [...CUBE_KEY_COLUMNS, 'n'];
  const emptied: SqlValue[][] = [];
  let i = 0;
  while (i < rows.length) {
    const size = CHUNKS.find((c) => c <= rows.length - i) as number;
    const params: SqlValue[] = [];
    const tuples = rows.slice(i, i + size).map((row) => `(${row.map((v) => (params.push(v), `$${params.length}`)).join(',')})`);
    const results = await tx.query<Record<string, SqlValue>>(
      `insert into ${table} (${columns.join(',')}) values ${tuples.join(',')}
       on conflict (tenant_id, dims, measure, period, source, team, tier, area, level_of_need, outcome, detail, value)
       do update set n = ${table}.n + excluded.n
       returning ${columns.join(',')}`,
      params,
    );
    for (const r of results) if (Number(r.n) === 0) emptied.push(CUBE_KEY_COLUMNS.map((c) => r[c]));
    i += size;
  }
  let j = 0;
  while (j < emptied.length) {
    const size = CHUNKS.find((c) => c <= emptied.length - j) as number;
    const params: SqlValue[] = [];
    // Column = parameter comparisons, so that each parameter takes its column's type on PostgreSQL.
    const cells = emptied
      .slice(j, j + size)
      .map((key) => `(${key.map((v, k) => (params.push(v), `${CUBE_KEY_COLUMNS[k]} = $${params.length}`)).join(' and ')})`);
    await tx.execute(`delete from ${table} where n = 0 and (${cells.join(' or ')})`, params);
    j += size;
  }
}
