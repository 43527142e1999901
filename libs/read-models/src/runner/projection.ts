import type { TenantConfig } from '@journey-ledger/domain';
import type { RecordedEvent } from '@journey-ledger/event-store';
import type { SqlDialect, SqlExecutor } from '@journey-ledger/sql';
import type { JourneyChange } from './journey-states';

/**
 * A read model fed from the global log. `apply` runs inside the transaction that also moves
 * the projection's checkpoint, so a crash never counts a batch twice or loses one.
 */
export interface Projection {
  /** Stable name: the checkpoint's key. */
  readonly name: string;
  /** Raise it when the read model's shape or meaning changes: the runner then rebuilds it. */
  readonly version: number;
  /** DDL for the read model's tables (idempotent), in the dialect given. */
  schema(dialect: SqlDialect): string;
  /** Removes every row, before a rebuild. */
  reset(tx: SqlExecutor): Promise<void>;
  apply(events: readonly RecordedEvent[], tx: SqlExecutor): Promise<void>;
  /**
   * The batch path of a rebuild, for a read model kept per journey: it is handed journeys the
   * runner has already folded (one fold serves every read model) and may hold aggregates in
   * memory until `finish`. A projection without it is rebuilt by replaying the log through `apply`.
   */
  rebuilder?(): JourneyRebuilder;
  /**
   * The prefix of the only streams whose events the read model reads, if it reads one kind: a
   * rebuild then replays just those streams' events (in log order) through `apply`, instead of the
   * whole log.
   */
  readonly streamPrefix?: string;
}

/**
 * Writes a read model from folded journeys into empty tables; `finish` writes what it still holds,
 * and may hand back further work as stages.
 */
export interface JourneyRebuilder {
  add(changes: readonly JourneyChange[], tx: SqlExecutor): Promise<void>;
  finish(tx: SqlExecutor): Promise<void | FinishStages>;
}

/**
 * Work left after `finish`, in stages run one after the other. The parts of a stage run side by
 * side, each in a transaction of its own: on PostgreSQL each on a connection of its own, so the
 * server works on them on as many cores (the embedded store has one writer and runs them in turn).
 * Parts of one stage must not touch the same table.
 */
export type FinishStages = readonly (readonly ((tx: SqlExecutor) => Promise<void>)[])[];

/** How a projection learns a council's time zone, office hours and team map. */
export type TenantLookup = (tenantId: string) => TenantConfig | undefined;
