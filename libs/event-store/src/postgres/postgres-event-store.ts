import { LRUCache } from 'lru-cache';
import { interval, map, merge, Observable, Subject } from 'rxjs';
import type { PostgresDatabase, SqlExecutor, SqlValue } from '@journey-ledger/sql';
import { chainEvents } from '../integrity/chain-events';
import type { EventSeal } from '../integrity/seal';
import { DuplicateEventError, WrongExpectedRevisionError, checkExpectedRevision } from '../port/errors';
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
import { readAllQuery } from '../sql/read-all-query';

/*
 * Positions in commit order. `position` comes from a sequence, and a reader checkpoints on the
 * last position it read; if positions were drawn in one order and committed in another, a reader
 * could see 11 committed while 10 was still in flight, checkpoint 11, and pass over 10 for ever.
 * So a writer draws its positions only while holding this schema's commit-order lock (an
 * exclusive transaction-scoped advisory lock), takes it as the last thing before its commit, and
 * PostgreSQL releases it only after the commit is visible to every new snapshot. Positions are
 * therefore drawn and made visible in one order: whoever sees position p has already been able
 * to see every committed position below p, and anything not yet visible will carry a higher one.
 * Readers need no fence; a position never used (a rolled-back append) is a gap, never a
 * latecomer. Only the tail of an append (insert the events, commit) is serialised; locking the
 * streams and checking revisions and hashes run concurrently. See docs/event-store.md.
 */
const SCHEMA = `
create table if not exists events (
  position bigserial primary key,
  tenant_id text not null,
  stream_id text not null,
  revision integer not null,
  event_id text not null,
  type text not null,
  version integer not null,
  data jsonb not null,
  metadata jsonb not null,
  recorded_at timestamptz not null,
  hash text not null,
  previous_hash text,
  seal text,
  constraint events_event_id_key unique (event_id),
  constraint events_stream_revision_key unique (tenant_id, stream_id, revision)
);
alter table events add column if not exists seal text;
create index if not exists events_tenant_position on events (tenant_id, position);
create table if not exists streams (
  tenant_id text not null,
  stream_id text not null,
  revision integer not null,
  last_hash text not null,
  primary key (tenant_id, stream_id)
);
`;

/** Held from drawing an append's positions to its commit: positions become visible in the order they are drawn. */
const COMMIT_ORDER_LOCK = 'pg_advisory_xact_lock(7342003, hashtext(current_schema()))';
const COLUMNS = 'position, tenant_id, stream_id, revision, event_id, type, version, data, metadata, recorded_at, hash, previous_hash, seal';

interface EventRow {
  position: number;
  tenant_id: string;
  stream_id: string;
  revision: number;
  event_id: string;
  type: string;
  version: number;
  data: unknown;
  metadata: Record<string, unknown>;
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
  data: r.data,
  metadata: r.metadata,
  recordedAt: r.recorded_at,
  hash: r.hash,
  previousHash: r.previous_hash,
  seal: r.seal,
});

function withPositions(
  planned: readonly { revision: number; from: number; to: number }[],
  recorded: readonly Omit<RecordedEvent, 'position'>[],
  inserted: readonly { event_id: string; position: number }[],
): AppendResult[] {
  const positions = new Map(inserted.map((r) => [r.event_id, Number(r.position)]));
  return planned.map((p) => {
    const events = recorded.slice(p.from, p.to).map((e) => ({ ...e, position: positions.get(e.eventId) as number }));
    return { nextExpectedRevision: p.revision, position: events[events.length - 1]?.position ?? 0, events };
  });
}

/** Columns of an event row, in the order the COPY path sends them. */
const COPY_COLUMNS = [
  'position',
  'tenant_id',
  'stream_id',
  'revision',
  'event_id',
  'type',
  'version',
  'data',
  'metadata',
  'recorded_at',
  'hash',
  'previous_hash',
  'seal',
];

export interface PostgresEventStoreOptions {
  /**
   * A batch of at least this many events is written with COPY (positions reserved as one block
   * under the commit-order lock) rather than one `insert … select from unnest`. Default 1000: an
   * import's batches, not the API's appends.
   */
  readonly copyFromEvents?: number;
}

