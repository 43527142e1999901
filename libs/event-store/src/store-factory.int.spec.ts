import { openStore, StoreConfigurationError } from './store-factory';

describe('opening a store that is not there', () => {
  it('says PostgreSQL is unreachable and which variable to check', async () => {
    const opening = openStore({ kind: 'postgres', databaseUrl: 'postgres://postgres@127.0.0.1:1/none' });
    await expect(opening).rejects.toBeInstanceOf(StoreConfigurationError);
    await expect(opening).rejects.toThrow(/PostgreSQL is unreachable .*check DATABASE_URL/);
  });

  it('says KurrentDB is unreachable and which variable to check', async () => {
    const opening = openStore({ kind: 'kurrentdb', kurrentdbUrl: 'kurrentdb://127.0.0.1:1?tls=false', databaseUrl: process.env.DATABASE_URL });
    await expect(opening).rejects.toBeInstanceOf(StoreConfigurationError);
    await expect(opening).rejects.toThrow(/KurrentDB is unreachable .*check KURRENTDB_URL/);
  });
});
