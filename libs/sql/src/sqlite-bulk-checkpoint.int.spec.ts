import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BULK_CACHE_KIB, SqliteDatabase } from './sqlite-database';
import type { SqliteExecutor } from './sqlite-database';

/**
 * A commit copies the write-ahead log back into the file once the log holds more than a threshold
 * of pages. A bulk load's commits keep their pages in the log for longer, so that pages dirtied by
 * several of them are copied back once; every other commit checkpoints as SQLite does by default.
 */
describe('the embedded store’s checkpoints after a bulk load', () => {
  let dir: string;
  let filename: string;
  let db: SqliteDatabase;
  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'jl-checkpoint-'));
    filename = join(dir, 'store.sqlite');
    db = new SqliteDatabase({ filename });
    await db.execute('create table t (id integer primary key, body text not null)');
  });
  afterEach(async () => {
    await db.close();
    rmSync(dir, { recursive: true, force: true });
  });

  /** About 1,200 pages of 16 KiB: over SQLite's default threshold of 1,000 pages. */
  const writeManyPages = (tx: SqliteExecutor) => {
    const insert = tx.db.prepare('insert into t (id, body) values (?, ?)');
    for (let i = 0; i < 4_800; i++) insert.run(i, 'x'.repeat(4_000));
  };
  const fileBytes = () => statSync(filename).size;
  const rows = async () => (await db.query<{ n: number }>('select count(*) as n from t'))[0].n;

  it('given a bulk commit of more pages than the default threshold, its pages stay in the log and every row reads back', async () => {
    const before = fileBytes();
    await db.transactionSync(writeManyPages, { bulk: true });
    expect(fileBytes()).toBe(before);
    expect(await rows()).toBe(4_800);
  });

  it('given an ordinary commit of as many pages, the commit copies them back into the file', async () => {
    const before = fileBytes();
    await db.transactionSync(writeManyPages);
    expect(fileBytes()).toBeGreaterThan(before + 1_000 * 16_384);
  });

  it('when an ordinary commit follows a bulk load, it copies the load’s pages back into the file', async () => {
    await db.transactionSync(writeManyPages, { bulk: true });
    const afterLoad = fileBytes();
    await db.transaction(async (tx) => {
      await tx.execute("insert into t (id, body) values (-1, 'one command')");
    });
    expect(fileBytes()).toBeGreaterThan(afterLoad + 1_000 * 16_384);
    expect(await rows()).toBe(4_801);
  });

  it('when a single statement follows a bulk load, its commit copies the load’s pages back into the file', async () => {
    await db.transactionSync(writeManyPages, { bulk: true });
    const afterLoad = fileBytes();
    await db.execute("insert into t (id, body) values (-1, 'one command')");
    expect(fileBytes()).toBeGreaterThan(afterLoad + 1_000 * 16_384);
  });

  const writerCacheKib = () => -(db.handle.pragma('cache_size', { simple: true }) as number);

  it('given a connection that has made no bulk commit, its writer keeps the driver’s default page cache', async () => {
    const opened = writerCacheKib();
    expect(opened).toBeLessThan(BULK_CACHE_KIB);
    await db.transactionSync(writeManyPages);
    await db.transaction(async (tx) => {
      await tx.execute("insert into t (id, body) values (-1, 'one command')");
    });
    expect(writerCacheKib()).toBe(opened);
  });

  it('given a bulk commit, the writer keeps the bulk page cache for the next batches of the load and after them', async () => {
    await db.transactionSync(writeManyPages, { bulk: true });
    expect(writerCacheKib()).toBe(BULK_CACHE_KIB);
    await db.execute("insert into t (id, body) values (-1, 'one command')");
    expect(writerCacheKib()).toBe(BULK_CACHE_KIB);
  });
});
