import { ddl } from '@journey-ledger/sql';
import type { SqlDialect } from '@journey-ledger/sql';

/**
 * The measures cube, at two grains with identical columns: `analytics_cube_day` (period is a
 * local date, `YYYY-MM-DD`) and `analytics_cube_month` (`YYYY-MM`). Each row counts (`n`) the
 * journeys, contacts, referrals, assessments or handovers that share all its dimensions.
 * Every cell is also kept rolled up (`dims`): over no dimension, over one dimension only
 * (the others `*`), and over all of them, so that the usual questions (by period, by source, by
 * team…) sum a few hundred rows whatever the number of journeys. Documented column by column
 * in docs/read-models.md.
 */
export const CUBE_TABLES = ['analytics_cube_day', 'analytics_cube_month'] as const;
export type CubeTable = (typeof CUBE_TABLES)[number];

export const CUBE_KEY_COLUMNS = [
  'tenant_id',
  'dims',
  'period',
  'measure',
  'source',
  'team',
  'tier',
  'area',
  'level_of_need',
  'outcome',
  'detail',
  'value',
] as const;

const cube = (table: string) => `
create table if not exists ${table} (
  tenant_id text not null,
  dims text not null,
  period text not null,
  measure text not null,
  source text not null,
  team text not null,
  tier text not null,
  area text not null,
  level_of_need text not null,
  outcome text not null,
  detail text not null,
  value integer not null,
  n {{bigint}} not null,
  primary key (tenant_id, dims, measure, period, source, team, tier, area, level_of_need, outcome, detail, value)
) {{without_rowid}};`;

export const measuresCubeSchema = (dialect: SqlDialect) => ddl(dialect, CUBE_TABLES.map(cube).join('\n'));

/**
 * Roll-up levels: `none` (period only), one dimension (`team` carries its tier and area, which
 * follow from the team), two dimensions (`outcome+source`: month cube only, to keep the day cube
 * small), and `all`. A query reads the smallest level that holds every dimension it groups or
 * filters by.
 */
export const LEVEL_DIMENSIONS = ['levelOfNeed', 'outcome', 'source', 'team'] as const;
export type LevelDimension = (typeof LEVEL_DIMENSIONS)[number];
const PAIRS = LEVEL_DIMENSIONS.flatMap((a, i) => LEVEL_DIMENSIONS.slice(i + 1).map((b) => `${a}+${b}`));
export const DAY_LEVELS: readonly string[] = ['none', ...LEVEL_DIMENSIONS, 'all'];
export const MONTH_LEVELS: readonly string[] = ['none', ...LEVEL_DIMENSIONS, ...PAIRS, 'all'];
export const ROLLED_UP = '*';

/** The level name for a set of dimensions (`tier` and `area` count as `team`). */
export function levelOf(dimensions: Iterable<string>, grain: 'day' | 'month'): string {
  const used = [...new Set([...dimensions].map((d) => (d === 'tier' || d === 'area' ? 'team' : d)))].sort();
  if (used.length === 0) return 'none';
  if (used.length === 1) return used[0];
  if (used.length === 2 && grain === 'month') return used.join('+');
  return 'all';
}

/** The dimensions a level keeps (`all`: every one). */
export function levelDimensions(level: string): readonly LevelDimension[] {
  if (level === 'none') return [];
  if (level === 'all') return LEVEL_DIMENSIONS;
  return level.split('+') as LevelDimension[];
}
