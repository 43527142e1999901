import type { Observable } from 'rxjs';

/**
 * The event store port. Its semantics are EventStoreDB's (KurrentDB), so a scale-out adapter on
 * it fits later: streams with optimistic concurrency on a revision, one global log ordered by
 * commit position, subscriptions that resume from a checkpoint.
 *
 * Streams are scoped by tenant at the store level: a stream id is only meaningful with its
 * tenant, and no read of one tenant's stream can return another's events.
 */

/** The revision (0-based index) of the last event in a stream. */
export type StreamRevision = number;

/**
 * - `no_stream`: the stream must not exist (the first write);
 * - `stream_exists`: it must exist, at any revision;
 * - `any`: no check;
 * - a number: the stream's last event must be at exactly that revision.
 */
export type ExpectedRevision = 'no_stream' | 'stream_exists' | 'any' | StreamRevision;

export interface EventToAppend {
  /** Unique across the store: appending an id again is refused (`DuplicateEventError`). */
  readonly eventId: string;
  readonly type: string;
  readonly version: number;
  readonly data: unknown;
  readonly metadata: Readonly<Record<string, unknown>>;
}

export interface RecordedEvent {
  readonly tenantId: string;
  readonly streamId: string;
  readonly revision: StreamRevision;
  /** Commit order across the whole store: a reader that checkpoints it never skips an event. */
  readonly position: number;
  readonly eventId: string;
  readonly type: string;
  readonly version: number;
  readonly data: unknown;
  readonly metadata: Readonly<Record<string, unknown>>;
  /** System time of the append (ISO), set by the store. */
  readonly recordedAt: string;
  /** SHA-256 over the canonical event and the stream's previous hash: a tamper-evident chain. */
  readonly hash: string;
  readonly previousHash: string | null;
  /** The server's keyed seal over `hash` (see `EventSeal`); null on a row written around the server. */
  readonly seal?: string | null;
}

export interface AppendRequest {
  readonly tenantId: string;
  readonly streamId: string;
  readonly events: readonly EventToAppend[];
  readonly expectedRevision: ExpectedRevision;
}

export interface AppendResult {
  readonly nextExpectedRevision: StreamRevision;
  /** Position of the last appended event. */
  readonly position: number;
  /** The events as stored (positions, hashes, recordedAt), so a writer need not read them back. */
  readonly events: readonly RecordedEvent[];
}

export interface ReadStreamOptions {
  readonly fromRevision?: StreamRevision;
  readonly maxCount?: number;
}

export interface ReadAllOptions {
  /** Exclusive: read events after this position (0 reads from the start). */
  readonly after?: number;
  readonly maxCount?: number;
  /** Only this tenant's events. */
  readonly tenantId?: string;
  /**
   * Only events of streams whose id starts with this (every tenant's, unless `tenantId` says one),
   * still in commit order: a reader of one kind of stream skips the rest of the log without
   * parsing it. A page holds at most `maxCount` events that match; an empty page is the end of the log.
   */
  readonly streamPrefix?: string;
}

export interface ReadSnapshotOptions {
  /** Exclusive: read events after this position (0 reads from the start). */
  readonly after?: number;
  readonly maxCount?: number;
  readonly tenantId: string;
  /** The snapshot: events above this position are not read, and do not count as a stream's continuation. */
  readonly head: number;
  /** Only streams whose id starts with this. */
  readonly streamPrefix?: string;
}

/** An event of a snapshot read, marked when no later event of its stream is in the snapshot. */
export interface SnapshotEvent extends RecordedEvent {
  readonly lastInStream: boolean;
}

export interface SubscribeOptions {
  /** The checkpoint: events after this position are delivered. */
  readonly after: number;
  readonly batchSize?: number;
  readonly tenantId?: string;
}

