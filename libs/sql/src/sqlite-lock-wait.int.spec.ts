import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { SqliteDatabase } from './sqlite-database';
import { StoreBusyError } from './sqlite-lock-wait';

/** Another process holding the file's write lock, played by a raw connection of our own. */
describe('the embedded store while another connection holds the write lock', () => {
  let dir: string;
  let filename: string;
  let other: Database.Database;

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'jl-lock-'));
    filename = join(dir, 'ledger.sqlite');
    const setup = new SqliteDatabase({ filename });
    await setup.execute('create table t (x integer)');
    await setup.close();
    other = new Database(filename);
  });
  afterEach(() => {
    if (other.inTransaction) other.exec('ROLLBACK');
    other.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('waits without blocking the event loop, then refuses with StoreBusyError and writes nothing', async () => {
    const db = new SqliteDatabase({ filename, lockWaitMs: 300 });
    other.exec('BEGIN IMMEDIATE');
    // A timer due during the wait must fire during the wait.
    let ticks = 0;
    const ticker = setInterval(() => ticks++, 10);
    await expect(db.execute('insert into t values (1)')).rejects.toBeInstanceOf(StoreBusyError);
    await expect(db.transaction(async (tx) => tx.execute('insert into t values (2)'))).rejects.toBeInstanceOf(StoreBusyError);
    clearInterval(ticker);
    expect(ticks).toBeGreaterThan(5);
    other.exec('ROLLBACK');
    expect(await db.query('select count(*) as n from t')).toEqual([{ n: 0 }]);
    await db.close();
  });

  it('writes as soon as the other connection lets go', async () => {
    const db = new SqliteDatabase({ filename, lockWaitMs: 5000 });
    other.exec('BEGIN IMMEDIATE');
    setTimeout(() => other.exec('COMMIT'), 100);
    await db.transactionSync((tx) => tx.executeSync('insert into t values (3)'));
    expect(await db.query('select x from t')).toEqual([{ x: 3 }]);
    await db.close();
  });
});
