import { foldJourney, initialJourneyState, isJourneyStream, journeyIdOfStream, toJourneyEvent } from '@journey-ledger/domain';
import type { JourneyState } from '@journey-ledger/domain';
import type { EventStore, RecordedEvent } from '@journey-ledger/event-store';
import { LRUCache } from 'lru-cache';

/** What one batch did to one journey: its state before the batch's events and after them. */
export interface JourneyChange {
  readonly tenantId: string;
  readonly journeyId: string;
  /** The journey's events in this batch, in stream order. */
  readonly events: readonly RecordedEvent[];
  readonly before: JourneyState;
  readonly after: JourneyState;
}

interface Cached {
  readonly revision: number;
  readonly state: JourneyState;
}

/** A batch's journey events, grouped by journey (keyed by tenant and stream) in log order; other streams left out. */
export function eventsByJourney(events: readonly RecordedEvent[]): Map<string, RecordedEvent[]> {
  const byJourney = new Map<string, RecordedEvent[]>();
  for (const e of events) {
    if (!isJourneyStream(e.streamId)) continue;
    const key = `${e.tenantId}\u0000${e.streamId}`;
    const list = byJourney.get(key);
    if (list) list.push(e);
    else byJourney.set(key, [e]);
  }
  return byJourney;
}

/** One journey's events of a batch folded on from its state before them. */
function changeOf(list: RecordedEvent[], before: JourneyState): JourneyChange {
  const first = list[0];
  return { tenantId: first.tenantId, journeyId: journeyIdOfStream(first.streamId), events: list, before, after: foldJourney(list.map(toJourneyEvent), before) };
}

/**
 * Whole journeys, each stream's events from its first (as a read of whole streams gives them),
 * folded from the start: one change a journey, from the empty state to its last.
 */
export function foldWholeJourneys(events: readonly RecordedEvent[]): JourneyChange[] {
  return [...eventsByJourney(events).values()].map((list) => {
    if (list[0].revision !== 0) throw new Error(`${list[0].streamId} was read from revision ${list[0].revision}, not whole`);
    return changeOf(list, initialJourneyState());
  });
}

/**
 * The journeys a batch of the global log touches, folded: the common first step of every
 * read model kept per journey. States are cached between batches (least recently used out);
 * a journey not in the cache is folded again from its stream, so a cold start, a rolled-back
 * batch or an evicted journey all give the same result.
 */
export class JourneyStates {
  private readonly cache: LRUCache<string, Cached>;

  constructor(
    private readonly store: EventStore,
    cacheSize = 50_000,
  ) {
    this.cache = new LRUCache({ max: Math.max(1, cacheSize) });
  }

  clear(): void {
    this.cache.clear();
  }

  async advance(events: readonly RecordedEvent[]): Promise<JourneyChange[]> {
    const changes: JourneyChange[] = [];
    for (const [key, list] of eventsByJourney(events)) {
      const change = changeOf(list, await this.stateBefore(key, list[0]));
      this.remember(key, { revision: list[list.length - 1].revision, state: change.after });
      changes.push(change);
    }
    return changes;
  }

  private async stateBefore(key: string, first: RecordedEvent): Promise<JourneyState> {
    if (first.revision === 0) return initialJourneyState();
    const cached = this.cache.get(key);
    if (cached !== undefined && cached.revision === first.revision - 1) return cached.state;
    const earlier = await this.store.readStream(first.tenantId, first.streamId, { maxCount: first.revision });
    return foldJourney(earlier.map(toJourneyEvent));
  }

  private remember(key: string, entry: Cached): void {
    this.cache.set(key, entry);
  }
}
