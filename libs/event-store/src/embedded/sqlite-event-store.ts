import { setImmediate as nextTurnOfEventLoop } from 'node:timers/promises';
import { interval, map, merge, Observable, Subject } from 'rxjs';
import { SqliteDatabase } from '@journey-ledger/sql';
import type { SqliteExecutor } from '@journey-ledger/sql';
import { chainEvents } from '../integrity/chain-events';
import type { EventSeal } from '../integrity/seal';
import { DuplicateEventError, checkExpectedRevision } from '../port/errors';
import type {
  AppendRequest,
  AppendResult,
  EventStore,
  ReadAllOptions,
  ReadSnapshotOptions,
  ReadStreamOptions,
  RecordedEvent,
  SnapshotEvent,
  StreamRevision,
  SubscribeOptions,
} from '../port/event-store.port';
import { catchUpSubscription } from '../subscription/catch-up';

const SCHEMA = `
create table if not exists events (
  position integer primary key autoincrement,
  tenant_id text not null,
  stream_id text not null,
  revision integer not null,
  event_id text not null unique,
  type text not null,
  version integer not null,
  data text not null,
  metadata text not null,
  recorded_at text not null,
  hash text not null,
  previous_hash text,
  seal text,
  unique (tenant_id, stream_id, revision)
);
-- One tenant's log in order (replay, audit): without it SQLite re-sorts the tenant's rows per batch.
create index if not exists events_tenant_position on events (tenant_id, position);
create table if not exists streams (
  tenant_id text not null,
  stream_id text not null,
  revision integer not null,
  last_hash text not null,
  primary key (tenant_id, stream_id)
) without rowid;
`;

interface EventRow {
  position: number;
  tenant_id: string;
  stream_id: string;
  revision: number;
  event_id: string;
  type: string;
  version: number;
  data: string;
  metadata: string;
  recorded_at: string;
  hash: string;
  previous_hash: string | null;
  seal: string | null;
}

const toRecorded = (r: EventRow): RecordedEvent => ({
  tenantId: r.tenant_id,
  streamId: r.stream_id,
  revision: r.revision,
  position: r.position,
  eventId: r.event_id,
  type: r.type,
  version: r.version,
  data: JSON.parse(r.data),
  metadata: JSON.parse(r.metadata),
  recordedAt: r.recorded_at,
  hash: r.hash,
  previousHash: r.previous_hash,
  seal: r.seal,
});

const COLUMNS = 'position, tenant_id, stream_id, revision, event_id, type, version, data, metadata, recorded_at, hash, previous_hash, seal';

/**
 * The embedded default store: a SQLite file, no server. SQLite has a single writer, so commit
 * order and position order are the same and a reader can never skip a late commit.
 */
export class SqliteEventStore implements EventStore {
  readonly kind = 'embedded';
  private readonly appended = new Subject<void>();

  constructor(
    readonly db: SqliteDatabase,
    private readonly clock: () => Date = () => new Date(),
    private readonly sealer?: EventSeal,
  ) {}

  async migrate(): Promise<void> {
    await this.db.exec(SCHEMA);
    // Files written before events were sealed: add the column; their older rows read as unsealed.
    const columns = await this.db.query<{ name: string }>("select name from pragma_table_info('events')");
    if (!columns.some((c) => c.name === 'seal')) await this.db.exec('alter table events add column seal text');
  }

  async appendToStream(request: AppendRequest): Promise<AppendResult> {
    const [result] = await this.appendBatch([request]);
    return result;
  }

  async appendBatch(requests: readonly AppendRequest[]): Promise<AppendResult[]> {
    if (requests.length === 0) return [];
    const results = await this.db.transactionSync((tx) => requests.map((r) => this.appendOne(tx, r)));
    this.appended.next();
    return results;
  }

