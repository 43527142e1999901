import { jsonEvent, NO_STREAM, START, STREAM_EXISTS, ANY, WrongExpectedVersionError, StreamNotFoundError } from '@kurrent/kurrentdb-client';
import type {
  AllStreamResolvedEvent,
  AppendStreamState,
  CurrentStreamState,
  EventData,
  Position,
  ReadPosition,
  ResolvedEvent,
} from '@kurrent/kurrentdb-client';
import { DuplicateEventError, WrongExpectedRevisionError } from '../port/errors';
import type { ExpectedRevision, RecordedEvent, StreamRevision } from '../port/event-store.port';

/*
 * The mapping between the port and KurrentDB, kept pure so that it is specified against the
 * client's own types without a server (kurrentdb-mapping.unit.spec.ts).
 *
 * Streams. A port stream is `(tenantId, streamId)`; in KurrentDB it is one stream named
 * `<namespace>:<tenantId>:<streamId>`. The namespace (default `jl`) lets several ledgers share a
 * server and is what catch-up subscriptions filter on server-side (a stream-name prefix: all of
 * the ledger, or `<namespace>:<tenantId>:` for one council), which also leaves out every `$`
 * system stream. Tenant ids may not contain `:`, so one council's prefix never matches another's.
 *
 * Event ids. The port refuses an event id stored anywhere before (DuplicateEventError, nothing
 * written); KurrentDB only deduplicates a retried append to the same stream. So every append also
 * claims each event id in a guard stream `<namespace>-event-id:<eventId>` expected not to exist,
 * in the same atomic multi-stream append. A claim that fails is a duplicate.
 *
 * Positions. KurrentDB positions are a pair of bigints (commit, prepare), byte offsets in its
 * transaction log. The port's position is the event's *prepare* position as a number: unique per
 * event (events of one append share a commit position) and, since every append through gRPC is
 * one implicit transaction written by the leader's single writer, increasing in `$all` order.
 * Reading after position p starts `$all` at {commit: p, prepare: p} and drops events whose
 * prepare position is not above p (the other events of the append that holds p). A number holds
 * byte offsets exactly up to 2^53 (9 petabytes of log); beyond that the mapping refuses.
 */

export const DEFAULT_NAMESPACE = 'jl';

export function streamName(namespace: string, tenantId: string, streamId: string): string {
  if (tenantId.includes(':')) throw new Error(`tenant id "${tenantId}" may not contain ":" on the KurrentDB store`);
  return `${namespace}:${tenantId}:${streamId}`;
}

/** The server-side filter prefix: the whole ledger, or one council. */
export function streamPrefix(namespace: string, tenantId?: string): string {
  return tenantId === undefined ? `${namespace}:` : `${namespace}:${tenantId}:`;
}

export function parseStreamName(namespace: string, name: string): { tenantId: string; streamId: string } | undefined {
  const head = `${namespace}:`;
  if (!name.startsWith(head)) return undefined;
  const rest = name.slice(head.length);
  const colon = rest.indexOf(':');
  if (colon <= 0) return undefined;
  return { tenantId: rest.slice(0, colon), streamId: rest.slice(colon + 1) };
}

export function eventIdGuardStream(namespace: string, eventId: string): string {
  return `${namespace}-event-id:${eventId}`;
}

export function eventIdOfGuardStream(namespace: string, name: string): string | undefined {
  const head = `${namespace}-event-id:`;
  return name.startsWith(head) ? name.slice(head.length) : undefined;
}

/** The port's expected revision as KurrentDB's append stream state. */
export function toAppendStreamState(expected: ExpectedRevision): AppendStreamState {
  if (expected === 'no_stream') return NO_STREAM;
  if (expected === 'stream_exists') return STREAM_EXISTS;
  if (expected === 'any') return ANY;
  return BigInt(expected);
}

/** The revision the adapter actually sends: the head it read and chained onto (so the hash chain holds). */
export function headStreamState(head: StreamRevision | undefined): AppendStreamState {
  return head === undefined ? NO_STREAM : BigInt(head);
}

export function fromCurrentStreamState(state: CurrentStreamState): StreamRevision | undefined {
  return state === NO_STREAM ? undefined : toSafeNumber(state, 'revision');
}

