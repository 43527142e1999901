import { isJourneyStream, journeyIdOfStream, journeyStreamId, toJourneyEvent } from '@journey-ledger/domain';
import type { EventStore, RecordedEvent } from '@journey-ledger/event-store';
import type { RecordedJourneyEvent } from '@journey-ledger/domain';
import type { RevisionedEvent } from '../as-of/as-of';
import { compareFamily, compareJourney, CompareSettings } from './compare';
import { ComparedJourney, ComparisonResult, ScenarioComparisonModel } from './measures';
import type { CompiledScenario } from './scenario-document';
import { TimeSlice } from './time-slice';

export interface ScenarioRunOptions extends CompareSettings {
  readonly tenantId: string;
  /** Events per `readAll` call. */
  readonly batchSize?: number;
  /** Longest stretch of work before the run lets other work on the event loop in (default 10 ms). */
  readonly sliceMs?: number;
  readonly onProgress?: (progress: { readonly events: number; readonly position: number; readonly head: number; readonly openJourneys: number }) => void;
}

export interface ScenarioRunResult extends ComparisonResult {
  readonly scenarioId: string;
  readonly tenantId: string;
  readonly asKnownAt?: string;
  readonly asAt?: string;
  /** The log was read up to this position (the head when the run began): the run is a snapshot. */
  readonly throughPosition: number;
  readonly eventsRead: number;
  /** Journeys already counted that a later correction reopened (re-read from their stream). */
  readonly reopened: number;
  /** Most journeys held in memory at once: open journeys only. */
  readonly peakOpenJourneys: number;
}

/**
 * Replays a tenant's real event log through a scenario. Read-only: it calls `readAll` (and
 * `readStream` for a journey reopened by a late correction) and nothing else, so it can never
 * write a real stream or a real read model. Results go to a disposable in-memory model.
 *
 * It streams: events are read in batches in commit order; a journey's events are held only
 * while it is open; when it closes it is compared, added to the aggregates and forgotten. A
 * later event on a journey already counted (only a withdrawal can follow a closure) takes its
 * contribution back out, re-reads its stream and holds it open again. Journeys still open at
 * the end are measured as they stand. Under `leadPractitioner: one-per-family` the journeys of a
 * family are held until the end and redesigned together (`peakOpenJourneys` shows what that held).
 */
export async function runScenario(store: EventStore, scenario: CompiledScenario, options: ScenarioRunOptions): Promise<ScenarioRunResult> {
  const batchSize = options.batchSize ?? 1000;
  const head = await store.headPosition();
  const known = options.asKnownAt === undefined ? undefined : Date.parse(options.asKnownAt);
  const isKnown = (e: RecordedEvent) => known === undefined || Date.parse(e.recordedAt) <= known;
  const model = new ScenarioComparisonModel();
  const open = new Map<string, RevisionedEvent[]>();
  let after = 0;
  let eventsRead = 0;
  let reopened = 0;
  let peak = 0;
  // A run may read a council's whole log: in slices, so the server keeps answering meanwhile.
  const slice = new TimeSlice(options.sliceMs);

  // Under one-per-family a closed journey of a family is held to the end: a sibling's later journey can still change it.
  const byFamily = scenario.leadPractitioner === 'one-per-family';
  const measure = (events: RevisionedEvent[]): ComparedJourney | undefined => compareJourney(events, scenario, options);
  const settle = (journeyId: string) => {
    const events = open.get(journeyId)!;
    open.delete(journeyId);
    const compared = measure(events);
    if (compared !== undefined) model.add(compared);
  };

  while (after < head) {
    const batch = await store.readAll({ after, maxCount: batchSize, tenantId: options.tenantId });
    if (batch.length === 0) break;
    for (const e of batch) {
      await slice.yieldIfDue();
      if (e.position > head) break;
      after = e.position;
      eventsRead++;
      if (!isJourneyStream(e.streamId) || !isKnown(e)) continue;
      const journeyId = journeyIdOfStream(e.streamId);
      const event: RecordedJourneyEvent = toJourneyEvent(e);
      let events = open.get(journeyId);
      if (events === undefined) {
        if (e.revision > 0) {
          // A journey counted already: take its contribution out and hold it open again.
          const earlier = (await store.readStream(options.tenantId, journeyStreamId(journeyId), { maxCount: e.revision }))
            .filter((x) => x.position < e.position && isKnown(x))
            .map((x) => ({ revision: x.revision, event: toJourneyEvent(x) }));
          const counted = measure(earlier);
          if (counted !== undefined) model.add(counted, -1);
          events = earlier;
          reopened++;
        } else {
          events = [];
        }
        open.set(journeyId, events);
        if (open.size > peak) peak = open.size;
      }
      events.push({ revision: e.revision, event });
      if (event.type === 'JourneyClosed' && !(byFamily && events.some((x) => x.event.type === 'FamilyMembershipStarted'))) settle(journeyId);
    }
    options.onProgress?.({ events: eventsRead, position: after, head, openJourneys: open.size });
    if (batch[batch.length - 1].position >= head) break;
  }
  if (byFamily) {
    // A family's journeys are redesigned together: all those held are passed at once (the rule
    // keys each allocation by its family, so families do not mix).
    await slice.yieldIfDue();
    for (const compared of compareFamily([...open.values()], scenario, options)) model.add(compared);
    open.clear();
  }
  for (const journeyId of [...open.keys()]) {
    await slice.yieldIfDue();
    settle(journeyId);
  }

  return {
    scenarioId: scenario.document.id,
    tenantId: options.tenantId,
    asKnownAt: options.asKnownAt,
    asAt: options.asAt,
    throughPosition: Math.min(after, head),
    eventsRead,
    reopened,
    peakOpenJourneys: peak,
    ...model.result(),
  };
}
