import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PostgresEventStore, SqliteEventStore } from '@journey-ledger/event-store';
import type { EventStore } from '@journey-ledger/event-store';
import { SqliteDatabase } from '@journey-ledger/sql';
import type { SqlDatabase } from '@journey-ledger/sql';
import { freshPostgres } from './postgres';

/** A throw-away store: the event store, the SQL database its read models share, and a scratch directory. */
export interface StoreFixture {
  readonly store: EventStore;
  readonly db: SqlDatabase;
  readonly dir: string;
  dispose(): Promise<void>;
}

async function embeddedStore(): Promise<StoreFixture> {
  const dir = mkdtempSync(join(tmpdir(), 'jl-test-'));
  const db = new SqliteDatabase({ filename: join(dir, 'ledger.sqlite') });
  const store = new SqliteEventStore(db);
  await store.migrate();
  return {
    store,
    db,
    dir,
    async dispose() {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

async function postgresStore(): Promise<StoreFixture> {
  const dir = mkdtempSync(join(tmpdir(), 'jl-test-'));
  const db = await freshPostgres('jl_test', 4);
  const store = new PostgresEventStore(db);
  await store.migrate();
  return {
    store,
    db,
    dir,
    async dispose() {
      await db.drop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Both adapters, for `describe.each`: every store-touching spec runs on the embedded store and on PostgreSQL. */
export const STORE_KINDS: [string, () => Promise<StoreFixture>][] = [
  ['embedded', embeddedStore],
  ['postgres', postgresStore],
];