function toSafeNumber(value: bigint, what: string): number {
  if (value > BigInt(Number.MAX_SAFE_INTEGER) || value < 0n) throw new RangeError(`KurrentDB ${what} ${value} does not fit the port's number`);
  return Number(value);
}

/** The port's position of an event read from `$all`. */
export function toPortPosition(position: Position): number {
  return toSafeNumber(position.prepare, 'prepare position');
}

/** Where to start reading `$all` for the events after a port position (see `isAfter`). */
export function readPositionAfter(after: number): ReadPosition {
  if (after <= 0) return START;
  const p = BigInt(after);
  return { commit: p, prepare: p };
}

export function isAfter(position: Position, after: number): boolean {
  return after <= 0 || position.prepare > BigInt(after);
}

/** What a stored event's data holds: everything the port returns, so the hash can be recomputed from it alone. */
export interface StoredEnvelope {
  readonly tenantId: string;
  readonly streamId: string;
  readonly revision: number;
  readonly version: number;
  readonly data: unknown;
  readonly metadata: Readonly<Record<string, unknown>>;
  readonly recordedAt: string;
  readonly hash: string;
  readonly previousHash: string | null;
  readonly seal: string | null;
}

export function toEventData(e: Omit<RecordedEvent, 'position'>): EventData {
  const envelope: StoredEnvelope = {
    tenantId: e.tenantId,
    streamId: e.streamId,
    revision: e.revision,
    version: e.version,
    data: e.data,
    metadata: e.metadata,
    recordedAt: e.recordedAt,
    hash: e.hash,
    previousHash: e.previousHash,
    seal: e.seal ?? null,
  };
  return jsonEvent({ id: e.eventId, type: e.type, data: envelope as unknown as Record<string, unknown> });
}

export function eventIdClaim(namespace: string, e: { tenantId: string; streamId: string; eventId: string }): EventData {
  return jsonEvent({ type: 'EventIdClaimed', data: { stream: streamName(namespace, e.tenantId, e.streamId), eventId: e.eventId } });
}

/** A resolved event of one of this ledger's streams as the port's recorded event; undefined for anything else. */
export function fromResolved(namespace: string, resolved: ResolvedEvent | AllStreamResolvedEvent): RecordedEvent | undefined {
  const e = resolved.event;
  if (e === undefined || !e.isJson) return undefined;
  const where = parseStreamName(namespace, e.streamId);
  if (where === undefined) return undefined;
  const env = e.data as unknown as StoredEnvelope;
  const revision = toSafeNumber(e.revision, 'revision');
  if (e.position === undefined) throw new Error(`KurrentDB returned ${e.streamId}@${e.revision} without a position`);
  return {
    tenantId: where.tenantId,
    streamId: where.streamId,
    revision,
    position: toPortPosition(e.position),
    eventId: e.id,
    type: e.type,
    version: env.version,
    data: env.data,
    metadata: env.metadata,
    recordedAt: env.recordedAt,
    hash: env.hash,
    previousHash: env.previousHash,
    seal: env.seal,
  };
}

/**
 * A client error as the port's typed error. `expected` is what the caller asked for (the port
 * reports it back); the adapter's own append is always at an exact head, so `actualState` is the
 * stream's real revision.
 */
export function toPortError(namespace: string, error: unknown, expectedOf: (stream: string) => ExpectedRevision | undefined): unknown {
  if (error instanceof WrongExpectedVersionError) {
    const duplicate = eventIdOfGuardStream(namespace, error.streamName);
    if (duplicate !== undefined) return new DuplicateEventError(duplicate);
    const where = parseStreamName(namespace, error.streamName);
    const expected = expectedOf(error.streamName) ?? (error.expectedState === NO_STREAM ? 'no_stream' : fromPortExpected(error.expectedState));
    return new WrongExpectedRevisionError(where?.streamId ?? error.streamName, expected, fromCurrentStreamState(error.actualState));
  }
  return error;
}

function fromPortExpected(state: AppendStreamState): ExpectedRevision {
  if (state === NO_STREAM || state === STREAM_EXISTS || state === ANY) return state;
  return toSafeNumber(state, 'revision');
}

/** Reading a stream that does not exist is an empty read, as on the other stores. */
export function isMissingStream(error: unknown): boolean {
  return error instanceof StreamNotFoundError;
}
