import {
  BACKWARDS,
  END,
  FORWARDS,
  KurrentDBClient,
  PINNED,
  persistentSubscriptionToAllSettingsFromDefaults,
  streamNameFilter,
} from '@kurrent/kurrentdb-client';
import type { AppendStreamRequest, PersistentSubscriptionToAllResolvedEvent } from '@kurrent/kurrentdb-client';
import { interval, map, merge, Observable, Subject } from 'rxjs';
import type { SqlDatabase } from '@journey-ledger/sql';
import { chainEvents } from '../integrity/chain-events';
import type { EventSeal } from '../integrity/seal';
import { checkExpectedRevision, WrongExpectedRevisionError } from '../port/errors';
import type {
  AppendRequest,
  AppendResult,
  EventStore,
  ExpectedRevision,
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
import {
  DEFAULT_NAMESPACE,
  eventIdClaim,
  eventIdGuardStream,
  fromResolved,
  headStreamState,
  isAfter,
  isMissingStream,
  readPositionAfter,
  streamName,
  streamPrefix,
  toEventData,
  toPortError,
  toPortPosition,
} from './mapping';

export interface KurrentDbStoreOptions {
  readonly namespace?: string;
  readonly clock?: () => Date;
  readonly seal?: EventSeal;
  /** How often to look for appends made by other processes (ms). */
  readonly pollMs?: number;
  /**
   * Where to keep each stream's head (revision and last hash) outside KurrentDB, for verification
   * to compare against (a truncated or rewritten stream): the read models' PostgreSQL. Written
   * after KurrentDB acknowledges an append, so a head can lag behind its stream (verification
   * completes it from the stream) but never run ahead of it.
   */
  readonly heads?: SqlDatabase;
}

const HEADS_SCHEMA = `
create table if not exists streams (
  tenant_id text not null,
  stream_id text not null,
  revision integer not null,
  last_hash text not null,
  primary key (tenant_id, stream_id)
);
`;

/** One delivery of a competing (persistent-subscription) consumer: acknowledge after the work is committed. */
export interface CompetingDelivery {
  readonly event: RecordedEvent;
  ack(): Promise<void>;
  /** Gives the event back for a retry (`retry`) or parks it for an operator (`park`). */
  nack(action: 'retry' | 'park', reason: string): Promise<void>;
}

/**
 * The event store port on KurrentDB (`@kurrent/kurrentdb-client`). See `mapping.ts` for how
 * streams, event ids and positions map, and docs/event-store.md for the design.
 *
 * Appends read the stream's head (revision and last hash), chain and seal the new events as the
 * other adapters do (`chainEvents`), and append at exactly that head in one atomic multi-stream
 * append together with the event-id claims (KurrentDB 25.1 or later). The caller's expected
 * revision is checked against the head first; `any` and `stream_exists` that lose a race to
 * another writer are tried again on the new head (the caller did not ask for a revision), an exact
 * revision is refused (`WrongExpectedRevisionError`).
 */
export class KurrentDbEventStore implements EventStore {
  readonly kind = 'kurrentdb';
  private readonly appended = new Subject<void>();
  private readonly namespace: string;
  private readonly clock: () => Date;
  private readonly pollMs: number;

  constructor(
    readonly client: KurrentDBClient,
    private readonly options: KurrentDbStoreOptions = {},
  ) {
    this.namespace = options.namespace ?? DEFAULT_NAMESPACE;
    this.clock = options.clock ?? (() => new Date());
    this.pollMs = options.pollMs ?? 200;
  }

  static connect(connectionString: string, options: KurrentDbStoreOptions = {}): KurrentDbEventStore {
    return new KurrentDbEventStore(KurrentDBClient.connectionString(connectionString), options);
  }

  /** Nothing to create: streams come into being on their first append. Checks the server answers. */
  async migrate(): Promise<void> {
    if (this.options.heads) await this.options.heads.execute(HEADS_SCHEMA);
    // A one-event read of the ledger's slice of `$all`: fails fast when the server is unreachable or refuses us.
    for await (const _ of this.client.readAll({ maxCount: 1, direction: BACKWARDS, fromPosition: END, filter: this.filter(), deadline: 10_000 })) break;
  }

  private filter(tenantId?: string) {
    return streamNameFilter({ prefixes: [streamPrefix(this.namespace, tenantId)] });
  }

  async appendToStream(request: AppendRequest): Promise<AppendResult> {
    const [result] = await this.appendBatch([request]);
    return result;
  }

  async appendBatch(requests: readonly AppendRequest[]): Promise<AppendResult[]> {
    if (requests.length === 0) return [];
    for (let attempt = 0; ; attempt++) {
      try {
        const results = await this.appendOnce(requests);
        await this.recordHeads(results);
        this.appended.next();
        return results;
      } catch (e) {
        // Only a head that moved under a request that named no revision is worth another try.
        const retryable =
          e instanceof WrongExpectedRevisionError && requests.every((r) => r.expectedRevision === 'any' || r.expectedRevision === 'stream_exists');
        if (!retryable || attempt >= 5) throw e;
      }
    }
  }

  private async appendOnce(requests: readonly AppendRequest[]): Promise<AppendResult[]> {
    const heads = new Map<string, { revision: number; hash: string | null; first?: number }>();
    for (const r of requests) {
      const name = streamName(this.namespace, r.tenantId, r.streamId);
      if (!heads.has(name)) {
        const [last] = await this.readStreamRaw(name, { backwards: true, maxCount: 1 });
        heads.set(name, { revision: last?.revision ?? -1, hash: last?.hash ?? null, first: last?.revision });
      }
    }
    const recordedAt = this.clock().toISOString();
    const expectedByStream = new Map<string, ExpectedRevision>();
    const planned: { name: string; events: Omit<RecordedEvent, 'position'>[]; revision: number }[] = [];
    for (const r of requests) {
      const name = streamName(this.namespace, r.tenantId, r.streamId);
      const head = heads.get(name) as { revision: number; hash: string | null };
      checkExpectedRevision(r.streamId, r.expectedRevision, head.revision === -1 ? undefined : head.revision);
      if (!expectedByStream.has(name)) expectedByStream.set(name, r.expectedRevision);
      const chained = chainEvents(r.tenantId, r.streamId, r.events, head, recordedAt, this.options.seal);
      const last = chained[chained.length - 1];
      if (last) heads.set(name, { ...head, revision: last.revision, hash: last.hash });
      planned.push({ name, events: chained, revision: last?.revision ?? head.revision });
    }
    // One request per stream (the multi-stream append takes each stream once), at the head read above.
    const byStream = new Map<string, AppendStreamRequest>();
    const claims: AppendStreamRequest[] = [];
    for (const p of planned) {
      const startHead = heads.get(p.name) as { first?: number };
      const request = byStream.get(p.name) ?? { streamName: p.name, events: [], expectedState: headStreamState(startHead.first) };
      request.events.push(...p.events.map(toEventData));
      byStream.set(p.name, request);
      for (const e of p.events)
        claims.push({ streamName: eventIdGuardStream(this.namespace, e.eventId), events: [eventIdClaim(this.namespace, e)], expectedState: 'no_stream' });
    }
    const writes = [...byStream.values()].filter((w) => w.events.length > 0);
    if (writes.length > 0) {
      try {
        await this.client.multiStreamAppend([...writes, ...claims]);
      } catch (e) {
        throw toPortError(this.namespace, e, (stream) => expectedByStream.get(stream));
      }
    }
    // Positions are the server's: read the appended events back (one read per stream written).
    const stored = new Map<string, Map<number, RecordedEvent>>();
    for (const w of writes) {
      const first = planned.find((p) => p.name === w.streamName && p.events.length > 0)?.events[0].revision ?? 0;
      const events = await this.readStreamRaw(w.streamName, { fromRevision: first });
      stored.set(w.streamName, new Map(events.map((e) => [e.revision, e])));
    }
    return planned.map((p) => {
      const events = p.events.map((e) => stored.get(p.name)?.get(e.revision) ?? { ...e, position: 0 });
      return { nextExpectedRevision: p.revision, position: events[events.length - 1]?.position ?? 0, events };
    });
  }

  private async recordHeads(results: readonly AppendResult[]): Promise<void> {
    if (!this.options.heads) return;
    const last = new Map<string, RecordedEvent>();
    for (const r of results) for (const e of r.events) last.set(`${e.tenantId}\u0000${e.streamId}`, e);
    if (last.size === 0) return;
    const rows = [...last.values()];
    const a = (v: unknown[]) => v as unknown as string;
    await this.options.heads.execute(
      `insert into streams (tenant_id, stream_id, revision, last_hash)
       select * from unnest($1::text[], $2::text[], $3::int[], $4::text[])
       on conflict (tenant_id, stream_id) do update set revision = excluded.revision, last_hash = excluded.last_hash
        where streams.revision < excluded.revision`,
      [a(rows.map((e) => e.tenantId)), a(rows.map((e) => e.streamId)), a(rows.map((e) => e.revision)), a(rows.map((e) => e.hash))],
    );
  }

  private async readStreamRaw(name: string, o: { fromRevision?: number; maxCount?: number; backwards?: boolean }): Promise<RecordedEvent[]> {
    const out: RecordedEvent[] = [];
    try {
      for await (const resolved of this.client.readStream(name, {
        direction: o.backwards ? BACKWARDS : FORWARDS,
        fromRevision: o.backwards ? END : BigInt(o.fromRevision ?? 0),
        maxCount: o.maxCount,
      })) {
        const e = fromResolved(this.namespace, resolved);
        if (e) out.push(e);
      }
    } catch (e) {
      if (isMissingStream(e)) return [];
      throw e;
    }
    return out;
  }

  readStream(tenantId: string, streamId: string, options: ReadStreamOptions = {}): Promise<RecordedEvent[]> {
    return this.readStreamRaw(streamName(this.namespace, tenantId, streamId), { fromRevision: options.fromRevision, maxCount: options.maxCount });
  }

  async streamRevision(tenantId: string, streamId: string): Promise<StreamRevision | undefined> {
    const [last] = await this.readStreamRaw(streamName(this.namespace, tenantId, streamId), { backwards: true, maxCount: 1 });
    return last?.revision;
  }

  async streamsWithPrefix(tenantId: string, prefix: string): Promise<ListedStream[]> {
    if (this.options.heads) {
      const rows = await this.options.heads.query<{ stream_id: string; revision: number }>(
        'select stream_id, revision from streams where tenant_id = $1 and substr(stream_id, 1, $2::int) = $3 order by stream_id',
        [tenantId, prefix.length, prefix],
      );
      return rows.map((r) => ({ streamId: r.stream_id, revision: Number(r.revision) }));
    }
    // Without the heads table, the tenant's log is read through the prefix filter.
    const heads = new Map<string, StreamRevision>();
    const head = await this.headPosition();
    for (let after = 0; ;) {
      const page = await this.readAllToHead({ tenantId, head, after, streamPrefix: prefix });
      if (page.length === 0) break;
      for (const e of page) heads.set(e.streamId, e.revision);
      after = page[page.length - 1].position;
    }
    return [...heads.keys()].sort().map((streamId) => ({ streamId, revision: heads.get(streamId) as StreamRevision }));
  }

  async readAll(options: ReadAllOptions = {}): Promise<RecordedEvent[]> {
    const prefix = options.streamPrefix;
    if (!prefix) return this.readAllPage(options.after ?? 0, options.maxCount ?? 1000, options.tenantId);
    // The server filters by stream name prefix, and the tenant comes first in the name: the stream prefix is
    // applied here, and pages holding only other streams are skipped, so that an empty answer still means the end.
    for (let after = options.after ?? 0; ;) {
      const raw = await this.readAllPage(after, options.maxCount ?? 1000, options.tenantId);
      const page = raw.filter((e) => e.streamId.startsWith(prefix));
      if (page.length > 0 || raw.length === 0) return page;
      after = raw[raw.length - 1].position;
    }
  }

  private async readAllPage(after: number, limit: number, tenantId: string | undefined): Promise<RecordedEvent[]> {
    const out: RecordedEvent[] = [];
    // The first page may repeat the rest of the append that holds `after`: read a little more and drop those.
    for await (const resolved of this.client.readAll({
      fromPosition: readPositionAfter(after),
      maxCount: limit + 64,
      filter: this.filter(tenantId),
    })) {
      const position = resolved.event?.position;
      if (position === undefined || !isAfter(position, after)) continue;
      const e = fromResolved(this.namespace, resolved);
      if (e) out.push(e);
      if (out.length >= limit) break;
    }
    return out;
  }

  async readAllToHead(options: ReadSnapshotOptions): Promise<SnapshotEvent[]> {
    const prefix = options.streamPrefix ?? '';
    let page: RecordedEvent[] = [];
    // An empty answer means the snapshot is read to its end, so pages holding only other streams are skipped here.
    for (let after = options.after ?? 0; page.length === 0 && after < options.head;) {
      const raw = await this.readAll({ after, maxCount: options.maxCount, tenantId: options.tenantId });
      if (raw.length === 0) break;
      page = raw.filter((e) => e.position <= options.head && e.streamId.startsWith(prefix));
      after = raw[raw.length - 1].position;
    }
    // Within the page a later event of the stream settles it; past the page, the stream's next revision is read (one per stream).
    const lastInPage = new Map<string, RecordedEvent>();
    for (const e of page) lastInPage.set(e.streamId, e);
    const continued = new Set<string>();
    await Promise.all(
      [...lastInPage.values()].map(async (e) => {
        const [next] = await this.readStream(e.tenantId, e.streamId, { fromRevision: e.revision + 1, maxCount: 1 });
        if (next !== undefined && next.position <= options.head) continued.add(e.streamId);
      }),
    );
    return page.map((e) => ({ ...e, lastInStream: lastInPage.get(e.streamId) === e && !continued.has(e.streamId) }));
  }

  async headPosition(): Promise<number> {
    for await (const resolved of this.client.readAll({ direction: BACKWARDS, fromPosition: END, maxCount: 1, filter: this.filter() })) {
      if (resolved.event?.position) return toPortPosition(resolved.event.position);
    }
    return 0;
  }

  /** A write acknowledged by the leader's quorum is readable at once: what has committed is what readers see. */
  committedPosition(): Promise<number> {
    return this.headPosition();
  }

  /**
   * Catch-up over `$all` from the checkpoint, filtered server-side to this ledger's (or one
   * council's) streams. The projection runner stores the checkpoint in PostgreSQL with the read
   * models, in the same transaction, as on the other stores.
   */
  subscribeToAll(options: SubscribeOptions): Observable<RecordedEvent[]> {
    return catchUpSubscription((o) => this.readAll(o), this.appended, options, this.pollMs);
  }

  wakeUps(): Observable<void> {
    return merge(this.appended, interval(this.pollMs).pipe(map(() => undefined)));
  }

  /**
   * Competing consumers: a persistent subscription group over the ledger's slice of `$all`, with
   * the `Pinned` consumer strategy, which hashes each event's stream to one consumer, so a
   * journey's events reach one projector, in order, while other journeys go to the others.
   * Handle one event at a time and acknowledge it after its work commits; with `maxRetryCount`
   * 0 a failure parks the event instead of redelivering it after later ones.
   */
  competingConsumers(group: string): Observable<CompetingDelivery> {
    return new Observable<CompetingDelivery>((subscriber) => {
      let subscription: ReturnType<KurrentDBClient['subscribeToPersistentSubscriptionToAll']> | undefined;
      const start = async () => {
        try {
          await this.client.createPersistentSubscriptionToAll(
            group,
            persistentSubscriptionToAllSettingsFromDefaults({ consumerStrategyName: PINNED, maxRetryCount: 0, startFrom: 'start' }),
            { filter: this.filter() },
          );
        } catch (e) {
          if ((e as { type?: string }).type !== 'persistent-subscription-exists') throw e;
        }
        subscription = this.client.subscribeToPersistentSubscriptionToAll(group, { bufferSize: 1 });
        for await (const resolved of subscription as AsyncIterable<PersistentSubscriptionToAllResolvedEvent>) {
          const event = fromResolved(this.namespace, resolved);
          const sub = subscription;
          if (event === undefined) {
            await sub.ack(resolved);
            continue;
          }
          subscriber.next({ event, ack: () => sub.ack(resolved), nack: (action, reason) => sub.nack(action, reason, resolved) });
        }
        subscriber.complete();
      };
      start().catch((e) => subscriber.error(e));
      return () => {
        void subscription?.unsubscribe();
      };
    });
  }

  async close(): Promise<void> {
    this.appended.complete();
    await this.client.dispose();
  }
}
