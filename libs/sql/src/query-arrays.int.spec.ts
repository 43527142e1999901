import { STORES_UNDER_TEST } from './stores-under-test';

describe.each(STORES_UNDER_TEST)('rows as arrays on the %s store', (_, open) => {
  it('gives each row its values in the order selected, the same values as rows read as objects', async () => {
    const { db, drop } = await open();
    try {
      await db.execute('create table t (k integer primary key, s text, n integer)');
      for (const [k, s, n] of [
        [1, 'one', 10],
        [2, null, null],
        [3, 'three', 30],
      ] as const)
        await db.execute('insert into t (k, s, n) values ($1, $2, $3)', [k, s, n]);
      const sql = 'select n, s, k from t where k >= $1 order by k';
      const arrays = await db.queryArrays!(sql, [2]);
      const objects = await db.query<{ n: number | null; s: string | null; k: number }>(sql, [2]);
      expect(arrays.map((r) => r.map((v) => (typeof v === 'string' || v === null ? v : Number(v))))).toEqual([
        [null, null, 2],
        [30, 'three', 3],
      ]);
      expect(arrays).toEqual(objects.map((o) => [o.n, o.s, o.k]));
      // The same statement read both ways, in either order: each way keeps its own shape.
      expect(await db.query(sql, [3])).toEqual([{ n: 30, s: 'three', k: 3 }]);
      expect(await db.queryArrays!(sql, [3])).toEqual([[30, 'three', 3]]);
    } finally {
      await drop();
      await db.close();
    }
  });
});
