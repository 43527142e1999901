import { Pool, PoolClient, types } from 'pg';
import { SqlDatabase, SqlExecutor, SqlRow, SqlValue } from './sql-database';

// Read models are compared byte for byte across rebuilds and exported as CSV: keep values in
// the shapes the embedded store gives (numbers and ISO strings), not driver objects.
types.setTypeParser(20, (v) => Number(v)); // int8: positions and counts stay far below 2^53
types.setTypeParser(1700, (v) => Number(v)); // numeric
types.setTypeParser(1184, (v) => new Date(v).toISOString()); // timestamptz
types.setTypeParser(1114, (v) => new Date(`${v}Z`).toISOString()); // timestamp
types.setTypeParser(1082, (v) => v); // date

class PgExecutor implements SqlExecutor {
  readonly dialect = 'postgres' as const;
  constructor(private readonly client: Pool | PoolClient) {}

  async query<T extends SqlRow = SqlRow>(sql: string, params?: readonly SqlValue[]): Promise<T[]> {
    const r = await this.client.query(sql, params as unknown[]);
    return r.rows as T[];
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

  execute(sql: string, params?: readonly SqlValue[]): Promise<number> {
    return this.executor.execute(sql, params);
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
