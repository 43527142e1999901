import { journeyIdOfStream, toJourneyEvent } from '@journey-ledger/domain';
import type { EventStore, RecordedEvent } from '@journey-ledger/event-store';
import { exported, journeyLevelOfNeed, journeySource, toJourneyCase, xesTraceTemplate } from '@journey-ledger/process-mining';
import type { SqlDialect, SqlExecutor, SqlValue } from '@journey-ledger/sql';
import { deleteJourneys, insertRows } from '../runner/insert-rows';
import type { JourneyRebuilder, Projection } from '../runner/projection';
import { eventsByJourney } from '../runner/journey-states';
import type { JourneyChange } from '../runner/journey-states';

/** What the traces need of a change: whose journey, and its events in the batch (the folded states are not used). */
type JourneyBatch = Pick<JourneyChange, 'tenantId' | 'journeyId' | 'events'>;
import { tracesSchema } from './traces.schema';

export const TRACES_PROJECTION = 'process-mining-traces';

const TRACE_COLUMNS = ['tenant_id', 'journey_id', 'last_position', 'started_ms', 'source', 'level_of_need', 'events', 'xes'] as const;
const TEAM_COLUMNS = ['tenant_id', 'journey_id', 'team'] as const;

/**
 * Each journey's XES trace, written as the export would write it when the journey changes,
 * so that an export only reads and sends (docs/process-mining.md). The trace is made by the
 * export's own code (`toJourneyCase`, `xesTraceTemplate`) from the journey's whole stream up to
 * the batch's last event, so a kept trace and one folded at export time are the same bytes; the
 * live path and a rebuild write the same rows.
 */
export class TracesProjection implements Projection {
  readonly name = TRACES_PROJECTION;
  readonly version = 1;
  constructor(private readonly store: EventStore) {}

  schema(dialect: SqlDialect): string {
    return tracesSchema(dialect);
  }

  async reset(tx: SqlExecutor): Promise<void> {
    await tx.execute('delete from process_mining_traces');
    await tx.execute('delete from process_mining_trace_teams');
  }

  async apply(events: readonly RecordedEvent[], tx: SqlExecutor): Promise<void> {
    // Grouped, not folded: the trace is made from the journey's stream, so a fold of the state before would be wasted.
    const batches = [...eventsByJourney(events).values()].map((list) => ({
      tenantId: list[0].tenantId,
      journeyId: journeyIdOfStream(list[0].streamId),
      events: list,
    }));
    await this.write(batches, tx);
  }

  /** A rebuild writes what the live path writes, page by page: nothing is held back. */
  rebuilder(): JourneyRebuilder {
    return { add: (changes, tx) => this.write(changes, tx), finish: async () => undefined };
  }

  /** Replaces the rows of every journey the batch touched (a journey's rows are one function of its stream). */
  private async write(changes: readonly JourneyBatch[], tx: SqlExecutor): Promise<void> {
    if (changes.length === 0) return;
    const traces: SqlValue[][] = [];
    const teams: SqlValue[][] = [];
    const replaced = changes.filter((c) => c.events[0].revision > 0).map(({ tenantId, journeyId }) => ({ tenantId, journeyId }));
    for (const change of changes) {
      const { tenantId, journeyId } = change;
      const c = toJourneyCase(journeyId, (await this.streamUpTo(change)).map(toJourneyEvent));
      // The export's filters are applied when it runs; only what never goes out (every entry withdrawn) is left out here.
      if (!exported(c, undefined)) continue;
      const last = change.events[change.events.length - 1];
      traces.push([
        tenantId,
        journeyId,
        last.position,
        c.state.startedAt === undefined ? null : Date.parse(c.state.startedAt),
        journeySource(c.state) ?? '',
        journeyLevelOfNeed(c.state) ?? 'unknown',
        c.steps.length,
        xesTraceTemplate(c),
      ]);
      for (const team of new Set(c.state.teamsTouched)) teams.push([tenantId, journeyId, team]);
    }
    await deleteJourneys(tx, 'process_mining_traces', replaced);
    await deleteJourneys(tx, 'process_mining_trace_teams', replaced);
    await insertRows(tx, 'process_mining_traces', TRACE_COLUMNS, traces);
    await insertRows(tx, 'process_mining_trace_teams', TEAM_COLUMNS, teams);
  }

  /**
   * The journey's events up to the batch's last one. A journey begun in this batch has them all
   * here (the usual case in a rebuild, where a journey's events are read together); else its
   * stream is read, bounded, so that a row never includes events beyond the batch's checkpoint.
   */
  private async streamUpTo({ tenantId, events }: JourneyBatch): Promise<readonly RecordedEvent[]> {
    if (events[0].revision === 0) return events;
    const last = events[events.length - 1];
    return this.store.readStream(tenantId, last.streamId, { maxCount: last.revision + 1 });
  }
}
