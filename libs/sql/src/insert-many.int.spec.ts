import { STORES_UNDER_TEST } from './stores-under-test';

const awkward = ['tab\there', 'line\nbreak', 'back\\slash', 'carriage\rreturn', '\\N', '', 'plain'];

describe.each(STORES_UNDER_TEST)('bulk insert on the %s store', (_, open) => {
  it('stores every value as given, nulls and COPY’s special characters included, and commits with its transaction', async () => {
    const { db, drop } = await open();
    try {
      await db.execute('create table t (k integer primary key, s text, n integer)');
      const rows = awkward.map((s, k) => [k, s, k % 2 === 0 ? null : k * 1000]);
      await db.transaction(async (tx) => {
        expect(tx.insertMany).toBeDefined();
        await tx.insertMany!('t', ['k', 's', 'n'], rows);
      });
      const stored = await db.query<{ k: number; s: string; n: number | null }>('select k, s, n from t order by k');
      expect(stored.map((r) => [Number(r.k), r.s, r.n === null ? null : Number(r.n)])).toEqual(rows);
      await expect(
        db.transaction(async (tx) => {
          await tx.insertMany!('t', ['k', 's', 'n'], [[100, 'rolled back', 1]]);
          throw new Error('after the bulk write');
        }),
      ).rejects.toThrow('after the bulk write');
      expect(await db.query('select k from t where k = 100')).toEqual([]);
    } finally {
      await drop();
      await db.close();
    }
  });
});
