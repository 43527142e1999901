import { randomBytes } from 'node:crypto';
import { PostgresDatabase } from './postgres-database';
import { SqliteDatabase } from './sqlite-database';
import type { SqlDatabase } from './sql-database';

/**
 * The two stores for this library's specs, each opened empty: an in-memory SQLite database, and a
 * PostgreSQL schema of its own (`DATABASE_URL`) that `drop` removes.
 */
export const STORES_UNDER_TEST = [
  ['embedded', async () => ({ db: new SqliteDatabase({ filename: ':memory:' }) as SqlDatabase, drop: async () => undefined })],
  [
    'postgres',
    async () => {
      const schema = `jl_test_sql_${randomBytes(4).toString('hex')}`;
      const db = new PostgresDatabase({ connectionString: process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test', schema, max: 2 });
      await db.ensureSchema();
      return { db: db as SqlDatabase, drop: () => db.execute(`drop schema ${schema} cascade`).then(() => undefined) };
    },
  ],
] as const;
