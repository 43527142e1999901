import type { EventStore, RecordedEvent } from '@journey-ledger/event-store';
import type { SqlDialect, SqlExecutor, SqlValue } from '@journey-ledger/sql';
import type { JourneyRebuilder, Projection } from './projection';
import { deleteJourneys, insertRows } from './insert-rows';
import { JourneyStates } from './journey-states';
import type { JourneyChange } from './journey-states';

/** One table of a per-journey read model: every row starts with `tenant_id, journey_id`. */
export interface JourneyTable {
  readonly name: string;
  readonly columns: readonly string[];
}

/**
 * A read model whose rows are a function of one journey's state: a batch refolds the journeys it
 * touches and replaces their rows whole, so a withdrawal is handled like any other event and a
 * rebuild gives the same rows as the live path. A subclass says which tables it keeps and what
 * rows a journey's state gives.
 */
export abstract class JourneyRowsProjection implements Projection {
  abstract readonly name: string;
  abstract readonly version: number;
  protected abstract readonly tables: readonly JourneyTable[];
  private readonly journeys: JourneyStates;

  constructor(store: EventStore) {
    this.journeys = new JourneyStates(store);
  }

  abstract schema(dialect: SqlDialect): string;

  /** The rows of the journey after the change, by table name (a table left out gets none). */
  protected abstract rowsOf(change: JourneyChange): Readonly<Record<string, readonly SqlValue[][]>>;

  /** Whether the journey may already have rows to replace; saves a delete per new journey. */
  protected mayHaveRows(change: JourneyChange): boolean {
    return change.events[0].revision > 0;
  }

  async reset(tx: SqlExecutor): Promise<void> {
    this.journeys.clear();
    for (const table of this.tables) await tx.execute(`delete from ${table.name}`);
  }

  async apply(events: readonly RecordedEvent[], tx: SqlExecutor): Promise<void> {
    await this.applyChanges(await this.journeys.advance(events), tx);
  }

  /** A rebuild writes the same rows as the live path: nothing is held back, so `finish` has nothing to do. */
  rebuilder(): JourneyRebuilder {
    return { add: (changes, tx) => this.applyChanges(changes, tx), finish: async () => undefined };
  }

  private async applyChanges(changes: readonly JourneyChange[], tx: SqlExecutor): Promise<void> {
    if (changes.length === 0) return;
    const replaced: { tenantId: string; journeyId: string }[] = [];
    const rows = new Map<string, SqlValue[][]>(this.tables.map((t) => [t.name, []]));
    for (const change of changes) {
      if (this.mayHaveRows(change)) replaced.push({ tenantId: change.tenantId, journeyId: change.journeyId });
      for (const [table, list] of Object.entries(this.rowsOf(change))) rows.get(table)?.push(...list);
    }
    for (const table of this.tables) await deleteJourneys(tx, table.name, replaced);
    for (const table of this.tables) await insertRows(tx, table.name, table.columns, rows.get(table.name) ?? []);
  }
}
