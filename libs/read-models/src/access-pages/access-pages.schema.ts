import { ddl } from '@journey-ledger/sql';
import type { SqlDialect } from '@journey-ledger/sql';

export const ACCESS_PAGES_TABLES = ['access_journey_pages'] as const;

/**
 * The page accesses (exports) of the access log, one row per journey a page named, so that "who
 * read this journey" is one index lookup. The event in the user's access stream stays the
 * record; a row carries its position and hash so an auditor can check it against the chain.
 */
export const accessPagesSchema = (dialect: SqlDialect) =>
  ddl(
    dialect,
    `
create table if not exists access_journey_pages (
  tenant_id text not null,
  journey_id text not null,
  position {{bigint}} not null,
  access_id text not null,
  at text not null,
  user_id text not null,
  roles text not null,
  action text not null,
  route text not null,
  correlation_id text not null,
  hash text not null,
  primary key (tenant_id, journey_id, position)
);
`,
  );
