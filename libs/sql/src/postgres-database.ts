import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { Pool, PoolClient, types } from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { SqlDatabase, SqlExecutor, SqlRow, SqlValue } from './sql-database';

// Read models are compared byte for byte across rebuilds and exported as CSV: keep values in
// the shapes the embedded store gives (numbers and ISO strings), not driver objects.
types.setTypeParser(20, (v) => Number(v)); // int8: positions and counts stay far below 2^53
types.setTypeParser(1700, (v) => Number(v)); // numeric
types.setTypeParser(1184, (v) => new Date(v).toISOString()); // timestamptz
types.setTypeParser(1114, (v) => new Date(`${v}Z`).toISOString()); // timestamp
types.setTypeParser(1082, (v) => v); // date

const COPY_SPECIAL = /[\\\t\n\r]/;

/** A value in COPY's text format: `\N` for null, and the format's four special characters escaped. */
function copyText(v: SqlValue): string {
  if (v === null) return '\\N';
  if (v instanceof Date) return v.toISOString();
  if (Buffer.isBuffer(v)) return `\\\\x${v.toString('hex')}`;
  if (typeof v === 'boolean') return v ? 't' : 'f';
  if (typeof v !== 'string') return String(v);
  // Most values have nothing to escape; a kept trace has a newline every line, where four native
  // replaces beat one replace calling back for every character found.
  if (!COPY_SPECIAL.test(v)) return v;
  return v.replace(/\\/g, '\\\\').replace(/\t/g, '\\t').replace(/\n/g, '\\n').replace(/\r/g, '\\r');
}

/** Rows as COPY text lines, a few thousand to a chunk. */
function* copyLines(rows: readonly (readonly SqlValue[])[]): Generator<string> {
  for (let i = 0; i < rows.length; i += 2000) {
    yield rows
      .slice(i, i + 2000)
      .map((row) => `${row.map(copyText).join('\t')}\n`)
      .join('');
  }
}

class PgExecutor implements SqlExecutor {
  readonly dialect = 'postgres' as const;
  readonly insertMany?: (table: string, columns: readonly string[], rows: readonly (readonly SqlValue[])[]) => Promise<void>;

  constructor(private readonly client: Pool | PoolClient) {
    // COPY needs one connection for the whole stream: only a transaction's client has one.
    if (client instanceof Pool) return;
    this.insertMany = async (table, columns, rows) => {
      if (rows.length === 0) return;
      await pipeline(Readable.from(copyLines(rows)), (client as PoolClient).query(copyFrom(`copy ${table} (${columns.join(',')}) from stdin`)));
    };
  }

  async query<T extends SqlRow = SqlRow>(sql: string, params?: readonly SqlValue[]): Promise<T[]> {
    const r = await this.client.query(sql, params as unknown[]);
    return r.rows as T[];
  }

  async queryArrays(sql: string, params?: readonly SqlValue[]): Promise<unknown[][]> {
    const r = await this.client.query({ text: sql, values: params as unknown[], rowMode: 'array' });
    return r.rows as unknown[][];
  }

  async execute(sql: string, params?: readonly SqlValue[]): Promise<number> {
    const r = await this.client.query(sql, params as unknown[]);
    return r.rowCount ?? 0;
  }
}

export interface PostgresOptions {
  readonly connectionString: string;
  readonly max?: number;
  /** Tables live in this schema (created if missing); tests use one schema each. */
  readonly schema?: string;
}

export class PostgresDatabase implements SqlDatabase {
  readonly dialect = 'postgres' as const;
  readonly pool: Pool;
  private readonly executor: PgExecutor;

  constructor(readonly options: PostgresOptions) {
    const schema = options.schema;
    if (schema !== undefined && !/^[a-z_][a-z0-9_]*$/.test(schema)) throw new Error(`invalid schema name ${schema}`);
    this.pool = new Pool({
      connectionString: options.connectionString,
      max: options.max ?? 10,
      options: schema ? `-c search_path=${schema},public` : undefined,
    });
    this.executor = new PgExecutor(this.pool);
  }

  /** Creates the schema this database is bound to, if it has one. */
  async ensureSchema(): Promise<void> {
    if (this.options.schema) await this.pool.query(`create schema if not exists ${this.options.schema}`);
  }

  query<T extends SqlRow = SqlRow>(sql: string, params?: readonly SqlValue[]): Promise<T[]> {
    return this.executor.query<T>(sql, params);
  }

  queryArrays(sql: string, params?: readonly SqlValue[]): Promise<unknown[][]> {
    return this.executor.queryArrays(sql, params);
  }

  execute(sql: string, params?: readonly SqlValue[]): Promise<number> {
    return this.executor.execute(sql, params);
  }

  /**
   * A statement the server parses and plans once per connection and then only binds and runs:
   * for the few fixed statements run on every command (a stream's read, its append). The name
   * must stand for one text only; dynamic SQL keeps to `query`, or every connection would
   * collect plans without bound.
   */
  async queryPrepared<T extends SqlRow = SqlRow>(name: string, sql: string, params: readonly SqlValue[]): Promise<T[]> {
    const r = await this.pool.query({ name, text: sql, values: params as unknown[] });
    return r.rows as T[];
  }

  async transaction<T>(work: (tx: SqlExecutor) => Promise<T>): Promise<T> {
    const client = await this.pool.connect();
    try {
      await client.query('BEGIN');
      const result = await work(new PgExecutor(client));
      await client.query('COMMIT');
      return result;
    } catch (e) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw e;
    } finally {
      client.release();
    }
  }

  /** A dedicated client, for COPY streams and LISTEN. */
  connect(): Promise<PoolClient> {
    return this.pool.connect();
  }

  async close(): Promise<void> {
    await this.pool.end();
  }
}
