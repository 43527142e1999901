import type { EventStore } from '@journey-ledger/event-store';
import { journeyIdOfStream, toJourneyEvent } from '@journey-ledger/domain';
import type { RecordedJourneyEvent } from '@journey-ledger/domain';
import { JOURNEY_STREAM_PREFIX } from '@journey-ledger/domain';
import { exported, toJourneyCase } from '../journey-log/journey-log';
import type { JourneyCase, ReadJourneysOptions } from '../journey-log/journey-log';

/**
 * The reference reading of a tenant's journeys through `readAll` alone: a first pass over the log
 * notes where each journey's last event is, a second gathers and hands each journey on once that
 * event has passed. It is what `readJourneys` must equal byte for byte once written out, and the
 * baseline the export benchmark measures it against.
 */
export async function* readJourneysTwoPass(store: EventStore, options: ReadJourneysOptions): AsyncGenerator<JourneyCase> {
  const batchSize = options.batchSize ?? 5000;
  const head = options.head ?? (await store.headPosition());
  const lastPosition = new Map<string, number>();
  for await (const batch of scan(store, options.tenantId, head, batchSize)) for (const e of batch) lastPosition.set(e.streamId, e.position);

  const open = new Map<string, RecordedJourneyEvent[]>();
  for await (const batch of scan(store, options.tenantId, head, batchSize))
    for (const e of batch) {
      let events = open.get(e.streamId);
      if (events === undefined) open.set(e.streamId, (events = []));
      events.push(toJourneyEvent(e));
      if (lastPosition.get(e.streamId) !== e.position) continue;
      open.delete(e.streamId);
      lastPosition.delete(e.streamId);
      const c = toJourneyCase(journeyIdOfStream(e.streamId), events);
      if (exported(c, options.filter)) yield c;
    }
}

async function* scan(store: EventStore, tenantId: string, head: number, batchSize: number) {
  let after = 0;
  while (after < head) {
    const batch = await store.readAll({ after, maxCount: batchSize, tenantId });
    if (batch.length === 0) return;
    yield batch.filter((e) => e.position <= head && e.streamId.startsWith(JOURNEY_STREAM_PREFIX));
    after = batch[batch.length - 1].position;
  }
}
