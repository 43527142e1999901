import type { JourneyFilter, StoredTrace } from '@journey-ledger/process-mining';
import type { SqlExecutor, SqlValue } from '@journey-ledger/sql';
import { TRACES_PROJECTION } from './traces.projection';

export interface StoredTracesOptions {
  readonly tenantId: string;
  /** The export's filters, with the meaning they have on folded journeys (`matchesFilter`). */
  readonly filter?: JourneyFilter;
  /** Traces per read (default 2,000): what the export holds at once. */
  readonly pageSize?: number;
}

/** Rejected before any row is read, so the caller can answer with a 400 naming the field. */
export class TraceFilterError extends Error {
  constructor(readonly field: string) {
    super(`${field}: an ISO-8601 date or instant, such as 2025-04-01`);
    this.name = 'TraceFilterError';
  }
}

function instant(field: string, value: string): number {
  const ms = Date.parse(value);
  if (Number.isNaN(ms)) throw new TraceFilterError(field);
  return ms;
}

/** The filter as SQL over `process_mining_traces t`, appending its parameters. */
function filterSql(filter: JourneyFilter | undefined, params: SqlValue[]): string {
  if (filter === undefined) return '';
  const p = (v: SqlValue) => (params.push(v), `$${params.length}`);
  const list = (values: readonly string[]) => values.map(p).join(',');
  // A filtered read of folded journeys leaves out a journey with no start: so does this.
  let sql = ' and t.started_ms is not null';
  if (filter.from !== undefined) sql += ` and t.started_ms >= ${p(instant('from', filter.from))}`;
  if (filter.to !== undefined) sql += ` and t.started_ms < ${p(instant('to', filter.to))}`;
  if (filter.source !== undefined) sql += filter.source.length === 0 ? ' and false' : ` and t.source in (${list(filter.source)})`;
  if (filter.levelOfNeed !== undefined) sql += filter.levelOfNeed.length === 0 ? ' and false' : ` and t.level_of_need in (${list(filter.levelOfNeed)})`;
  if (filter.team !== undefined)
    sql +=
      filter.team.length === 0
        ? ' and false'
        : ` and exists (select 1 from process_mining_trace_teams k where k.tenant_id = t.tenant_id and k.journey_id = t.journey_id and k.team in (${list(filter.team)}))`;
  return sql;
}

/** The log position the traces read model includes, as its checkpoint stores it (0 before it first runs). */
export async function tracesPosition(db: SqlExecutor): Promise<number> {
  const rows = await db.query<{ position: number | string }>('select position from projection_checkpoints where name = $1', [TRACES_PROJECTION]);
  return rows.length === 0 ? 0 : Number(rows[0].position);
}

/**
 * A council's kept traces in the order a read of the log would give the journeys (by the
 * position of each journey's last event), a page at a time by that position, never the whole
 * export in memory. The export is as of the read model's checkpoint when it begins: a journey
 * begun or changed after that waits for the next export. (A journey that changes while the export
 * runs and before its turn moves past that position, so it too is left to the next export rather
 * than sent twice.)
 */
export async function* storedTraces(db: SqlExecutor, options: StoredTracesOptions): AsyncGenerator<StoredTrace> {
  const pageSize = options.pageSize ?? 2000;
  const head = await tracesPosition(db);
  const filterParams: SqlValue[] = [];
  // Checked before the first row is read: a bad date is the caller's 400, not a failure half-way.
  const filter = filterSql(options.filter, filterParams);
  const filterText = filter.replace(/\$(\d+)/g, (_, n: string) => `$${Number(n) + 4}`);
  const sql = `select t.journey_id, t.last_position, t.events, t.xes from process_mining_traces t
    where t.tenant_id = $1 and t.last_position > $2 and t.last_position <= $3${filterText}
    order by t.last_position limit $4`;
  for (let after = 0; ;) {
    const rows = await db.query<{ journey_id: string; last_position: number | string; events: number; xes: string }>(sql, [
      options.tenantId,
      after,
      head,
      pageSize,
      ...filterParams,
    ]);
    for (const r of rows) yield { journeyId: r.journey_id, events: Number(r.events), template: r.xes };
    if (rows.length < pageSize) return;
    after = Number(rows[rows.length - 1].last_position);
  }
}
