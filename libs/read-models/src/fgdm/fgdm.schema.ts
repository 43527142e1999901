import { ddl } from '@journey-ledger/sql';
import type { SqlDialect } from '@journey-ledger/sql';

export const FGDM_TABLES = ['fgdm_journeys'] as const;

/** Family group decision-making per journey with a referral (docs/read-models.md). */
export const fgdmSchema = (dialect: SqlDialect) =>
  ddl(
    dialect,
    `
create table if not exists fgdm_journeys (
  tenant_id text not null,
  journey_id text not null,
  referral_at {{timestamp}} not null,
  referral_day text not null,
  source text not null,
  team text not null,
  tier text not null,
  offered integer not null,
  accepted integer not null,
  declined integer not null,
  held integer not null,
  first_offered_at {{timestamp}},
  first_held_at {{timestamp}},
  days_referral_to_held {{real}},
  primary key (tenant_id, journey_id)
);
create index if not exists fgdm_journeys_day on fgdm_journeys (tenant_id, referral_day);
`,
  );