  private appendOne(tx: SqliteExecutor, request: AppendRequest): AppendResult {
    const { tenantId, streamId, events } = request;
    const current = tx.querySync<{ revision: number; last_hash: string }>('select revision, last_hash from streams where tenant_id = $1 and stream_id = $2', [
      tenantId,
      streamId,
    ])[0];
    checkExpectedRevision(streamId, request.expectedRevision, current?.revision);
    if (events.length === 0) return { nextExpectedRevision: current?.revision ?? -1, position: 0, events: [] };
    const chained = chainEvents(
      tenantId,
      streamId,
      events,
      { revision: current?.revision ?? -1, hash: current?.last_hash ?? null },
      this.clock().toISOString(),
      this.sealer,
    );
    const { stmt, order } = tx.statement(
      'insert into events (tenant_id, stream_id, revision, event_id, type, version, data, metadata, recorded_at, hash, previous_hash, seal) values ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12)',
    );
    const recorded: RecordedEvent[] = chained.map((e) => {
      const args = [
        tenantId,
        streamId,
        e.revision,
        e.eventId,
        e.type,
        e.version,
        JSON.stringify(e.data),
        JSON.stringify(e.metadata),
        e.recordedAt,
        e.hash,
        e.previousHash,
        e.seal ?? null,
      ];
      try {
        return { ...e, position: Number(stmt.run(...order.map((i) => args[i])).lastInsertRowid) };
      } catch (err) {
        if ((err as { code?: string }).code === 'SQLITE_CONSTRAINT_UNIQUE' && String(err).includes('event_id')) throw new DuplicateEventError(e.eventId);
        throw err;
      }
    });
    const last = recorded[recorded.length - 1];
    const revision = last.revision;
    const previousHash = last.hash;
    const position = last.position;
    tx.executeSync(
      'insert into streams (tenant_id, stream_id, revision, last_hash) values ($1,$2,$3,$4) on conflict (tenant_id, stream_id) do update set revision = excluded.revision, last_hash = excluded.last_hash',
      [tenantId, streamId, revision, previousHash],
    );
    return { nextExpectedRevision: revision, position, events: recorded };
  }

  async readStream(tenantId: string, streamId: string, options: ReadStreamOptions = {}): Promise<RecordedEvent[]> {
    const rows = await this.db.query<EventRow & Record<string, unknown>>(
      `select ${COLUMNS} from events where tenant_id = $1 and stream_id = $2 and revision >= $3 order by revision limit $4`,
      [tenantId, streamId, options.fromRevision ?? 0, options.maxCount ?? -1],
    );
    return rows.map(toRecorded);
  }

  async streamRevision(tenantId: string, streamId: string): Promise<StreamRevision | undefined> {
    const rows = await this.db.query<{ revision: number }>('select revision from streams where tenant_id = $1 and stream_id = $2', [tenantId, streamId]);
    return rows[0]?.revision;
  }

  async readAll(options: ReadAllOptions = {}): Promise<RecordedEvent[]> {
    // SQLite answers synchronously, so a loop over the log (a scenario run, a rebuild, an export)
    // would otherwise hold the event loop from its first page to its last: let waiting requests in first.
    await nextTurnOfEventLoop();
    const after = options.after ?? 0;
    const limit = options.maxCount ?? 1000;
    const rows =
      options.tenantId === undefined
        ? await this.db.query<EventRow & Record<string, unknown>>(`select ${COLUMNS} from events where position > $1 order by position limit $2`, [
            after,
            limit,
          ])
        : await this.db.query<EventRow & Record<string, unknown>>(
            `select ${COLUMNS} from events where position > $1 and tenant_id = $2 order by position limit $3`,
            [after, options.tenantId, limit],
          );
    return rows.map(toRecorded);
  }

  async readAllToHead(options: ReadSnapshotOptions): Promise<SnapshotEvent[]> {
    await nextTurnOfEventLoop();
    const prefix = options.streamPrefix ?? '';
    // Whether the snapshot holds the stream's next revision is one lookup in the (tenant, stream, revision) index.
    const rows = await this.db.query<EventRow & { last_in_stream: unknown } & Record<string, unknown>>(
      `select ${COLUMNS}, not exists (select 1 from events n where n.tenant_id = events.tenant_id and n.stream_id = events.stream_id
         and n.revision = events.revision + 1 and n.position <= $3) as last_in_stream
       from events where position > $1 and position <= $3 and tenant_id = $2 and substr(stream_id, 1, $4) = $5 order by position limit $6`,
      [options.after ?? 0, options.tenantId, options.head, prefix.length, prefix, options.maxCount ?? 1000],
    );
    // Set on the event as read rather than copied into a new one: an export reads every event of the log.
    return rows.map((r) => Object.assign(toRecorded(r), { lastInStream: r.last_in_stream === 1 }));
  }

  async headPosition(): Promise<number> {
    const rows = await this.db.query<{ head: number | null }>('select max(position) as head from events');
    return rows[0]?.head ?? 0;
  }

  /** One writer: everything committed is visible at once. */
  committedPosition(): Promise<number> {
    return this.headPosition();
  }

  wakeUps(): Observable<void> {
    return merge(this.appended, interval(1000).pipe(map(() => undefined)));
  }

  subscribeToAll(options: SubscribeOptions): Observable<RecordedEvent[]> {
    return catchUpSubscription((o) => this.readAll(o), this.appended, options);
  }

  async close(): Promise<void> {
    this.appended.complete();
    await this.db.close();
  }
}
