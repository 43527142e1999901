import { ddl } from '@journey-ledger/sql';
import type { SqlDialect } from '@journey-ledger/sql';

export const CHARACTERISTICS_TABLES = ['journey_characteristics'] as const;

/**
 * The child's coded characteristics per journey (CIN census codes; docs/equality-and-cost.md),
 * as last recorded. Only codes: no date of birth, no name. `disability` is the group a breakdown
 * uses (disabled, not-disabled), `disabilities` the codes themselves, comma-separated.
 * Ethnicity and disability are special-category data: analysts reading this table directly are
 * bound by the same rules as the API's breakdowns (small groups withheld).
 */
export const characteristicsSchema = (dialect: SqlDialect) =>
  ddl(
    dialect,
    `
create table if not exists journey_characteristics (
  tenant_id text not null,
  journey_id text not null,
  sex text not null,
  age_band text not null,
  ethnicity text not null,
  disability text not null,
  disabilities text not null,
  recorded_at {{timestamp}} not null,
  primary key (tenant_id, journey_id)
);
`,
  );