/** Last revision and hash of a stream, as this process last saw them. */
interface StreamHead {
  readonly revision: number;
  readonly hash: string;
}

export class PostgresEventStore implements EventStore {
  readonly kind = 'postgres';
  private readonly appended = new Subject<void>();
  private readonly heads = new LRUCache<string, StreamHead>({ max: 100_000 });

  private readonly copyFromEvents: number;

  constructor(
    readonly db: PostgresDatabase,
    private readonly clock: () => Date = () => new Date(),
    private readonly sealer?: EventSeal,
    options: PostgresEventStoreOptions = {},
  ) {
    this.copyFromEvents = options.copyFromEvents ?? 1000;
  }

  async migrate(): Promise<void> {
    await this.db.ensureSchema();
    // Two processes may migrate at once: serialise on an advisory lock.
    await this.db.transaction(async (tx) => {
      await tx.execute('select pg_advisory_xact_lock(7342001)');
      await tx.execute(SCHEMA);
    });
  }

  async appendToStream(request: AppendRequest): Promise<AppendResult> {
    const [result] = await this.appendBatch([request]);
    return result;
  }

  /**
   * One transaction, four statements whatever the batch size: lock the streams, check their
   * revisions, write the streams rows (which gives the transaction its id), insert the events.
   */
  async appendBatch(requests: readonly AppendRequest[]): Promise<AppendResult[]> {
    if (requests.length === 0) return [];
    const fast = requests.length === 1 ? await this.tryAppendInOneStatement(requests[0]) : undefined;
    const results = fast ? [fast] : await this.appendInOneTransaction(requests);
    for (const r of results) {
      const last = r.events[r.events.length - 1];
      if (last) this.rememberHead(last.tenantId, last.streamId, { revision: last.revision, hash: last.hash });
    }
    this.appended.next();
    return results;
  }

