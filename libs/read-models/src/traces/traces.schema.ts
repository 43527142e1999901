import { ddl } from '@journey-ledger/sql';
import type { SqlDialect } from '@journey-ledger/sql';

export const TRACES_TABLES = ['process_mining_traces', 'process_mining_trace_teams'] as const;

/**
 * Each journey's XES trace kept ready (docs/process-mining.md), with the columns the export's
 * filters read: one row per exported journey, and the teams it touched beside it for the team
 * filter. `last_position` (the log position of the journey's last event) orders the export as a
 * read of the log does, and pages it.
 */
export const tracesSchema = (dialect: SqlDialect) =>
  ddl(
    dialect,
    `
create table if not exists process_mining_traces (
  tenant_id text not null,
  journey_id text not null,
  last_position {{bigint}} not null,
  started_ms {{bigint}},
  source text not null,
  level_of_need text not null,
  events integer not null,
  xes text not null,
  primary key (tenant_id, journey_id)
);
create index if not exists process_mining_traces_order on process_mining_traces (tenant_id, last_position);
create table if not exists process_mining_trace_teams (
  tenant_id text not null,
  journey_id text not null,
  team text not null,
  primary key (tenant_id, journey_id, team)
);
create index if not exists process_mining_trace_teams_team on process_mining_trace_teams (tenant_id, team, journey_id);
`,
  );
