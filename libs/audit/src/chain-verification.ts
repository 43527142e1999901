import { eventHash } from '@journey-ledger/event-store';
import type { EventSeal, RecordedEvent } from '@journey-ledger/event-store';

/**
 * Why an event fails verification:
 * - `hash-mismatch`: its content (data, metadata, type, times, ids…) no longer hashes to the
 *   stored hash: the row was edited after it was written;
 * - `previous-hash-mismatch`: it does not link to the stored hash of the event before it (the
 *   event before it was replaced, or this one was moved from elsewhere);
 * - `revision-gap`: revisions are not 0, 1, 2… (an event was deleted or inserted);
 * - `anchor-mismatch`: the event at a revision named in an earlier signed digest no longer has the
 *   hash that digest recorded (a whole tail of the chain was rewritten);
 * - `head-mismatch`: the store's stream head (revision and last hash) disagrees with the last event
 *   (the latest events were deleted, or moved to another council's log);
 * - `seal-mismatch`: the event's hash and links are right but it carries no valid server seal:
 *   it was written around the server, by someone who could compute SHA-256 but not the seal.
 */
export type BreakReason = 'hash-mismatch' | 'previous-hash-mismatch' | 'revision-gap' | 'anchor-mismatch' | 'head-mismatch' | 'seal-mismatch';

export interface ChainBreak {
  readonly tenantId: string;
  readonly streamId: string;
  readonly revision: number;
  readonly eventId: string | null;
  readonly position: number | null;
  readonly reason: BreakReason;
  readonly expected: string | null;
  readonly actual: string | null;
}

export interface EventVerification {
  readonly eventId: string;
  readonly revision: number;
  readonly valid: boolean;
  readonly recomputedHash: string;
}

export interface StreamVerification {
  readonly tenantId: string;
  readonly streamId: string;
  readonly status: 'intact' | 'broken';
  readonly eventCount: number;
  /** The stored hash of the last event: the stream's head. */
  readonly headHash: string | null;
  readonly headRevision: number;
  /** The first event at fault, in revision order; later events are not trusted either. */
  readonly firstBroken: ChainBreak | null;
  readonly events: readonly EventVerification[];
}

/** A known good point of a stream, from an earlier (signed) digest. */
export interface StreamAnchor {
  readonly revision: number;
  readonly hash: string;
}

/**
 * Checks one stream incrementally: feed its events in revision order. Each event is hashed again
 * with `eventHash` (the function the stores used on append) and compared with the stored hash,
 * and its `previousHash` with the stored hash of the event before it.
 */
export class StreamChainVerifier {
  private expectedRevision = 0;
  private lastHash: string | null = null;
  private count = 0;
  private broken: ChainBreak | null = null;
  private readonly perEvent: EventVerification[] | undefined;

  constructor(
    readonly tenantId: string,
    readonly streamId: string,
    options: { keepEvents?: boolean; anchor?: StreamAnchor; seal?: EventSeal } = {},
  ) {
    this.perEvent = options.keepEvents ? [] : undefined;
    this.anchor = options.anchor;
    this.seal = options.seal;
  }

  private readonly seal: EventSeal | undefined;

  private readonly anchor: StreamAnchor | undefined;
  private anchorSeen = false;

  add(e: RecordedEvent): void {
    const recomputed = eventHash(e, e.previousHash);
    let reason: BreakReason | null = null;
    let expected: string | null = null;
    let actual: string | null = null;
    if (e.revision !== this.expectedRevision) {
      reason = 'revision-gap';
      expected = String(this.expectedRevision);
      actual = String(e.revision);
    } else if (recomputed !== e.hash) {
      reason = 'hash-mismatch';
      expected = recomputed;
      actual = e.hash;
    } else if (e.previousHash !== this.lastHash) {
      reason = 'previous-hash-mismatch';
      expected = this.lastHash;
      actual = e.previousHash;
    } else if (this.anchor !== undefined && e.revision === this.anchor.revision && e.hash !== this.anchor.hash) {
      reason = 'anchor-mismatch';
      expected = this.anchor.hash;
      actual = e.hash;
    } else if (this.seal !== undefined && !this.seal.verify(e.hash, e.seal)) {
      reason = 'seal-mismatch';
      expected = 'a seal under the server’s key';
      actual = e.seal ?? null;
    }
    if (this.anchor !== undefined && e.revision === this.anchor.revision) this.anchorSeen = true;
    if (reason !== null && this.broken === null) {
      this.broken = {
        tenantId: this.tenantId,
        streamId: this.streamId,
        revision: e.revision,
        eventId: e.eventId,
        position: e.position,
        reason,
        expected,
        actual,
      };
    }
    this.perEvent?.push({ eventId: e.eventId, revision: e.revision, valid: reason === null, recomputedHash: recomputed });
    this.expectedRevision = e.revision + 1;
    this.lastHash = e.hash;
    this.count += 1;
  }

  /** The revision the next event must have (the number of events seen, when intact). */
  get nextRevision(): number {
    return this.expectedRevision;
  }

  /** Compares the end of the chain with the head the store keeps for the stream, when known. */
  checkHead(head: { revision: number; hash: string } | undefined): void {
    if (head === undefined || this.broken !== null) return;
    const revision = this.expectedRevision - 1;
    if (head.revision !== revision || head.hash !== this.lastHash) {
      this.broken = {
        tenantId: this.tenantId,
        streamId: this.streamId,
        revision: head.revision,
        eventId: null,
        position: null,
        reason: 'head-mismatch',
        expected: `${head.revision}:${head.hash}`,
        actual: `${revision}:${this.lastHash ?? 'none'}`,
      };
    }
  }

  result(): StreamVerification {
    let broken = this.broken;
    if (broken === null && this.anchor !== undefined && !this.anchorSeen) {
      // The stream is now shorter than it was when the anchor was taken.
      broken = {
        tenantId: this.tenantId,
        streamId: this.streamId,
        revision: this.anchor.revision,
        eventId: null,
        position: null,
        reason: 'anchor-mismatch',
        expected: this.anchor.hash,
        actual: null,
      };
    }
    return {
      tenantId: this.tenantId,
      streamId: this.streamId,
      status: broken === null ? 'intact' : 'broken',
      eventCount: this.count,
      headHash: this.lastHash,
      headRevision: this.expectedRevision - 1,
      firstBroken: broken,
      events: this.perEvent ?? [],
    };
  }
}

/**
 * Verifies one stream's events (in revision order), keeping a per-event verdict. Given the head
 * the store keeps for the stream, a deleted or moved tail is caught; given the server's seal, so
 * is a well-linked event written around the server.
 */
export function verifyStream(
  tenantId: string,
  streamId: string,
  events: readonly RecordedEvent[],
  options: { anchor?: StreamAnchor; head?: { revision: number; hash: string }; seal?: EventSeal } = {},
): StreamVerification {
  const v = new StreamChainVerifier(tenantId, streamId, { keepEvents: true, anchor: options.anchor, seal: options.seal });
  for (const e of events) v.add(e);
  v.checkHead(options.head);
  return v.result();
}
