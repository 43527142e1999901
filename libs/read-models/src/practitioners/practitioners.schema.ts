import { ddl } from '@journey-ledger/sql';
import type { SqlDialect } from '@journey-ledger/sql';

export const PRACTITIONER_TABLES = ['practitioner_journeys', 'practitioner_spells'] as const;

/**
 * Lead practitioners: one row per journey with its practitioner measures (docs/definitions.md,
 * "Lead practitioners"), grouped by the journey's first team, its tier and the first source, and one
 * per lead-practitioner spell. `practitioner_ref` is the council's
 * pseudonymous reference, never a name. Documented in docs/read-models.md.
 */
export const practitionersSchema = (dialect: SqlDialect) =>
  ddl(
    dialect,
    `
create table if not exists practitioner_journeys (
  tenant_id text not null,
  journey_id text not null,
  child_ref text,
  status text not null,
  team text,
  tier text,
  source text,
  started_at {{timestamp}},
  start_day text,
  start_month text,
  closed_at {{timestamp}},
  allocations integer not null,
  practitioner_changes integer not null,
  practitioners integer not null,
  days_unallocated {{real}},
  handovers integer not null,
  handovers_with_change integer not null,
  handovers_without_change integer not null,
  handovers_without_practitioner integer not null,
  primary key (tenant_id, journey_id)
);
create index if not exists practitioner_journeys_day on practitioner_journeys (tenant_id, start_day);
create table if not exists practitioner_spells (
  tenant_id text not null,
  journey_id text not null,
  seq integer not null,
  practitioner_ref text not null,
  team text not null,
  role text not null,
  started_at {{timestamp}} not null,
  ended_at {{timestamp}},
  primary key (tenant_id, journey_id, seq)
);
create index if not exists practitioner_spells_ref on practitioner_spells (tenant_id, practitioner_ref);
`,
  );
