import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteDatabase } from '@journey-ledger/sql';
import type { SqlDatabase } from '@journey-ledger/sql';
import { freshPostgres } from '@journey-ledger/testing';
import { MasterKey, VaultKeyring } from './envelope';
import { PersonalDataVault } from './personal-data-vault';
import { postgresHistory, recoverDataKeys, recoverRecords, sqliteHistory, walPosition } from './testing/history';

const TENANT = 'north-shire';
const erasedChild = {
  givenName: 'Zebedee',
  familyName: 'Quartermaine',
  dateOfBirth: '2014-05-02',
  address: { lines: ['17 Larkspur Row', 'Northtown'], postcode: 'NS1 4QQ' },
};
const liveChild = { givenName: 'Ottoline', familyName: 'Brackenbury', dateOfBirth: '2016-11-23', address: { lines: ['4 Thistle Yard'], postcode: 'NS2 8RT' } };
const PLAINTEXT = ['Zebedee', 'Quartermaine', '2014-05-02', 'Larkspur', 'NS1 4QQ'];

interface Fixture {
  db: SqlDatabase;
  /** Starts recording the store's history (PostgreSQL: the WAL position). */
  mark(): Promise<void>;
  /** The store's own history since the mark, as raw bytes. */
  history(): Promise<Buffer>;
  dispose(): Promise<void>;
}

async function postgres(): Promise<Fixture> {
  const db = await freshPostgres('jl_vault', 2);
  let from = '';
  return {
    db,
    mark: async () => void (from = await walPosition(db)),
    history: () => postgresHistory(db, from, ['vault_keys', 'vault_records']),
    dispose: () => db.drop(),
  };
}

async function embedded(): Promise<Fixture> {
  const dir = mkdtempSync(join(tmpdir(), 'jl-vault-'));
  const filename = join(dir, 'ledger.sqlite');
  const db = new SqliteDatabase({ filename });
  return {
    db,
    mark: async () => undefined,
    history: async () => sqliteHistory(filename),
    dispose: async () => {
      await db.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

describe.each([
  ['postgres', postgres],
  ['embedded', embedded],
] as const)('erasure against the store’s own history (%s)', (kind, open) => {
  let f: Fixture;
  beforeAll(async () => {
    f = await open();
  });
  afterAll(async () => f.dispose());

  it('leaves nothing recoverable from the WAL and data files once the erasure is final, even with the configured key', async () => {
    // Given a vault under the council's master key, holding two children's personal data
    const master = new MasterKey(randomBytes(32));
    const vault = new PersonalDataVault(f.db, master);
    await vault.migrate();
    await f.mark();
    await vault.put(TENANT, 'child-erased', erasedChild);
    await vault.put(TENANT, 'child-live', liveChild);

    // When one child is erased
    await vault.erase(TENANT, 'child-erased', 'right-to-erasure');
    expect((await vault.keyStatus()).erasuresAwaitingRotation).toBe(1);

    // and the documented step is run: a new master key, every live data key re-wrapped under it,
    const next = new MasterKey(randomBytes(32));
    const rotating = new PersonalDataVault(f.db, new VaultKeyring(next, [master]));
    expect(await rotating.rotate()).toEqual({ currentKeyId: next.id, rewrapped: 1, unreadable: 0 });
    // then the old key destroyed: only the new one stays configured.
    const after = new PersonalDataVault(f.db, new VaultKeyring(next));
    expect(await after.keyStatus()).toMatchObject({ erasuresAwaitingRotation: 0, liveKeysByMasterKey: { [next.id]: 1 } });
    expect(await after.get(TENANT, 'child-live')).toEqual(liveChild);

    // Then a copy of the history taken straight after, with every key still configured, gives nothing of the erased child
    const history = await f.history();
    const attackerKeys = [next];
    const keys = recoverDataKeys(history, attackerKeys, TENANT, 'child-erased');
    const records = recoverRecords(history, keys, TENANT, 'child-erased');
    const plaintext = PLAINTEXT.filter((p) => history.includes(Buffer.from(p)));
    expect({ dataKeys: keys.length, records: records.length, plaintext }).toEqual({ dataKeys: 0, records: 0, plaintext: [] });

    // while the same search, on the same bytes with the same key, does open the live child: the attack works.
    const liveKeys = recoverDataKeys(history, attackerKeys, TENANT, 'child-live');
    expect(liveKeys.length).toBeGreaterThan(0);
    expect(recoverRecords(history, liveKeys, TENANT, 'child-live')).toContainEqual(liveChild);

    // Why the old key must be destroyed: on PostgreSQL, whoever still holds it opens the erased child from the WAL.
    if (kind === 'postgres') {
      const kept = recoverDataKeys(history, [master], TENANT, 'child-erased');
      expect(recoverRecords(history, kept, TENANT, 'child-erased')).toContainEqual(erasedChild);
    }
  });
});
