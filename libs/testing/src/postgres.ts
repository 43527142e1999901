import { randomBytes } from 'node:crypto';
import { PostgresDatabase } from '@journey-ledger/sql';

/**
 * Where integration tests find PostgreSQL: `DATABASE_URL`, set by the global setup (from the
 * environment, the machine's running server, or a testcontainer where a Docker engine exists).
 */
export function testDatabaseUrl(): string {
  const url = process.env.DATABASE_URL;
  if (!url) throw new Error('DATABASE_URL is not set: test/global-setup.ts should have found or started PostgreSQL');
  return url;
}

/** A database bound to a new, empty schema: each test file gets its own tables and drops them after. */
export async function freshPostgres(prefix = 'jl_test', max = 10): Promise<PostgresDatabase & { drop(): Promise<void> }> {
  const schema = `${prefix}_${randomBytes(4).toString('hex')}`;
  const db = new PostgresDatabase({ connectionString: testDatabaseUrl(), schema, max });
  await db.ensureSchema();
  return Object.assign(db, {
    async drop() {
      await db.execute(`drop schema if exists ${schema} cascade`);
      await db.close();
    },
  });
}
