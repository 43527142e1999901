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
  ListedStream,
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

const SELECT_HEAD = 'select revision, last_hash from streams where tenant_id = ? and stream_id = ?';
const INSERT_EVENT =
  'insert into events (tenant_id, stream_id, revision, event_id, type, version, data, metadata, recorded_at, hash, previous_hash, seal) values (?,?,?,?,?,?,?,?,?,?,?,?)';
const UPSERT_HEAD =
  'insert into streams (tenant_id, stream_id, revision, last_hash) values (?,?,?,?) on conflict (tenant_id, stream_id) do update set revision = excluded.revision, last_hash = excluded.last_hash';
/** An append of at least this many events is a bulk load's batch (an import, generation), not a command's: `transactionSync`'s `bulk`. */
const BULK_APPEND_EVENTS = 1000;
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
    let events = 0;
    for (const r of requests) events += r.events.length;
    const results = await this.db.transactionSync((tx) => this.appendAll(tx, requests), { bulk: events >= BULK_APPEND_EVENTS });
    this.appended.next();
    return results;
  }

  /**
   * The whole batch in the one transaction, with no per-event work but the hash, the seal and one
   * run of a prepared insert: one clock reading, statements looked up once, each stream's head read
   * once (then followed in memory, so a batch may append to one stream twice) and written once.
   */
  private appendAll(tx: SqliteExecutor, requests: readonly AppendRequest[]): AppendResult[] {
    const readHead = tx.statement(SELECT_HEAD).stmt;
    const insert = tx.statement(INSERT_EVENT).stmt;
    const recordedAt = this.clock().toISOString();
    const heads = new Map<string, { revision: number; hash: string | null; changed: boolean }>();
    const results: AppendResult[] = [];
    for (const request of requests) {
      const { tenantId, streamId, events } = request;
      const key = `${tenantId}\u0000${streamId}`;
      let head = heads.get(key);
      if (head === undefined) {
        const row = readHead.get(tenantId, streamId) as { revision: number; last_hash: string } | undefined;
        head = { revision: row?.revision ?? -1, hash: row?.last_hash ?? null, changed: false };
        heads.set(key, head);
      }
      checkExpectedRevision(streamId, request.expectedRevision, head.revision === -1 ? undefined : head.revision);
      if (events.length === 0) {
        results.push({ nextExpectedRevision: head.revision, position: 0, events: [] });
        continue;
      }
      const chained = chainEvents(tenantId, streamId, events, head, recordedAt, this.sealer);
      const recorded = new Array<RecordedEvent>(chained.length);
      for (let i = 0; i < chained.length; i++) {
        const e = chained[i];
        let position: number;
        try {
          position = Number(
            insert.run(
              tenantId,
              streamId,
              e.revision,
              e.eventId,
              e.type,
              e.version,
              JSON.stringify(e.data),
              JSON.stringify(e.metadata),
              recordedAt,
              e.hash,
              e.previousHash,
              e.seal ?? null,
            ).lastInsertRowid,
          );
        } catch (err) {
          if ((err as { code?: string }).code === 'SQLITE_CONSTRAINT_UNIQUE' && String(err).includes('event_id')) throw new DuplicateEventError(e.eventId);
          throw err;
        }
        (e as { position?: number }).position = position;
        recorded[i] = e as RecordedEvent;
      }
      const last = recorded[recorded.length - 1];
      head.revision = last.revision;
      head.hash = last.hash;
      head.changed = true;
      results.push({ nextExpectedRevision: last.revision, position: last.position, events: recorded });
    }
    const writeHead = tx.statement(UPSERT_HEAD).stmt;
    for (const [key, head] of heads) {
      if (!head.changed) continue;
      const split = key.indexOf('\u0000');
      writeHead.run(key.slice(0, split), key.slice(split + 1), head.revision, head.hash);
    }
    return results;
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

  async streamsWithPrefix(tenantId: string, prefix: string): Promise<ListedStream[]> {
    const rows = await this.db.query<{ stream_id: string; revision: number }>(
      'select stream_id, revision from streams where tenant_id = $1 and substr(stream_id, 1, $2) = $3 order by stream_id',
      [tenantId, prefix.length, prefix],
    );
    return rows.map((r) => ({ streamId: r.stream_id, revision: Number(r.revision) }));
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
