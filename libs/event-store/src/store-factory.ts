import { PostgresDatabase, SqlDatabase, SqliteDatabase } from '@journey-ledger/sql';
import { SqliteEventStore } from './embedded/sqlite-event-store';
import { EventSeal } from './integrity/seal';
import type { EventStore } from './port/event-store.port';
import { PostgresEventStore } from './postgres/postgres-event-store';

export interface StoreSettings {
  /** `embedded` (default: a SQLite file under `dataDir`) or `postgres` (at `databaseUrl`). */
  readonly kind: 'embedded' | 'postgres';
  readonly dataDir?: string;
  readonly filename?: string;
  readonly databaseUrl?: string;
  readonly schema?: string;
  readonly poolSize?: number;
  /** The key that seals every event (`JOURNEY_LEDGER_SEAL_KEY`); the development key when absent. */
  readonly sealKey?: string;
}

/** The event store and the SQL database its read models share (one transaction can span both). */
export interface OpenedStore {
  readonly eventStore: EventStore;
  readonly db: SqlDatabase;
  /** What the store seals events with, for the verification that checks the seals. */
  readonly seal: EventSeal;
}

export function storeSettingsFromEnv(env: NodeJS.ProcessEnv = process.env): StoreSettings {
  const kind = (env.JOURNEY_LEDGER_STORE ?? (env.DATABASE_URL ? 'postgres' : 'embedded')) as StoreSettings['kind'];
  if (kind !== 'embedded' && kind !== 'postgres') throw new Error(`JOURNEY_LEDGER_STORE must be embedded or postgres, not ${kind}`);
  return {
    kind,
    dataDir: env.JOURNEY_LEDGER_DATA_DIR ?? 'data',
    databaseUrl: env.DATABASE_URL,
    schema: env.JOURNEY_LEDGER_PG_SCHEMA,
    sealKey: env.JOURNEY_LEDGER_SEAL_KEY,
  };
}

export async function openStore(settings: StoreSettings, clock?: () => Date): Promise<OpenedStore> {
  const seal = EventSeal.fromKey(settings.sealKey);
  if (settings.kind === 'postgres') {
    if (!settings.databaseUrl) throw new Error('DATABASE_URL is required for the postgres store');
    const db = new PostgresDatabase({ connectionString: settings.databaseUrl, schema: settings.schema, max: settings.poolSize });
    const eventStore = new PostgresEventStore(db, clock, seal);
    await eventStore.migrate();
    return { eventStore, db, seal };
  }
  const filename = settings.filename ?? `${settings.dataDir ?? 'data'}/journey-ledger.sqlite`;
  const db = new SqliteDatabase({ filename });
  const eventStore = new SqliteEventStore(db, clock, seal);
  await eventStore.migrate();
  return { eventStore, db, seal };
}
