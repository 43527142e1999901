import { DAY_LEVELS, levelDimensions, MONTH_LEVELS } from './measures.schema';
import { levelStatements, rollUpStatements } from './measures.projection';

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

describe('the cube built from its finest cells (PostgreSQL)', () => {
  it.each([
    ['analytics_cube_day', DAY_LEVELS],
    ['analytics_cube_month', MONTH_LEVELS],
  ] as const)('writes every level of %s once, each from the build table in the order of the primary key', (table, levels) => {
    const statements = levelStatements(table);
    expect(statements.map((s) => parse(s).level)).toEqual(levels);
    for (const s of statements) {
      expect(parse(s).table).toBe(table);
      expect(s).toMatch(/from analytics_cube_build\s/);
      const grouped = /group by (.*?)\s+having/s.exec(s)?.[1];
      expect(s).toContain(`order by ${grouped}`);
    }
  });
});