  private appendInOneTransaction(requests: readonly AppendRequest[]): Promise<AppendResult[]> {
    return this.db
      .transaction(async (tx) => this.appendInTransaction(tx, requests))
      .catch((e: { code?: string; constraint?: string; detail?: string }) => {
        if (e.code === '23505' && e.constraint === 'events_event_id_key') {
          throw new DuplicateEventError(/\(event_id\)=\(([^)]*)\)/.exec(e.detail ?? '')?.[1] ?? 'unknown');
        }
        throw e;
      });
  }

  private rememberHead(tenantId: string, streamId: string, head: StreamHead): void {
    const key = `${tenantId}\u0000${streamId}`;
    this.heads.set(key, head);
  }

  /**
   * The common case in one round trip and one implicit transaction: a new stream, or an exact
   * revision whose hash this process already knows (it read or wrote the stream last). The
   * streams row is written first (guarded by revision and hash), so the transaction has its id
   * before any position is drawn; events are inserted only if that guard held. Anything else
   * (a cold cache, `any`, a conflict to explain) takes the general path.
   */
  private async tryAppendInOneStatement(r: AppendRequest): Promise<AppendResult | undefined> {
    if (r.events.length === 0) return undefined;
    const key = `${r.tenantId}\u0000${r.streamId}`;
    let previous: StreamHead | undefined;
    if (typeof r.expectedRevision === 'number') {
      previous = this.heads.get(key);
      if (previous === undefined || previous.revision !== r.expectedRevision) return undefined;
    } else if (r.expectedRevision !== 'no_stream') {
      return undefined;
    }
    const recordedAt = this.clock().toISOString();
    const recorded = chainEvents(
      r.tenantId,
      r.streamId,
      r.events,
      { revision: previous?.revision ?? -1, hash: previous?.hash ?? null },
      recordedAt,
      this.sealer,
    );
    const last = recorded[recorded.length - 1];
    const revision = last.revision;
    const hash = last.hash;
    const a = (v: unknown[]) => v as unknown as string;
    const guard =
      previous === undefined
        ? `insert into streams (tenant_id, stream_id, revision, last_hash) values ($1, $2, $12, $13) on conflict do nothing returning 1`
        : `update streams set revision = $12, last_hash = $13 where tenant_id = $1 and stream_id = $2 and revision = $14 and last_hash = $15 returning 1`;
    const params = [
      r.tenantId,
      r.streamId,
      a(recorded.map((e) => e.revision)),
      a(recorded.map((e) => e.eventId)),
      a(recorded.map((e) => e.type)),
      a(recorded.map((e) => e.version)),
      a(recorded.map((e) => JSON.stringify(e.data))),
      a(recorded.map((e) => JSON.stringify(e.metadata))),
      a(recorded.map((e) => e.hash)),
      a(recorded.map((e) => e.previousHash)),
      recordedAt,
      revision,
      hash as string,
      ...(previous === undefined ? [] : [previous.revision, previous.hash]),
      a(recorded.map((e) => e.seal ?? null)),
    ];
    const seals = `$${params.length}::text[]`;
    let rows: { event_id: string; position: number }[];
    try {
      rows = await this.db.queryPrepared<{ event_id: string; position: number }>(
        previous === undefined ? 'jl_append_new_stream' : 'jl_append_at_revision',
        `with guard as (${guard}),
              commit_order as (select ${COMMIT_ORDER_LOCK} from guard),
              inserted as (
                insert into events (tenant_id, stream_id, revision, event_id, type, version, data, metadata, recorded_at, hash, previous_hash, seal)
                select $1, $2, u.r, u.i, u.ty, u.v, u.d::jsonb, u.m::jsonb, $11::timestamptz, u.h, u.p, u.s
                  from unnest($3::int[], $4::text[], $5::text[], $6::int[], $7::text[], $8::text[], $9::text[], $10::text[], ${seals}) as u(r, i, ty, v, d, m, h, p, s)
                 where exists (select 1 from commit_order)
                returning event_id, position)
         select event_id, position from inserted`,
        params,
      );
    } catch (e) {
      const err = e as { code?: string; constraint?: string; detail?: string };
      if (err.code === '23505' && err.constraint === 'events_event_id_key') {
        throw new DuplicateEventError(/\(event_id\)=\(([^)]*)\)/.exec(err.detail ?? '')?.[1] ?? 'unknown');
      }
      throw e;
    }
    if (rows.length === 0) {
      // The guard failed: someone else wrote first (or the cached head is stale). Explain it, or let the general path decide.
      this.heads.delete(key);
      const actual = await this.streamRevision(r.tenantId, r.streamId);
      if (actual !== (previous?.revision ?? undefined)) throw new WrongExpectedRevisionError(r.streamId, r.expectedRevision, actual);
      return undefined;
    }
    return withPositions([{ revision, from: 0, to: recorded.length }], recorded, rows)[0];
  }

  private async appendInTransaction(tx: SqlExecutor, requests: readonly AppendRequest[]): Promise<AppendResult[]> {
    const tenants = requests.map((r) => r.tenantId);
    const streams = requests.map((r) => r.streamId);
    const currentRows = await tx.query<{ tenant_id: string; stream_id: string; revision: number; last_hash: string }>(
      `select s.tenant_id, s.stream_id, s.revision, s.last_hash
         from streams s join unnest($1::text[], $2::text[]) as k(tenant_id, stream_id)
           on s.tenant_id = k.tenant_id and s.stream_id = k.stream_id
        order by s.tenant_id, s.stream_id
          for update of s`,
      [tenants as unknown as string, streams as unknown as string],
    );
    const current = new Map(currentRows.map((r) => [`${r.tenant_id}\u0000${r.stream_id}`, r]));
    const recordedAt = this.clock().toISOString();

    const ev = {
      tenant: [] as string[],
      stream: [] as string[],
      revision: [] as number[],
      id: [] as string[],
      type: [] as string[],
      version: [] as number[],
      data: [] as string[],
      metadata: [] as string[],
      hash: [] as string[],
      previous: [] as (string | null)[],
      seal: [] as (string | null)[],
    };
    const created = { tenant: [] as string[], stream: [] as string[], revision: [] as number[], hash: [] as string[] };
    const updated = { tenant: [] as string[], stream: [] as string[], revision: [] as number[], hash: [] as string[], old: [] as number[] };
    const planned: { revision: number; from: number; to: number }[] = [];
    const recorded: Omit<RecordedEvent, 'position'>[] = [];
    const latest = new Map<string, { revision: number; hash: string | null; existed: boolean; startRevision?: number }>();

    for (const r of requests) {
      const key = `${r.tenantId}\u0000${r.streamId}`;
      // A batch may append to one stream twice: the second request sees the first.
      const seen = latest.get(key) ?? {
        revision: current.get(key)?.revision ?? -1,
        hash: current.get(key)?.last_hash ?? null,
        existed: current.has(key),
        startRevision: current.get(key)?.revision,
      };
      checkExpectedRevision(r.streamId, r.expectedRevision, seen.revision === -1 ? undefined : seen.revision);
      const chained = chainEvents(r.tenantId, r.streamId, r.events, seen, recordedAt, this.sealer);
      for (const e of chained) {
        ev.tenant.push(e.tenantId);
        ev.stream.push(e.streamId);
        ev.revision.push(e.revision);
        ev.id.push(e.eventId);
        ev.type.push(e.type);
        ev.version.push(e.version);
        ev.data.push(JSON.stringify(e.data));
        ev.metadata.push(JSON.stringify(e.metadata));
        ev.hash.push(e.hash);
        ev.previous.push(e.previousHash);
        ev.seal.push(e.seal ?? null);
        recorded.push(e);
      }
      const revision = chained.length > 0 ? chained[chained.length - 1].revision : seen.revision;
      const hash = chained.length > 0 ? chained[chained.length - 1].hash : seen.hash;
      planned.push({ revision, from: recorded.length - r.events.length, to: recorded.length });
      latest.set(key, { ...seen, revision, hash });
    }
    for (const [key, s] of latest) {
      if (s.hash === null) continue;
      const [tenant, stream] = key.split('\u0000');
      if (s.existed) {
        updated.tenant.push(tenant);
        updated.stream.push(stream);
        updated.revision.push(s.revision);
        updated.hash.push(s.hash);
        updated.old.push(s.startRevision as number);
      } else {
        created.tenant.push(tenant);
        created.stream.push(stream);
        created.revision.push(s.revision);
        created.hash.push(s.hash);
      }
    }
    const a = (v: unknown[]) => v as unknown as string;
    if (created.tenant.length > 0) {
      // Two writers may both have seen "no stream": the loser inserts nothing here and fails.
      const inserted = await tx.execute(
        `insert into streams (tenant_id, stream_id, revision, last_hash)
         select * from unnest($1::text[], $2::text[], $3::int[], $4::text[]) on conflict do nothing`,
        [a(created.tenant), a(created.stream), a(created.revision), a(created.hash)],
      );
      if (inserted !== created.tenant.length) {
        throw new WrongExpectedRevisionError(created.stream.length === 1 ? created.stream[0] : `${created.stream.length} streams`, 'no_stream', 0);
      }
    }
    if (updated.tenant.length > 0) {
      await tx.execute(
        `update streams s set revision = u.revision, last_hash = u.hash
           from unnest($1::text[], $2::text[], $3::int[], $4::text[]) as u(tenant_id, stream_id, revision, hash)
          where s.tenant_id = u.tenant_id and s.stream_id = u.stream_id`,
        [a(updated.tenant), a(updated.stream), a(updated.revision), a(updated.hash)],
      );
    }
    if (ev.id.length === 0) return planned.map((p) => ({ nextExpectedRevision: p.revision, position: 0, events: [] }));
    if (ev.id.length >= this.copyFromEvents && tx.insertMany !== undefined) return this.copyEvents(tx, tx.insertMany, planned, recorded, ev, recordedAt);
    // Last before the commit: from here until it, no other append can draw a position.
    await tx.query(`select ${COMMIT_ORDER_LOCK}`);
    const inserted = await tx.query<{ event_id: string; position: number }>(
      `insert into events (tenant_id, stream_id, revision, event_id, type, version, data, metadata, recorded_at, hash, previous_hash, seal)
       select t, s, r, i, ty, v, d::jsonb, m::jsonb, $11::timestamptz, h, p, se
         from unnest($1::text[], $2::text[], $3::int[], $4::text[], $5::text[], $6::int[], $7::text[], $8::text[], $9::text[], $10::text[], $12::text[])
           as u(t, s, r, i, ty, v, d, m, h, p, se)
       returning event_id, position`,
      [
        a(ev.tenant),
        a(ev.stream),
        a(ev.revision),
        a(ev.id),
        a(ev.type),
        a(ev.version),
        a(ev.data),
        a(ev.metadata),
        a(ev.hash),
        a(ev.previous),
        recordedAt,
        a(ev.seal),
      ],
    );
    return withPositions(planned, recorded, inserted);
  }

  /**
   * The bulk tail of an append: the batch's positions drawn as one block, then its rows sent with
   * COPY carrying them (no array parameters to build and parse, no rows to return). The block is
   * drawn under the commit-order lock like every other position, so it is drawn in commit order
   * and the lock is held until the commit; a rolled-back COPY leaves the block as a gap. The
   * stream heads were locked, checked and moved above, and the hashes chained, exactly as for
   * the insert: only how the rows travel differs. A duplicate event id fails the COPY with the
   * same unique violation, which `appendInOneTransaction` turns into `DuplicateEventError`.
   */
  private async copyEvents(
    tx: SqlExecutor,
    insertMany: NonNullable<SqlExecutor['insertMany']>,
    planned: readonly { revision: number; from: number; to: number }[],
    recorded: readonly Omit<RecordedEvent, 'position'>[],
    ev: { readonly data: readonly string[]; readonly metadata: readonly string[] },
    recordedAt: string,
  ): Promise<AppendResult[]> {
    const n = recorded.length;
    await tx.query(`select ${COMMIT_ORDER_LOCK}`);
    // setval returns the block's last position; nextval inside it is drawn first.
    const [{ last }] = await tx.query<{ last: number }>(
      `select setval(s.seq, nextval(s.seq) + $1 - 1) as last from (select pg_get_serial_sequence('events', 'position') as seq) s`,
      [n],
    );
    const first = Number(last) - n + 1;
    const rows = new Array<SqlValue[]>(n);
    for (let i = 0; i < n; i++) {
      const e = recorded[i];
      rows[i] = [
        first + i,
        e.tenantId,
        e.streamId,
        e.revision,
        e.eventId,
        e.type,
        e.version,
        ev.data[i],
        ev.metadata[i],
        recordedAt,
        e.hash,
        e.previousHash,
        e.seal ?? null,
      ];
    }
    await insertMany('events', COPY_COLUMNS, rows);
    return planned.map((p) => {
      const events = new Array<RecordedEvent>(p.to - p.from);
      for (let i = p.from; i < p.to; i++) events[i - p.from] = { ...recorded[i], position: first + i };
      return { nextExpectedRevision: p.revision, position: p.to > p.from ? first + p.to - 1 : 0, events };
    });
  }

  async readStream(tenantId: string, streamId: string, options: ReadStreamOptions = {}): Promise<RecordedEvent[]> {
    const rows = await this.db.queryPrepared<EventRow & Record<string, unknown>>(
      'jl_read_stream',
      `select ${COLUMNS} from events where tenant_id = $1 and stream_id = $2 and revision >= $3 order by revision limit $4`,
      [tenantId, streamId, options.fromRevision ?? 0, options.maxCount ?? null],
    );
    const last = rows[rows.length - 1];
    if (last !== undefined && options.maxCount === undefined) this.rememberHead(tenantId, streamId, { revision: last.revision, hash: last.hash });
    return rows.map(toRecorded);
  }

  async streamRevision(tenantId: string, streamId: string): Promise<StreamRevision | undefined> {
    const rows = await this.db.query<{ revision: number }>('select revision from streams where tenant_id = $1 and stream_id = $2', [tenantId, streamId]);
    return rows[0]?.revision;
  }

  async streamsWithPrefix(tenantId: string, prefix: string): Promise<ListedStream[]> {
    const rows = await this.db.query<{ stream_id: string; revision: number }>(
      'select stream_id, revision from streams where tenant_id = $1 and substr(stream_id, 1, $2::int) = $3 order by stream_id',
      [tenantId, prefix.length, prefix],
    );
    return rows.map((r) => ({ streamId: r.stream_id, revision: Number(r.revision) }));
  }

  async readAll(options: ReadAllOptions = {}): Promise<RecordedEvent[]> {
    const rows = await this.db.query<EventRow & Record<string, unknown>>(...readAllQuery(COLUMNS, options, '::int'));
    return rows.map(toRecorded);
  }

  async readAllToHead(options: ReadSnapshotOptions): Promise<SnapshotEvent[]> {
    const prefix = options.streamPrefix ?? '';
    // Whether the snapshot holds the stream's next revision is one lookup in the (tenant, stream, revision) index.
    const rows = await this.db.query<EventRow & { last_in_stream: unknown } & Record<string, unknown>>(
      `select ${COLUMNS}, not exists (select 1 from events n where n.tenant_id = events.tenant_id and n.stream_id = events.stream_id
         and n.revision = events.revision + 1 and n.position <= $3) as last_in_stream
       from events where position > $1 and position <= $3 and tenant_id = $2 and substr(stream_id, 1, $4::int) = $5 order by position limit $6`,
      [options.after ?? 0, options.tenantId, options.head, prefix.length, prefix, options.maxCount ?? 1000],
    );
    // Set on the event as read rather than copied into a new one: an export reads every event of the log.
    return rows.map((r) => Object.assign(toRecorded(r), { lastInStream: r.last_in_stream === true }));
  }

  /**
   * Streams in (tenant, stream id) order; the cursor is the last pair read. A page's streams are
   * listed from the streams table, then each is read by its (tenant, stream, revision) key.
   */
  async readStreamsToHead(options: ReadStreamsOptions): Promise<StreamsPage> {
    const after = options.after === undefined ? undefined : parseStreamCursor(options.after);
    const max = options.maxStreams ?? 1000;
    const prefix = options.streamPrefix;
    const streams = await this.db.query<{ tenant_id: string; stream_id: string }>(
      `select tenant_id, stream_id from streams
       where ($1::text is null or (tenant_id, stream_id) > ($1::text, $2::text)) and substr(stream_id, 1, $3::int) = $4
       order by tenant_id, stream_id limit $5`,
      [after?.[0] ?? null, after?.[1] ?? null, prefix.length, prefix, max],
    );
    if (streams.length === 0) return { events: [] };
    const last = streams[streams.length - 1];
    // Each stream of the page looked up by the (tenant, stream, revision) key (LATERAL). A range over
    // that key instead let the planner scan the tenant's whole log for every page when the table had
    // no statistics yet, as just after a bulk load: 40 minutes for 700,000 of 1,000,000 journeys.
    const rows = await this.db.query<EventRow & Record<string, unknown>>(
      `select e.* from unnest($1::text[], $2::text[]) with ordinality as s(tenant_id, stream_id, n)
         cross join lateral (select ${COLUMNS} from events where events.tenant_id = s.tenant_id and events.stream_id = s.stream_id
                              and position <= $3 order by revision) e
        order by s.n, e.revision`,
      // pg sends arrays as PostgreSQL arrays; the port's parameter type has no array.
      [streams.map((r) => r.tenant_id) as unknown as string, streams.map((r) => r.stream_id) as unknown as string, options.head],
    );
    return { events: rows.map(toRecorded), ...(streams.length === max ? { next: JSON.stringify([last.tenant_id, last.stream_id]) } : {}) };
  }

  /** Positions are visible in commit order, so what a reader may see and what has committed are one. */
  async headPosition(): Promise<number> {
    const rows = await this.db.query<{ head: number | null }>('select max(position) as head from events');
    return rows[0]?.head ?? 0;
  }

  committedPosition(): Promise<number> {
    return this.headPosition();
  }

  wakeUps(): Observable<void> {
    return merge(this.appended, interval(200).pipe(map(() => undefined)));
  }

  subscribeToAll(options: SubscribeOptions): Observable<RecordedEvent[]> {
    return catchUpSubscription((o) => this.readAll(o), this.appended, options, 200);
  }

  async close(): Promise<void> {
    this.appended.complete();
    await this.db.close();
  }
}

/** A cursor of `readStreamsToHead`: the last (tenant, stream id) read. */
function parseStreamCursor(cursor: string): [string, string] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(cursor);
  } catch {
    parsed = undefined;
  }
  if (!Array.isArray(parsed) || parsed.length !== 2 || !parsed.every((p) => typeof p === 'string'))
    throw new RangeError(`not a cursor of this store: ${cursor}`);
  return parsed as [string, string];
}
