import { Client } from 'pg';

/**
 * Finds PostgreSQL for the integration and e2e tiers: `DATABASE_URL` if set, else the server
 * a machine runs at 127.0.0.1:5432 (trust auth), else a testcontainer when a Docker engine
 * answers. Without any of them the run fails loudly: the store contract must run on PostgreSQL.
 */
async function reachable(url: string): Promise<boolean> {
  const c = new Client({ connectionString: url, connectionTimeoutMillis: 2000 });
  try {
    await c.connect();
    await c.query('select 1');
    return true;
  } catch {
    return false;
  } finally {
    await c.end().catch(() => undefined);
  }
}

/**
 * Where the KurrentDB contract runs: against `KURRENTDB_URL` when set, else in a testcontainer
 * (started by the spec itself) when a Docker engine answers. Otherwise the reason goes to the spec
 * in `JOURNEY_LEDGER_KURRENTDB_NOT_RUN`, and the summary shows one line saying so.
 */
async function findKurrentDb(): Promise<void> {
  if (process.env.KURRENTDB_URL) return;
  try {
    const { getContainerRuntimeClient } = await import('testcontainers');
    await getContainerRuntimeClient();
    process.env.JOURNEY_LEDGER_KURRENTDB_TESTCONTAINER = '1';
  } catch {
    process.env.JOURNEY_LEDGER_KURRENTDB_NOT_RUN = 'KURRENTDB_URL is not set and no Docker engine answers for testcontainers';
  }
}

export default async function globalSetup(): Promise<void> {
  await findKurrentDb();
  await findPostgres();
}

async function findPostgres(): Promise<void> {
  const candidates = [process.env.DATABASE_URL, 'postgres://postgres@127.0.0.1:5432/test', 'postgres://postgres@127.0.0.1:5432/postgres'].filter(
    (u): u is string => Boolean(u),
  );
  for (const url of candidates) {
    if (await reachable(url)) {
      process.env.DATABASE_URL = url;
      return;
    }
  }
  try {
    // Only where a Docker engine exists (not on the CI machine, which runs PostgreSQL itself).
    const { PostgreSqlContainer } = await import('@testcontainers/postgresql');
    const container = await new PostgreSqlContainer('postgres:16-alpine').start();
    process.env.DATABASE_URL = container.getConnectionUri();
    (globalThis as Record<string, unknown>).__PG_CONTAINER__ = container;
    return;
  } catch (e) {
    throw new Error(
      `No PostgreSQL for the tests: DATABASE_URL unset, nothing at 127.0.0.1:5432, and no Docker engine for testcontainers (${(e as Error).message})`,
    );
  }
}
