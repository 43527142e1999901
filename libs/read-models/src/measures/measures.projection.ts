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
import type { CubeTable } from './measures.schema';
import { CUBE_KEY_COLUMNS, CUBE_TABLES, DAY_LEVELS, measuresCubeSchema, MONTH_LEVELS, ROLLED_UP } from './measures.schema';

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
    /** Cells a rebuild sums in memory before writing them out. */
    private readonly rebuildCells = 200_000,
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
    await deltas.write(tx, 'upsert');
  }

  /**
   * The batch path: the cells of many journeys are summed in memory, so a cell shared by
   * thousands of journeys is written once, not once per batch. When the sums hold more than
   * `rebuildCells` cells they are added to the tables and memory starts again: memory is bounded
   * by that, not by the size of the log.
   */
  rebuilder(): JourneyRebuilder {
    let deltas = new CubeDeltas();
    let written = false;
    const flush = async (tx: SqlExecutor) => {
      // The first write goes to empty tables: plain inserts, no conflicts to look for.
      await deltas.write(tx, written ? 'upsert' : 'insert');
      written = true;
      deltas = new CubeDeltas();
    };
    return {
      add: async (changes, tx) => {
        this.count(changes, deltas);
        if (deltas.size > this.rebuildCells) await flush(tx);
      },
      finish: async (tx) => {
        await flush(tx);
        // A journey split between two writes may have left a cell at zero: the live path keeps none.
        for (const table of CUBE_TABLES) await tx.execute(`delete from ${table} where n = 0`);
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

  /** `insert` only into tables known to hold none of these cells; `upsert` adds to what is there. */
  async write(tx: SqlExecutor, how: 'insert' | 'upsert'): Promise<void> {
    for (const table of CUBE_TABLES) {
      const rows = [...this.tables[table].values()].filter((r) => r[r.length - 1] !== 0);
      // In primary key order, the store appends to its index instead of inserting all over it.
      rows.sort(byPrimaryKey);
      if (how === 'insert') await insertRows(tx, table, [...CUBE_KEY_COLUMNS, 'n'], rows);
      else await upsertAdding(tx, table, rows);
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
  const kept = new Set(level.split('+'));
  const has = (dim: string) => level === 'all' || kept.has(dim);
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
