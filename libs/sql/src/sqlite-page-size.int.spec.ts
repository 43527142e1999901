import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { SqliteDatabase } from './sqlite-database';

describe('the embedded store’s page size', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'jl-pages-'));
  });
  afterEach(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  const pageSize = async (db: SqliteDatabase) => (await db.query<{ page_size: number }>('pragma page_size'))[0].page_size;

  it('given no file, the store it creates is laid out in pages of 16 KiB', async () => {
    const db = new SqliteDatabase({ filename: join(dir, 'new.sqlite') });
    await db.execute('create table t (x integer)');
    expect(await pageSize(db)).toBe(16_384);
    await db.close();
  });

  it('given a store written with 4 KiB pages, it keeps them and its rows', async () => {
    const filename = join(dir, 'old.sqlite');
    const old = new Database(filename);
    old.exec('create table t (x integer); insert into t values (1), (2)');
    old.close();

    const db = new SqliteDatabase({ filename });
    expect(await pageSize(db)).toBe(4096);
    expect(await db.query('select x from t order by x')).toEqual([{ x: 1 }, { x: 2 }]);
    await db.close();
  });
});
