import { ddl } from '@journey-ledger/sql';
import type { SqlDialect } from '@journey-ledger/sql';

/**
 * One row per standing referral (CIN census episode start, N00100), with whether it is a
 * re-referral: another referral of the same child reference accepted in the 12 months before it.
 * The flag depends on the child's other journeys, so it lives here rather than in the cube.
 */
export const reReferralsSchema = (dialect: SqlDialect) =>
  ddl(
    dialect,
    `
create table if not exists analytics_referrals (
  tenant_id text not null,
  journey_id text not null,
  referral_id text not null,
  child_ref text not null,
  accepted_at {{timestamp}} not null,
  day text not null,
  month text not null,
  source text not null,
  team text not null,
  tier text not null,
  area text not null,
  re_referral integer not null,
  previous_referral_journey_id text,
  primary key (tenant_id, journey_id)
);
create index if not exists analytics_referrals_child on analytics_referrals (tenant_id, child_ref, accepted_at);
create index if not exists analytics_referrals_month on analytics_referrals (tenant_id, month);
create index if not exists analytics_referrals_day on analytics_referrals (tenant_id, day);
`,
  );