export interface ReadStreamsOptions {
  /** The snapshot: events above this position are not read. */
  readonly head: number;
  /** Only streams whose id starts with this. */
  readonly streamPrefix: string;
  /** Where the previous page ended (its `next`); absent for the first page. */
  readonly after?: string;
  /** Streams a page holds at most (each with all its events up to `head`). */
  readonly maxStreams?: number;
}

/** A page of whole streams: every event of each, up to the snapshot's head, stream after stream. */
export interface StreamsPage {
  /** Grouped by stream (one tenant's stream, then the next), each stream in revision order. */
  readonly events: readonly RecordedEvent[];
  /** Where the next page starts (an opaque cursor); absent when no stream is left. */
  readonly next?: string;
}

/** A stream and its current (last) revision. */
export interface ListedStream {
  readonly streamId: string;
  readonly revision: StreamRevision;
}

export interface EventStore {
  readonly kind: string;
  /** Creates tables and functions if missing. Idempotent. */
  migrate(): Promise<void>;
  /** Appends atomically; throws `WrongExpectedRevisionError` when `expectedRevision` does not hold. */
  appendToStream(request: AppendRequest): Promise<AppendResult>;
  /**
   * The bulk path: many streams in one transaction, all or nothing, with one round trip per
   * batch rather than per event. Each request's expected revision is checked as in `appendToStream`.
   */
  appendBatch(requests: readonly AppendRequest[]): Promise<AppendResult[]>;
  /** A stream forwards from a revision. An unknown stream reads as empty. */
  readStream(tenantId: string, streamId: string, options?: ReadStreamOptions): Promise<RecordedEvent[]>;
  /** The stream's current revision, or undefined if it does not exist. */
  streamRevision(tenantId: string, streamId: string): Promise<StreamRevision | undefined>;
  /** The global log forwards, in commit order, after a position. */
  readAll(options?: ReadAllOptions): Promise<RecordedEvent[]>;
  /**
   * One tenant's global log forwards in commit order up to `head`, each event marked when it is
   * the last of its stream at or below `head`. A reader folding whole streams (an export) can then
   * hand a stream on as soon as its last event has passed, in one pass and holding only the
   * streams in flight, where with `readAll` it would first have to read the log once to learn
   * where each stream ends.
   */
  readAllToHead(options: ReadSnapshotOptions): Promise<SnapshotEvent[]>;
  /**
   * Every tenant's streams whose id starts with a prefix, whole (up to `head`), a page of streams
   * at a time in an order of the store's choosing. A batch job that folds each stream once (a
   * rebuild) then holds one page of streams, whatever order the log interleaves them in; reading
   * the log by position, it would have to keep every stream still open or fold streams again.
   * Optional: a store that cannot list its streams cheaply leaves it out, and such jobs read by position.
   */
  readStreamsToHead?(options: ReadStreamsOptions): Promise<StreamsPage>;
  /**
   * A tenant's streams whose id starts with `prefix`, each with its current revision, in stream-id
   * order: read from the stores' stream heads, so listing a few streams of one kind (scenarios,
   * say) does not read the log.
   */
  streamsWithPrefix(tenantId: string, prefix: string): Promise<ListedStream[]>;
  /** Position of the last event a reader may see now (0 when empty). */
  headPosition(): Promise<number>;
  /**
   * Position of the last committed event, even if readers may not see it yet (PostgreSQL hides
   * events above the oldest running transaction until it ends). What read-your-writes waits for.
   */
  committedPosition(): Promise<number>;
  /**
   * Batches of events after the checkpoint, then every new batch as it commits. Completes only
   * when unsubscribed or when the store closes.
   */
  subscribeToAll(options: SubscribeOptions): Observable<RecordedEvent[]>;
  /**
   * Ticks after each append made through this store object, and on the store's poll interval for
   * appends made elsewhere (other processes). Carries no events: for a reader that reads the log
   * itself (the projection runner, under its checkpoint lock) and only needs to know when to look.
   */
  wakeUps(): Observable<void>;
  close(): Promise<void>;
}
