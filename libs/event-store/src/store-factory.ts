import { PostgresDatabase, SqlDatabase, SqliteDatabase } from '@journey-ledger/sql';
import { SqliteEventStore } from './embedded/sqlite-event-store';
import { EventSeal } from './integrity/seal';
import { KurrentDbEventStore } from './kurrentdb/kurrentdb-event-store';
import type { EventStore } from './port/event-store.port';
import { PostgresEventStore } from './postgres/postgres-event-store';

export type StoreKind = 'embedded' | 'postgres' | 'kurrentdb';
export const STORE_SETTING_KINDS: readonly StoreKind[] = ['embedded', 'postgres', 'kurrentdb'];

export interface StoreSettings {
  /**
   * `embedded` (default: a SQLite file under `dataDir`), `postgres` (at `databaseUrl`), or
   * `kurrentdb` (the log at `kurrentdbUrl`, read models and checkpoints in PostgreSQL at `databaseUrl`).
   */
  readonly kind: StoreKind;
  readonly dataDir?: string;
  readonly filename?: string;
  readonly databaseUrl?: string;
  readonly schema?: string;
  readonly poolSize?: number;
  /** KurrentDB connection string (`kurrentdb://host:2113?tls=false`, or `kurrentdb+discover://…` for a cluster). */
  readonly kurrentdbUrl?: string;
  /** Prefix of every stream this ledger writes in KurrentDB (`jl`): several ledgers may share a server. */
  readonly kurrentdbNamespace?: string;
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

/** A store setting that cannot work: the message names the variable to fix. */
export class StoreConfigurationError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'StoreConfigurationError';
  }
}

const isPostgresUrl = (v: string) => /^postgres(ql)?:\/\//i.test(v);
const isKurrentUrl = (v: string) => /^(kurrentdb|kurrent|esdb|eventstore)(\+discover)?:\/\//i.test(v);

/**
 * Which store, from one setting: `JOURNEY_LEDGER_STORE` is `embedded` (the default), `postgres`,
 * `kurrentdb`, or a connection URL (`postgres://…`, `kurrentdb://…`) that names both the kind and
 * where it is. `DATABASE_URL` is where PostgreSQL is when the setting says `postgres` or
 * `kurrentdb` (read models); alone it never changes the store. `KURRENTDB_URL` is where KurrentDB is.
 */
export function storeSettingsFromEnv(env: NodeJS.ProcessEnv = process.env): StoreSettings {
  const setting = (env.JOURNEY_LEDGER_STORE ?? '').trim() || 'embedded';
  let kind: StoreKind;
  let databaseUrl = env.DATABASE_URL || undefined;
  let kurrentdbUrl = env.KURRENTDB_URL || undefined;
  if (isPostgresUrl(setting)) {
    kind = 'postgres';
    databaseUrl = setting;
  } else if (isKurrentUrl(setting)) {
    kind = 'kurrentdb';
    kurrentdbUrl = setting;
  } else if ((STORE_SETTING_KINDS as readonly string[]).includes(setting)) {
    kind = setting as StoreKind;
  } else {
    throw new StoreConfigurationError(
      `JOURNEY_LEDGER_STORE must be embedded, postgres, kurrentdb, or a postgres:// or kurrentdb:// connection URL, not "${setting}"`,
    );
  }
  if (kind === 'postgres' && !databaseUrl) {
    throw new StoreConfigurationError(
      'JOURNEY_LEDGER_STORE=postgres needs DATABASE_URL (postgres://user@host:5432/database), or put the URL in JOURNEY_LEDGER_STORE',
    );
  }
  if (kind === 'kurrentdb') {
    if (!kurrentdbUrl) throw new StoreConfigurationError('JOURNEY_LEDGER_STORE=kurrentdb needs KURRENTDB_URL (kurrentdb://host:2113?tls=false)');
    if (!databaseUrl)
      throw new StoreConfigurationError('JOURNEY_LEDGER_STORE=kurrentdb needs DATABASE_URL too: the read models and their checkpoints live in PostgreSQL');
  }
  return {
    kind,
    dataDir: env.JOURNEY_LEDGER_DATA_DIR ?? 'data',
    databaseUrl,
    schema: env.JOURNEY_LEDGER_PG_SCHEMA,
    kurrentdbUrl,
    kurrentdbNamespace: env.JOURNEY_LEDGER_KURRENTDB_NAMESPACE,
    sealKey: env.JOURNEY_LEDGER_SEAL_KEY,
  };
}

/** A line for the start-up log: which store, and where (no credentials). */
export function describeStore(settings: StoreSettings): string {
  const hide = (url: string | undefined) => (url ? url.replace(/\/\/[^@/]*@/, '//…@') : 'unset');
  if (settings.kind === 'postgres') return `PostgreSQL at ${hide(settings.databaseUrl)}${settings.schema ? ` (schema ${settings.schema})` : ''}`;
  if (settings.kind === 'kurrentdb') return `KurrentDB at ${hide(settings.kurrentdbUrl)}, read models in PostgreSQL at ${hide(settings.databaseUrl)}`;
  return `embedded SQLite at ${settings.filename ?? `${settings.dataDir ?? 'data'}/journey-ledger.sqlite`}`;
}

async function reachOrExplain<T>(what: string, variable: string, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (e) {
    throw new StoreConfigurationError(`${what} is unreachable or refused the connection (check ${variable}): ${(e as Error).message}`);
  }
}

export async function openStore(settings: StoreSettings, clock?: () => Date): Promise<OpenedStore> {
  const seal = EventSeal.fromKey(settings.sealKey);
  if (settings.kind === 'postgres' || settings.kind === 'kurrentdb') {
    if (!settings.databaseUrl) throw new StoreConfigurationError(`DATABASE_URL is required for the ${settings.kind} store`);
    const db = new PostgresDatabase({ connectionString: settings.databaseUrl, schema: settings.schema, max: settings.poolSize });
    if (settings.kind === 'postgres') {
      const eventStore = new PostgresEventStore(db, clock, seal);
      await reachOrExplain('PostgreSQL', 'DATABASE_URL', () => eventStore.migrate()).catch(async (e) => {
        await db.close().catch(() => undefined);
        throw e;
      });
      return { eventStore, db, seal };
    }
    if (!settings.kurrentdbUrl) throw new StoreConfigurationError('KURRENTDB_URL is required for the kurrentdb store');
    await reachOrExplain('PostgreSQL (read models)', 'DATABASE_URL', () => db.ensureSchema()).catch(async (e) => {
      await db.close().catch(() => undefined);
      throw e;
    });
    const eventStore = KurrentDbEventStore.connect(settings.kurrentdbUrl, { namespace: settings.kurrentdbNamespace, clock, seal, heads: db });
    await reachOrExplain('KurrentDB', 'KURRENTDB_URL', () => eventStore.migrate()).catch(async (e) => {
      await eventStore.close().catch(() => undefined);
      await db.close().catch(() => undefined);
      throw e;
    });
    return { eventStore, db, seal };
  }
  const filename = settings.filename ?? `${settings.dataDir ?? 'data'}/journey-ledger.sqlite`;
  const db = new SqliteDatabase({ filename });
  const eventStore = new SqliteEventStore(db, clock, seal);
  await eventStore.migrate();
  return { eventStore, db, seal };
}
