import { ddl } from '@journey-ledger/sql';
import type { SqlDialect } from '@journey-ledger/sql';

export const PRE_PROCEEDINGS_TABLES = ['pre_proceedings_episodes'] as const;

/** One row per pre-proceedings episode (docs/families-first.md). */
export const preProceedingsSchema = (dialect: SqlDialect) =>
  ddl(
    dialect,
    `
create table if not exists pre_proceedings_episodes (
  tenant_id text not null,
  journey_id text not null,
  pre_proceedings_id text not null,
  team text not null,
  tier text not null,
  started_at {{timestamp}} not null,
  started_day text not null,
  started_month text not null,
  letter_sent integer not null,
  meeting_held integer not null,
  decided_at {{timestamp}},
  outcome text,
  days_start_to_decision {{real}},
  fgdm_offered_before_decision integer not null,
  primary key (tenant_id, journey_id, pre_proceedings_id)
);
create index if not exists pre_proceedings_episodes_day on pre_proceedings_episodes (tenant_id, started_day);
`,
  );
