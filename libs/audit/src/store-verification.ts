import type { EventSeal, EventStore } from '@journey-ledger/event-store';
import type { SqlDatabase } from '@journey-ledger/sql';
import { ChainBreak, StreamAnchor, StreamChainVerifier, StreamVerification } from './chain-verification';

export interface StoreVerificationOptions {
  /** Only this tenant's streams (the API always passes the caller's tenant). */
  readonly tenantId?: string;
  /** Known good points from an earlier signed digest: `streamId` → anchor (one tenant). */
  readonly anchors?: ReadonlyMap<string, StreamAnchor>;
  /**
   * The SQL database under the store: the stream heads it keeps (`streams` table) are compared
   * with the last event of each chain, which catches the deletion of a stream's latest events.
   */
  readonly db?: SqlDatabase;
  /** The server's seal: every event must carry a valid one. */
  readonly seal?: EventSeal;
  readonly pageSize?: number;
  /** Called after each page, for progress. */
  readonly onProgress?: (eventsChecked: number, headPosition: number) => void;
}

export interface StreamHead {
  readonly tenantId: string;
  readonly streamId: string;
  readonly revision: number;
  readonly hash: string | null;
  readonly status: 'intact' | 'broken';
}

export interface StoreVerification {
  readonly status: 'intact' | 'broken';
  /** The log position the check ran up to: later appends are not covered. */
  readonly headPosition: number;
  readonly streamCount: number;
  readonly eventCount: number;
  readonly brokenStreamCount: number;
  /** Every broken stream's first bad event, in log order. */
  readonly breaks: readonly ChainBreak[];
  /** Each stream's head, sorted by tenant then stream id (the digest's leaves). */
  readonly heads: readonly StreamHead[];
}

const key = (tenantId: string, streamId: string) => `${tenantId}\u0000${streamId}`;

/**
 * Reads the whole log (or one tenant's part of it) once, in commit order, and checks every
 * stream's chain as it goes: memory grows with the number of streams, not of events.
 */
export async function verifyStore(store: EventStore, options: StoreVerificationOptions = {}): Promise<StoreVerification> {
  const headPosition = await store.headPosition();
  const pageSize = options.pageSize ?? 5000;
  const verifiers = new Map<string, StreamChainVerifier>();
  let after = 0;
  let eventCount = 0;
  for (;;) {
    const page = await store.readAll({ after, maxCount: pageSize, tenantId: options.tenantId });
    const visible = page.filter((e) => e.position <= headPosition);
    for (const e of visible) {
      const k = key(e.tenantId, e.streamId);
      let v = verifiers.get(k);
      if (v === undefined) {
        const anchor = options.tenantId === e.tenantId || options.tenantId === undefined ? options.anchors?.get(e.streamId) : undefined;
        v = new StreamChainVerifier(e.tenantId, e.streamId, { anchor, seal: options.seal });
        verifiers.set(k, v);
      }
      v.add(e);
    }
    eventCount += visible.length;
    options.onProgress?.(eventCount, headPosition);
    if (page.length < pageSize || visible.length < page.length) break;
    after = page[page.length - 1].position;
  }
  // An anchored stream with no events left at all has lost everything since the anchor.
  if (options.anchors && options.tenantId !== undefined) {
    for (const [streamId, anchor] of options.anchors) {
      const k = key(options.tenantId, streamId);
      if (!verifiers.has(k)) verifiers.set(k, new StreamChainVerifier(options.tenantId, streamId, { anchor, seal: options.seal }));
    }
  }
  if (options.db) {
    const rows =
      options.tenantId === undefined
        ? await options.db.query<{ tenant_id: string; stream_id: string; revision: number; last_hash: string }>(
            'select tenant_id, stream_id, revision, last_hash from streams',
          )
        : await options.db.query<{ tenant_id: string; stream_id: string; revision: number; last_hash: string }>(
            'select tenant_id, stream_id, revision, last_hash from streams where tenant_id = $1',
            [options.tenantId],
          );
    for (const r of rows) {
      const k = key(r.tenant_id, r.stream_id);
      let v = verifiers.get(k);
      if (v === undefined) {
        // A head with no events: every event of the stream is gone.
        v = new StreamChainVerifier(r.tenant_id, r.stream_id, { seal: options.seal });
        verifiers.set(k, v);
      }
      // A stream appended to after the log was read: complete it from the stream itself before comparing heads.
      const missing = Number(r.revision) - (v.nextRevision - 1);
      if (missing > 0) {
        const rest = await store.readStream(r.tenant_id, r.stream_id, { fromRevision: v.nextRevision, maxCount: missing });
        for (const e of rest) v.add(e);
        eventCount += rest.length;
      }
      v.checkHead({ revision: Number(r.revision), hash: r.last_hash });
    }
  }
  const results: StreamVerification[] = [...verifiers.values()].map((v) => v.result());
  results.sort((a, b) => (a.tenantId === b.tenantId ? cmp(a.streamId, b.streamId) : cmp(a.tenantId, b.tenantId)));
  const breaks = results
    .filter((r) => r.firstBroken !== null)
    .map((r) => r.firstBroken as ChainBreak)
    .sort((a, b) => (a.position ?? Number.MAX_SAFE_INTEGER) - (b.position ?? Number.MAX_SAFE_INTEGER));
  return {
    status: breaks.length === 0 ? 'intact' : 'broken',
    headPosition,
    streamCount: results.length,
    eventCount,
    brokenStreamCount: breaks.length,
    breaks,
    heads: results.map((r) => ({ tenantId: r.tenantId, streamId: r.streamId, revision: r.headRevision, hash: r.headHash, status: r.status })),
  };
}

/** Byte order, not locale order: the digest must be the same on every machine. */
export const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** The head the store keeps for one stream (`streams` table): what its last event must be. */
export async function storedStreamHead(db: SqlDatabase, tenantId: string, streamId: string): Promise<{ revision: number; hash: string } | undefined> {
  const [row] = await db.query<{ revision: number; last_hash: string }>('select revision, last_hash from streams where tenant_id = $1 and stream_id = $2', [
    tenantId,
    streamId,
  ]);
  return row === undefined ? undefined : { revision: Number(row.revision), hash: row.last_hash };
}
