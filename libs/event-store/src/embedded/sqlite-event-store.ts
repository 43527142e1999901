import { setImmediate as nextTurnOfEventLoop } from 'node:timers/promises';
import { interval, map, merge, Observable, Subject } from 'rxjs';
import { SqliteDatabase } from '@journey-ledger/sql';
import type { SqliteExecutor } from '@journey-ledger/sql';
import { chainEvents } from '../integrity/chain-events';
import type { EventSeal } from '../integrity/seal';
import { DuplicateEventError, checkExpectedRevision } from '../port/errors';
import type {
  ReadStreamsOptions,
  StreamsPage,
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
import { eventKey } from './event-key';
import { readAllQuery } from '../sql/read-all-query';

/**
 * Each stream has a number, given in order of its first append (`streams.stream_no`), and the log's
 * per-stream key is that number and the revision. Keyed by tenant and stream name instead, every
 * event of a bulk load landed at a random place in a b-tree as large as the log, and that index cost
 * more than any other work of an import (docs/event-store.md, "Keys a load can append to"). The name
 * is kept on each event as well, so reading the log needs no join. Event ids are indexed by a small
 * integer key (`eventKey`) for the same reason.
 */
const SCHEMA = `
create table if not exists events (
  position integer primary key autoincrement,
  tenant_id text not null,
  stream_id text not null,
  stream_no integer not null,
  revision integer not null,
  event_id text not null,
  event_key integer not null,
  type text not null,
  version integer not null,
  data text not null,
  metadata text not null,
  recorded_at text not null,
  hash text not null,
  previous_hash text,
  seal text,
  unique (stream_no, revision)
);
create index if not exists events_by_event_key on events (event_key);
-- One tenant's log in order (replay, audit): without it SQLite re-sorts the tenant's rows per batch.
create index if not exists events_tenant_position on events (tenant_id, position);
create table if not exists streams (
  tenant_id text not null,
  stream_id text not null,
  revision integer not null,
  last_hash text not null,
  stream_no integer not null,
  primary key (tenant_id, stream_id)
) without rowid;
create unique index if not exists streams_by_number on streams (stream_no);
`;

/**
 * A file written before streams were numbered: its events table is keyed by tenant, stream and
 * revision, its event ids by their text, and it has no `stream_no`. Every stream named by an event
 * or a head is numbered in order of its first event, and the events are copied into the current
 * layout with their positions, hashes and seals as they were, in one transaction: a crash leaves
 * the file as it was. `event_key` is `eventKey`, registered on the connection for the copy.
 */
const NUMBER_THE_STREAMS = `
create temp table stream_numbers as
  select tenant_id, stream_id, row_number() over (order by first_position, tenant_id, stream_id) as stream_no from (
    select tenant_id, stream_id, min(position) as first_position from events group by tenant_id, stream_id
    union all
    select tenant_id, stream_id, null from streams s
      where not exists (select 1 from events e where e.tenant_id = s.tenant_id and e.stream_id = s.stream_id)
  );
create unique index temp.stream_numbers_by_name on stream_numbers (tenant_id, stream_id);
alter table streams rename to streams_keyed_by_name;
alter table events rename to events_keyed_by_name;
drop index if exists events_tenant_position;
${SCHEMA}
insert into streams (tenant_id, stream_id, revision, last_hash, stream_no)
  select s.tenant_id, s.stream_id, s.revision, s.last_hash, n.stream_no
  from streams_keyed_by_name s join stream_numbers n on n.tenant_id = s.tenant_id and n.stream_id = s.stream_id;
insert into events (position, tenant_id, stream_id, stream_no, revision, event_id, event_key, type, version, data, metadata, recorded_at, hash, previous_hash, seal)
  select e.position, e.tenant_id, e.stream_id, n.stream_no, e.revision, e.event_id, event_key(e.event_id), e.type, e.version, e.data, e.metadata, e.recorded_at, e.hash, e.previous_hash, e.seal
  from events_keyed_by_name e join stream_numbers n on n.tenant_id = e.tenant_id and n.stream_id = e.stream_id
  order by e.position;
update sqlite_sequence set seq = (select seq from sqlite_sequence where name = 'events_keyed_by_name') where name = 'events';
drop table events_keyed_by_name;
drop table streams_keyed_by_name;
drop table stream_numbers;
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

const SELECT_HEAD = 'select revision, last_hash, stream_no from streams where tenant_id = ? and stream_id = ?';
/** Past every number given, also one only an event still carries (a file whose heads were edited by hand). */
const LAST_STREAM_NO = 'select max(coalesce((select max(stream_no) from streams), 0), coalesce((select max(stream_no) from events), 0)) as n';
const INSERT_EVENT =
  'insert into events (tenant_id, stream_id, stream_no, revision, event_id, event_key, type, version, data, metadata, recorded_at, hash, previous_hash, seal) values (?,?,?,?,?,?,?,?,?,?,?,?,?,?)';
/** Whether an id is stored already: the rows with its key, compared by the id itself (keys may be shared). */
const SELECT_EVENT_ID = 'select 1 from events where event_key = ? and event_id = ?';
const UPSERT_HEAD =
  'insert into streams (tenant_id, stream_id, revision, last_hash, stream_no) values (?,?,?,?,?) on conflict (tenant_id, stream_id) do update set revision = excluded.revision, last_hash = excluded.last_hash';
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
    // Checked and changed in one write transaction, so two processes opening an older file at once migrate it once.
    const converted = await this.db.transactionSync((tx) => {
      const columns = tx.querySync<{ name: string }>("select name from pragma_table_info('events')");
      const keyedByName = columns.length > 0 && !columns.some((c) => c.name === 'stream_no');
      if (!keyedByName) {
        // A new file, or a current one: the script only creates what is missing (an index added since the file was written).
        tx.db.exec(SCHEMA);
        return false;
      }
      // Files written before events were sealed: add the column; their older rows read as unsealed.
      if (!columns.some((c) => c.name === 'seal')) tx.db.exec('alter table events add column seal text');
      tx.db.function('event_key', { deterministic: true }, (id: unknown) => eventKey(String(id)));
      tx.db.exec(NUMBER_THE_STREAMS);
      return true;
    });
    // The copy leaves the old table's pages free inside the file, which would keep twice the log's size on disk.
    if (converted) await this.db.exec('vacuum');
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
    const stored = tx.statement(SELECT_EVENT_ID).stmt;
    const recordedAt = this.clock().toISOString();
    const heads = new Map<string, { revision: number; hash: string | null; streamNo: number; changed: boolean }>();
    let lastStreamNo: number | undefined;
    const results: AppendResult[] = [];
    for (const request of requests) {
      const { tenantId, streamId, events } = request;
      const key = `${tenantId}\u0000${streamId}`;
      let head = heads.get(key);
      if (head === undefined) {
        const row = readHead.get(tenantId, streamId) as { revision: number; last_hash: string; stream_no: number } | undefined;
        let streamNo = row?.stream_no;
        if (streamNo === undefined) {
          lastStreamNo ??= (tx.statement(LAST_STREAM_NO).stmt.get() as { n: number }).n;
          streamNo = ++lastStreamNo;
        }
        head = { revision: row?.revision ?? -1, hash: row?.last_hash ?? null, streamNo, changed: false };
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
        const idKey = eventKey(e.eventId);
        if (stored.get(idKey, e.eventId) !== undefined) throw new DuplicateEventError(e.eventId);
        const position = Number(
          insert.run(
            tenantId,
            streamId,
            head.streamNo,
            e.revision,
            e.eventId,
            idKey,
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
      writeHead.run(key.slice(0, split), key.slice(split + 1), head.revision, head.hash, head.streamNo);
    }
    return results;
  }

  async readStream(tenantId: string, streamId: string, options: ReadStreamOptions = {}): Promise<RecordedEvent[]> {
    const rows = await this.db.query<EventRow & Record<string, unknown>>(
      `select ${COLUMNS} from events
       where stream_no = (select stream_no from streams where tenant_id = $1 and stream_id = $2) and tenant_id = $1 and stream_id = $2 and revision >= $3
       order by revision limit $4`,
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
    const rows = await this.db.query<EventRow & Record<string, unknown>>(...readAllQuery(COLUMNS, options, ''));
    return rows.map(toRecorded);
  }

  async readAllToHead(options: ReadSnapshotOptions): Promise<SnapshotEvent[]> {
    await nextTurnOfEventLoop();
    const prefix = options.streamPrefix ?? '';
    // Whether the snapshot holds the stream's next revision is one lookup in the (stream number, revision) index.
    const rows = await this.db.query<EventRow & { last_in_stream: unknown } & Record<string, unknown>>(
      `select ${COLUMNS}, not exists (select 1 from events n where n.stream_no = events.stream_no
         and n.revision = events.revision + 1 and n.position <= $3) as last_in_stream
       from events where position > $1 and position <= $3 and tenant_id = $2 and substr(stream_id, 1, $4) = $5 order by position limit $6`,
      [options.after ?? 0, options.tenantId, options.head, prefix.length, prefix, options.maxCount ?? 1000],
    );
    // Set on the event as read rather than copied into a new one: an export reads every event of the log.
    return rows.map((r) => Object.assign(toRecorded(r), { lastInStream: r.last_in_stream === 1 }));
  }

  /**
   * Streams in the order of their numbers; the cursor is the last number read. Each page is a
   * range of the log's (stream number, revision) key, read in key order.
   */
  async readStreamsToHead(options: ReadStreamsOptions): Promise<StreamsPage> {
    await nextTurnOfEventLoop();
    const after = options.after === undefined ? 0 : Number(options.after);
    if (!Number.isSafeInteger(after) || after < 0) throw new RangeError(`not a cursor of this store: ${options.after}`);
    const max = options.maxStreams ?? 1000;
    const prefix = options.streamPrefix;
    const numbers = await this.db.query<{ stream_no: number }>(
      'select stream_no from streams where stream_no > $1 and substr(stream_id, 1, $2) = $3 order by stream_no limit $4',
      [after, prefix.length, prefix, max],
    );
    if (numbers.length === 0) return { events: [] };
    const last = numbers[numbers.length - 1].stream_no;
    const rows = await this.db.query<EventRow & Record<string, unknown>>(
      `select ${COLUMNS} from events where stream_no > $1 and stream_no <= $2 and substr(stream_id, 1, $3) = $4 and position <= $5 order by stream_no, revision`,
      [after, last, prefix.length, prefix, options.head],
    );
    return { events: rows.map(toRecorded), ...(numbers.length === max ? { next: String(last) } : {}) };
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
