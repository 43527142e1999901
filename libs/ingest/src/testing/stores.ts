import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PostgresEventStore, SqliteEventStore } from '@journey-ledger/event-store';
import type { EventStore } from '@journey-ledger/event-store';
import { SqliteDatabase } from '@journey-ledger/sql';
import { freshPostgres } from '@journey-ledger/testing';

export interface StoreFixture {
  readonly store: EventStore;
  readonly dir: string;
  dispose(): Promise<void>;
}

/** Both adapters, so every ingest spec runs on the embedded store and on PostgreSQL. */
export const STORE_KINDS: [string, () => Promise<StoreFixture>][] = [
  [
    'embedded',
    async () => {
      const dir = mkdtempSync(join(tmpdir(), 'jl-ingest-'));
      const store = new SqliteEventStore(new SqliteDatabase({ filename: join(dir, 'store.sqlite') }));
      await store.migrate();
      return {
        store,
        dir,
        async dispose() {
          await store.close();
          rmSync(dir, { recursive: true, force: true });
        },
      };
    },
  ],
  [
    'postgres',
    async () => {
      const dir = mkdtempSync(join(tmpdir(), 'jl-ingest-'));
      const db = await freshPostgres('jl_ingest', 4);
      const store = new PostgresEventStore(db);
      await store.migrate();
      return {
        store,
        dir,
        async dispose() {
          await db.drop();
          rmSync(dir, { recursive: true, force: true });
        },
      };
    },
  ],
];
