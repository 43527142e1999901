import type { AppendRequest, EventStore } from '@journey-ledger/event-store';

/** Events per `appendBatch` call at most. */
const EVENTS_PER_CALL = 20_000;

interface Placed {
  readonly request: number;
  readonly index: number;
  /** When the event happened, or the latest of its stream's earlier events if that is later: a stream's order is kept. */
  readonly at: string;
}

/**
 * Appends decided journeys as a council's live log holds them: in the order things happened, so
 * that journeys open at the same time interleave, rather than journey after journey as the bulk
 * writer appends them. Journeys are taken `window` at a time (memory stays bounded) and each
 * window's events are appended in business-time order, each stream's own order kept. A rebuild
 * reading this log by position meets each journey on many pages, as it would in production.
 */
export class BusinessTimeOrder {
  private pending: AppendRequest[] = [];
  private calls = 0;

  constructor(
    private readonly store: EventStore,
    private readonly window: number,
  ) {}

  /** Batches of new journeys (one request a journey, as the bulk writer cuts them). */
  async add(requests: readonly AppendRequest[]): Promise<void> {
    this.pending.push(...requests);
    if (this.pending.length >= this.window) await this.flush();
  }

  /** Appends what is held; returns the number of `appendBatch` calls made so far. */
  async flush(): Promise<number> {
    const requests = this.pending;
    this.pending = [];
    const placed: Placed[] = [];
    requests.forEach((r, request) => {
      let latest = '';
      r.events.forEach((e, index) => {
        const occurredAt = String(e.metadata.occurredAt ?? '');
        if (occurredAt > latest) latest = occurredAt;
        placed.push({ request, index, at: latest });
      });
    });
    placed.sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : a.request - b.request || a.index - b.index));
    // A stream's events that follow one another in the order go in one request; a later request of a
    // call may build on an earlier one for the same stream (the port's batch contract).
    let call: AppendRequest[] = [];
    let events = 0;
    let last = -1;
    const send = async () => {
      if (call.length > 0) {
        await this.store.appendBatch(call);
        this.calls += 1;
      }
      call = [];
      events = 0;
      last = -1;
    };
    for (const p of placed) {
      const r = requests[p.request];
      if (p.request === last) {
        (call[call.length - 1].events as unknown[]).push(r.events[p.index]);
      } else {
        if (events >= EVENTS_PER_CALL) await send();
        call.push({ tenantId: r.tenantId, streamId: r.streamId, events: [r.events[p.index]], expectedRevision: p.index === 0 ? 'no_stream' : p.index - 1 });
        last = p.request;
      }
      events += 1;
    }
    await send();
    return this.calls;
  }
}
