import type { EventToAppend, RecordedEvent } from '../port/event-store.port';
import { eventHash } from './hash-chain';
import type { EventSeal } from './seal';

/** Where a stream stands before an append: its last revision (-1 when new) and last hash. */
export interface ChainHead {
  readonly revision: number;
  readonly hash: string | null;
}

/**
 * The events of one append as the store records them: each numbered after the stream's head,
 * hashed over its content and the hash before it, and sealed. Every adapter appends through
 * this, so the chain an auditor recomputes is the same whichever store wrote it.
 */
export function chainEvents(
  tenantId: string,
  streamId: string,
  events: readonly EventToAppend[],
  head: ChainHead,
  recordedAt: string,
  sealer: EventSeal | undefined,
): Omit<RecordedEvent, 'position'>[] {
  let { revision, hash } = head;
  return events.map((e) => {
    revision += 1;
    const content = { tenantId, streamId, revision, eventId: e.eventId, type: e.type, version: e.version, data: e.data, metadata: e.metadata, recordedAt };
    const next = eventHash(content, hash);
    const recorded = { ...content, hash: next, previousHash: hash, seal: sealer?.seal(next) ?? null };
    hash = next;
    return recorded;
  });
}
