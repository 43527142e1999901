import { splitStatements } from '@journey-ledger/sql';
import type { SqlDialect, SqlExecutor, SqlRow, SqlValue } from '@journey-ledger/sql';
import type { Projection } from './projection';

/** The suffix of a read model's tables while they are rebuilt beside the ones serving queries. */
const SHADOW = '__next';

const TABLE = /create table if not exists (\w+)/gi;
const INDEX = /create (?:unique )?index if not exists (\w+)/gi;
/** An index no insert depends on (a unique one may back an `on conflict`). */
const DEFERRABLE_INDEX = /^create index /i;

/** A projection's SQL with its table and index names turned to their shadows' names. */
class Renamer {
  readonly tables: readonly string[];
  private readonly pattern: RegExp | undefined;

  constructor(schema: string) {
    this.tables = [...schema.matchAll(TABLE)].map((m) => m[1]);
    const names = [...this.tables, ...[...schema.matchAll(INDEX)].map((m) => m[1])];
    this.pattern = names.length === 0 ? undefined : new RegExp(`\\b(${names.join('|')})\\b`, 'g');
  }

  rename(sql: string): string {
    return this.pattern === undefined ? sql : sql.replace(this.pattern, (name) => `${name}${SHADOW}`);
  }
}

/** Runs a projection's statements against its shadow tables: the projection's own SQL, renamed. */
class ShadowExecutor implements SqlExecutor {
  readonly dialect: SqlDialect;
  readonly insertMany?: SqlExecutor['insertMany'];

  constructor(
    private readonly tx: SqlExecutor,
    private readonly renamer: Renamer,
  ) {
    this.dialect = tx.dialect;
    const bulk = tx.insertMany?.bind(tx);
    if (bulk) this.insertMany = (table, columns, rows) => bulk(renamer.rename(table), columns, rows);
  }

  query<T extends SqlRow = SqlRow>(sql: string, params?: readonly SqlValue[]): Promise<T[]> {
    return this.tx.query<T>(this.renamer.rename(sql), params);
  }

  queryArrays(sql: string, params?: readonly SqlValue[]): Promise<unknown[][]> {
    return this.tx.queryArrays(this.renamer.rename(sql), params);
  }

  execute(sql: string, params?: readonly SqlValue[]): Promise<number> {
    return this.tx.execute(this.renamer.rename(sql), params);
  }
}

/**
 * Blue-green tables for one projection's rebuild: a shadow of each of its tables (`…__next`)
 * is filled while the tables in use keep serving queries, then `swap` puts the shadows in their
 * place in one transaction, so a reader sees either the old read model or the whole new one.
 */
export class ShadowTables {
  private readonly renamer: Renamer;

  /**
   * `deferIndexes`: the shadow is filled without its secondary indexes (`create index`), which are
   * built once over the full tables before the swap (PostgreSQL) or in it (SQLite), instead of
   * being kept up to date row by row and, on SQLite, built again at the swap anyway. Only for a
   * read model written by a `rebuilder()`: those find their rows by primary key, while one
   * replayed through `apply` may look rows up by an index.
   */
  constructor(
    private readonly projection: Projection,
    private readonly dialect: SqlDialect,
    private readonly deferIndexes = false,
  ) {
    this.renamer = new Renamer(projection.schema(dialect));
  }

  private isDeferred(statement: string): boolean {
    return this.deferIndexes && DEFERRABLE_INDEX.test(statement);
  }

  /** The projection's statements, aimed at the shadow tables. */
  executor(tx: SqlExecutor): SqlExecutor {
    return new ShadowExecutor(tx, this.renamer);
  }

  /** Empty shadow tables, whatever a rebuild that stopped half way left behind. */
  async create(tx: SqlExecutor): Promise<void> {
    for (const table of this.renamer.tables) await tx.execute(`drop table if exists ${table}${SHADOW}`);
    for (const statement of splitStatements(this.projection.schema(tx.dialect))) {
      if (!this.isDeferred(statement)) await tx.execute(this.renamer.rename(statement));
    }
  }

  /**
   * Builds the deferred indexes on the filled shadows, each by one sort of the whole table.
   * PostgreSQL only, outside the swap, so that the tables in use are not locked meanwhile (the
   * swap gives them their usual names). SQLite cannot rename an index, so there they are built by
   * the swap, under their usual names.
   */
  async buildIndexes(sql: SqlExecutor): Promise<void> {
    if (sql.dialect !== 'postgres') return;
    for (const statement of splitStatements(this.projection.schema(sql.dialect))) {
      if (this.isDeferred(statement)) await sql.execute(this.renamer.rename(statement));
    }
  }

  /**
   * Fresh statistics for the filled shadows (PostgreSQL). Tables filled in bulk have none until
   * autovacuum comes round, and without them the planner guesses a handful of rows: a paged read
   * of the kept traces then sorted the whole table for every page (an export of 100,000 journeys
   * ran at 137,642 events/s instead of 467,009). Taken before the swap, the statistics go with the
   * tables when renamed.
   */
  async analyze(sql: SqlExecutor): Promise<void> {
    if (sql.dialect !== 'postgres') return;
    for (const table of this.renamer.tables) await sql.execute(`analyze ${table}${SHADOW}`);
  }

  /** Replaces the tables in use by the shadows; to be run inside the transaction that moves the checkpoint. */
  async swap(tx: SqlExecutor): Promise<void> {
    for (const table of this.renamer.tables) {
      const shadow = `${table}${SHADOW}`;
      await tx.execute(`drop table if exists ${table}`);
      if (tx.dialect === 'postgres') {
        await tx.execute(`alter table ${shadow} rename to ${table}`);
        // Index names (the primary key's too) are unique per schema: give them back their usual names.
        const indexes = await tx.query<{ name: string }>(`select indexname as name from pg_indexes where schemaname = current_schema() and tablename = $1`, [
          table,
        ]);
        for (const { name } of indexes) if (name.includes(SHADOW)) await tx.execute(`alter index ${name} rename to ${name.replace(SHADOW, '')}`);
      } else {
        // SQLite cannot rename an index: the shadow's go, and the schema below builds them again under their usual names.
        const indexes = await tx.query<{ name: string }>(`select name from sqlite_master where type = 'index' and tbl_name = $1 and sql is not null`, [shadow]);
        for (const { name } of indexes) await tx.execute(`drop index ${name}`);
        await tx.execute(`alter table ${shadow} rename to ${table}`);
      }
    }
    for (const statement of splitStatements(this.projection.schema(tx.dialect))) await tx.execute(statement);
  }
}
