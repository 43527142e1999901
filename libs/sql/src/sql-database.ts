export type SqlDialect = 'sqlite' | 'postgres';
export type SqlValue = string | number | bigint | boolean | null | Date | Buffer;
export type SqlRow = Record<string, unknown>;

/** A connection to one of the two SQL stores, in a dialect-neutral shape (placeholders are `$1`…`$n`). */
export interface SqlExecutor {
  readonly dialect: SqlDialect;
  query<T extends SqlRow = SqlRow>(sql: string, params?: readonly SqlValue[]): Promise<T[]>;
  execute(sql: string, params?: readonly SqlValue[]): Promise<number>;
  /**
   * A query's rows as arrays of their columns' values, in the order selected: for reads of tens of
   * thousands of rows (an analysts' answer), where an object a row is most of the cost of reading.
   */
  queryArrays(sql: string, params?: readonly SqlValue[]): Promise<unknown[][]>;
  /**
   * Appends rows to one table by the store's bulk path (SQLite: one prepared statement run per
   * row; PostgreSQL: `COPY … FROM STDIN`). Offered inside a transaction only: a bulk write is
   * meant to commit whole.
   */
  insertMany?(table: string, columns: readonly string[], rows: readonly (readonly SqlValue[])[]): Promise<void>;
}

export interface SqlDatabase extends SqlExecutor {
  /** Runs `work` in one transaction: everything it writes commits together or not at all. */
  transaction<T>(work: (tx: SqlExecutor) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

/**
 * Types whose names differ between the dialects, for DDL shared by both stores:
 * `{{timestamp}}`, `{{json}}`, `{{serial}}` (auto-increment primary key), `{{bigint}}`, `{{real}}`,
 * and `{{without_rowid}}` after a table's closing parenthesis: on SQLite the table is stored in its
 * primary key's order, with no second copy of the key in an index (PostgreSQL has no such option).
 */
const TYPE_MACROS: Record<SqlDialect, Record<string, string>> = {
  postgres: { timestamp: 'timestamptz', json: 'jsonb', serial: 'bigserial primary key', bigint: 'bigint', real: 'double precision', without_rowid: '' },
  sqlite: { timestamp: 'text', json: 'text', serial: 'integer primary key autoincrement', bigint: 'integer', real: 'real', without_rowid: 'without rowid' },
};

export function ddl(dialect: SqlDialect, template: string): string {
  return template.replace(/\{\{(\w+)\}\}/g, (_, name: string) => {
    const t = TYPE_MACROS[dialect][name];
    if (t === undefined) throw new Error(`unknown DDL macro {{${name}}}`);
    return t;
  });
}

/** Splits a script of `;`-terminated statements (no procedural bodies) for drivers that run one at a time. */
export function splitStatements(script: string): string[] {
  return script
    .split(/;\s*(?:\n|$)/)
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
}
