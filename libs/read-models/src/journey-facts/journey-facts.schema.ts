import { ddl } from '@journey-ledger/sql';
import type { SqlDialect } from '@journey-ledger/sql';

/**
 * The journey read models: one row per journey, and one per contact, referral, assessment,
 * handover and holder spell. Column names are stable and documented in docs/read-models.md:
 * analysts query these tables directly. Flags are integers 0/1 so that SUM() counts them.
 */
export const journeyFactsSchema = (dialect: SqlDialect) =>
  ddl(
    dialect,
    `
create table if not exists journey_summary (
  tenant_id text not null,
  journey_id text not null,
  child_ref text,
  status text not null,
  holder text,
  first_team text,
  started_at {{timestamp}},
  first_contact_source text,
  level_of_need text,
  contact_count integer not null,
  first_contact_outcome text,
  referral_id text,
  referral_at {{timestamp}},
  referral_source text,
  primary_need_code text,
  assessment_count integer not null,
  statutory_assessment_count integer not null,
  first_help_at {{timestamp}},
  handovers integer not null,
  handovers_before_help integer not null,
  teams_touched_count integer not null,
  teams_touched text not null,
  holder_path text not null,
  outcome text not null,
  contact_nfa integer not null,
  referral_nfa integer not null,
  assessed_not_in_need integer not null,
  closed_at {{timestamp}},
  closure_reason text,
  last_event_at {{timestamp}},
  withdrawn_entries integer not null,
  revision integer not null,
  primary key (tenant_id, journey_id)
);
create index if not exists journey_summary_started on journey_summary (tenant_id, started_at);
create index if not exists journey_summary_child on journey_summary (tenant_id, child_ref);
create table if not exists journey_contacts (
  tenant_id text not null,
  journey_id text not null,
  contact_id text not null,
  child_ref text not null,
  received_at {{timestamp}} not null,
  source text not null,
  channel text not null,
  team text not null,
  level_of_need text not null,
  decided_at {{timestamp}},
  outcome text,
  primary key (tenant_id, journey_id, contact_id)
);
create index if not exists journey_contacts_received on journey_contacts (tenant_id, received_at);
create table if not exists journey_referrals (
  tenant_id text not null,
  journey_id text not null,
  referral_id text not null,
  child_ref text not null,
  accepted_at {{timestamp}} not null,
  source text not null,
  primary_need_code text not null,
  team text not null,
  assessed integer not null,
  referral_nfa integer not null,
  assessed_not_in_need integer not null,
  closed_at {{timestamp}},
  closure_reason text,
  primary key (tenant_id, journey_id)
);
create index if not exists journey_referrals_accepted on journey_referrals (tenant_id, accepted_at);
create table if not exists journey_assessments (
  tenant_id text not null,
  journey_id text not null,
  assessment_id text not null,
  kind text not null,
  team text not null,
  started_at {{timestamp}} not null,
  completed_at {{timestamp}},
  outcome text,
  primary key (tenant_id, journey_id, assessment_id)
);
create table if not exists journey_handovers (
  tenant_id text not null,
  journey_id text not null,
  seq integer not null,
  kind text not null,
  from_team text not null,
  to_team text not null,
  occurred_at {{timestamp}} not null,
  before_help integer not null,
  primary key (tenant_id, journey_id, seq)
);
create table if not exists journey_holder_spells (
  tenant_id text not null,
  journey_id text not null,
  seq integer not null,
  team text not null,
  started_at {{timestamp}} not null,
  ended_at {{timestamp}},
  primary key (tenant_id, journey_id, seq)
);
`,
  );

export const JOURNEY_FACT_TABLES = [
  'journey_summary',
  'journey_contacts',
  'journey_referrals',
  'journey_assessments',
  'journey_handovers',
  'journey_holder_spells',
] as const;
