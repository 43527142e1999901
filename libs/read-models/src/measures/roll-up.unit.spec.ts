import { levelDimensions } from './measures.schema';
import { rollUpStatements } from './measures.projection';

/** What each roll-up statement writes and reads: its table and level, and the table and level it sums. */
function parse(statement: string) {
  const written = /insert into (\w+) .*? select tenant_id, '([^']+)'/s.exec(statement);
  const read = /from (\w+) where dims = '([^']+)'/.exec(statement);
  if (written === null) throw new Error(`not a roll-up statement: ${statement}`);
  return { table: written[1], level: written[2], fromTable: read?.[1], fromLevel: read?.[2] };
}

describe('the cube built from its finest cells (SQLite)', () => {
  const statements = rollUpStatements().map(parse);

  it('writes every level of both grains once', () => {
    const written = statements.map((s) => `${s.table} ${s.level}`);
    expect(new Set(written).size).toBe(written.length);
    expect(written.filter((w) => w.startsWith('analytics_cube_day'))).toHaveLength(6);
    expect(written.filter((w) => w.startsWith('analytics_cube_month'))).toHaveLength(12);
  });

  it('sums each level from a level that keeps every dimension it keeps, written before it', () => {
    statements.forEach((s, i) => {
      if (s.fromLevel === undefined) return; // the day's `all` level, from the build table
      const source = statements.findIndex((t) => t.table === s.fromTable && t.level === s.fromLevel);
      expect(source).toBeGreaterThanOrEqual(0);
      expect(source).toBeLessThan(i);
      expect(levelDimensions(s.fromLevel)).toEqual(expect.arrayContaining([...levelDimensions(s.level)]));
    });
  });
});
