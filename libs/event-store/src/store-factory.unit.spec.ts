import { describeStore, StoreConfigurationError, storeSettingsFromEnv } from './store-factory';

describe('choosing the store from one setting', () => {
  it('is the embedded store by default, even with DATABASE_URL in the environment', () => {
    expect(storeSettingsFromEnv({}).kind).toBe('embedded');
    expect(storeSettingsFromEnv({ DATABASE_URL: 'postgres://postgres@db:5432/ledger' }).kind).toBe('embedded');
  });

  it('is PostgreSQL at DATABASE_URL when JOURNEY_LEDGER_STORE=postgres, or at the URL the setting holds', () => {
    expect(storeSettingsFromEnv({ JOURNEY_LEDGER_STORE: 'postgres', DATABASE_URL: 'postgres://a@db/x' })).toMatchObject({
      kind: 'postgres',
      databaseUrl: 'postgres://a@db/x',
    });
    expect(storeSettingsFromEnv({ JOURNEY_LEDGER_STORE: 'postgresql://b@db2/y', DATABASE_URL: 'postgres://a@db/x' })).toMatchObject({
      kind: 'postgres',
      databaseUrl: 'postgresql://b@db2/y',
    });
  });

  it('is KurrentDB for the log with PostgreSQL for the read models', () => {
    const env = { JOURNEY_LEDGER_STORE: 'kurrentdb', KURRENTDB_URL: 'kurrentdb://kdb:2113?tls=false', DATABASE_URL: 'postgres://a@db/x' };
    expect(storeSettingsFromEnv(env)).toMatchObject({ kind: 'kurrentdb', kurrentdbUrl: 'kurrentdb://kdb:2113?tls=false', databaseUrl: 'postgres://a@db/x' });
    expect(storeSettingsFromEnv({ JOURNEY_LEDGER_STORE: 'kurrentdb+discover://kdb:2113', DATABASE_URL: 'postgres://a@db/x' })).toMatchObject({
      kind: 'kurrentdb',
      kurrentdbUrl: 'kurrentdb+discover://kdb:2113',
    });
  });

  it('refuses an unknown store, and a store without the address it needs, naming the variable', () => {
    expect(() => storeSettingsFromEnv({ JOURNEY_LEDGER_STORE: 'mysql' })).toThrow(StoreConfigurationError);
    expect(() => storeSettingsFromEnv({ JOURNEY_LEDGER_STORE: 'mysql' })).toThrow(/JOURNEY_LEDGER_STORE must be embedded, postgres, kurrentdb/);
    expect(() => storeSettingsFromEnv({ JOURNEY_LEDGER_STORE: 'postgres' })).toThrow(/needs DATABASE_URL/);
    expect(() => storeSettingsFromEnv({ JOURNEY_LEDGER_STORE: 'kurrentdb', DATABASE_URL: 'postgres://a@db/x' })).toThrow(/needs KURRENTDB_URL/);
    expect(() => storeSettingsFromEnv({ JOURNEY_LEDGER_STORE: 'kurrentdb', KURRENTDB_URL: 'kurrentdb://kdb:2113' })).toThrow(/needs DATABASE_URL too/);
  });

  it('describes the store for the start-up log without credentials', () => {
    expect(describeStore({ kind: 'postgres', databaseUrl: 'postgres://user:secret@db:5432/x' })).toBe('PostgreSQL at postgres://…@db:5432/x');
    expect(describeStore({ kind: 'embedded', dataDir: 'data' })).toBe('embedded SQLite at data/journey-ledger.sqlite');
  });
});
