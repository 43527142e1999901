import { ddl } from '@journey-ledger/sql';
import type { SqlDialect } from '@journey-ledger/sql';

export const FAMILY_TABLES = ['family_members', 'family_spells'] as const;

/**
 * Families: one row per family membership of a journey (the journey's open dates beside it), and
 * for those journeys every spell of a team holding them and of a lead practitioner. Documented in
 * docs/read-models.md; `family_ref` and `ref` are pseudonymous.
 */
export const familiesSchema = (dialect: SqlDialect) =>
  ddl(
    dialect,
    `
create table if not exists family_members (
  tenant_id text not null,
  journey_id text not null,
  seq integer not null,
  family_ref text not null,
  child_ref text,
  joined_at {{timestamp}} not null,
  left_at {{timestamp}},
  journey_started_at {{timestamp}},
  journey_closed_at {{timestamp}},
  primary key (tenant_id, journey_id, seq)
);
create index if not exists family_members_family on family_members (tenant_id, family_ref);
create table if not exists family_spells (
  tenant_id text not null,
  journey_id text not null,
  seq integer not null,
  kind text not null,
  ref text not null,
  started_at {{timestamp}} not null,
  ended_at {{timestamp}},
  primary key (tenant_id, journey_id, seq)
);
`,
  );
