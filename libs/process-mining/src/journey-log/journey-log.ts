import type { EventStore } from '@journey-ledger/event-store';
import { evolve, foldJourney, initialJourneyState } from '@journey-ledger/domain';
import type { JourneyEvent, JourneyState, RecordedJourneyEvent } from '@journey-ledger/domain';
import { JOURNEY_STREAM_PREFIX, journeyIdOfStream, toJourneyEvent } from '@journey-ledger/domain';

/** One standing event as a process-mining tool sees it: what happened, when, and who held the case after. */
export interface CaseStep {
  readonly event: RecordedJourneyEvent;
  /** The activity label: an imported log's own label, else the domain event type. */
  readonly activity: string;
  /** XES lifecycle transition where the event starts or completes something. */
  readonly lifecycle?: 'start' | 'complete' | string;
  readonly occurredAt: string;
  /** The holding team after the event. */
  readonly holder: string;
}

/** A journey ready to export or measure: its standing steps and its folded state. */
export interface JourneyCase {
  readonly journeyId: string;
  readonly state: JourneyState;
  readonly steps: readonly CaseStep[];
}

const LIFECYCLE: Partial<Record<JourneyEvent['type'], string>> = {
  AssessmentStarted: 'start',
  AssessmentCompleted: 'complete',
  PlanStarted: 'start',
  PlanEnded: 'complete',
};

/** The standing events of a stream (withdrawn ones left out), each with the holder after it. */
export function toJourneyCase(journeyId: string, events: readonly RecordedJourneyEvent[]): JourneyCase {
  // Most streams have no withdrawal: then every event stands and one fold gives the holders too.
  const standing = events.some((e) => e.type === 'EntryRecordedInError') ? (foldJourney(events).standing as RecordedJourneyEvent[]) : events;
  const steps: CaseStep[] = [];
  let running = initialJourneyState();
  for (const e of standing) {
    running = evolve(running, e);
    const imported = e.type === 'ActivityRecorded';
    steps.push({
      event: e,
      activity: imported ? e.data.activity : e.type,
      lifecycle: imported ? e.data.lifecycle : LIFECYCLE[e.type],
      occurredAt: e.metadata.occurredAt,
      holder: running.holder as string,
    });
  }
  const state = standing === events ? running : foldJourney(events);
  return { journeyId, state, steps };
}

/** The filters the measures take, applied to a whole journey. */
export interface JourneyFilter {
  /** Journeys whose first standing event is on or after this instant. */
  readonly from?: string;
  /** … and before this one. */
  readonly to?: string;
  /** Journeys any of these teams held or received a contact for. */
  readonly team?: readonly string[];
  /** The journey's first source (contact, else referral). */
  readonly source?: readonly string[];
  readonly levelOfNeed?: readonly string[];
}

export const journeySource = (s: JourneyState): string | undefined => s.contacts[0]?.source ?? s.referral?.source;
export const journeyLevelOfNeed = (s: JourneyState): string | undefined => s.contacts[0]?.levelOfNeed;

export function matchesFilter(c: JourneyCase, f: JourneyFilter): boolean {
  const started = c.state.startedAt;
  if (started === undefined) return false;
  const t = Date.parse(started);
  if (f.from !== undefined && t < Date.parse(f.from)) return false;
  if (f.to !== undefined && t >= Date.parse(f.to)) return false;
  if (f.team !== undefined && !c.state.teamsTouched.some((x) => f.team!.includes(x))) return false;
  if (f.source !== undefined && !f.source.includes(journeySource(c.state) ?? '')) return false;
  if (f.levelOfNeed !== undefined && !f.levelOfNeed.includes(journeyLevelOfNeed(c.state) ?? 'unknown')) return false;
  return true;
}

export interface ReadJourneysOptions {
  readonly tenantId: string;
  readonly filter?: JourneyFilter;
  /** Events per read. */
  readonly batchSize?: number;
  /** Read up to this position (default: the head when the read begins), so that two reads see one snapshot. */
  readonly head?: number;
}

/** Whether a folded journey goes out: a journey whose every entry was withdrawn does not, nor one outside the filter. */
export function exported(c: JourneyCase, filter: JourneyFilter | undefined): boolean {
  if (c.state.status === 'withdrawn' || c.state.status === 'empty') return false;
  return filter === undefined || matchesFilter(c, filter);
}

/**
 * A tenant's journeys, one at a time, read through the event store port only, as of the head when
 * the read began. One pass over the log (`readAllToHead`): a journey's events are gathered until
 * the one the store marks as its stream's last in the snapshot, then it is handed over and
 * forgotten. Memory holds the journeys in flight, never the export: a national log streams
 * through. Journeys come in the order their last event was recorded; withdrawn journeys (every
 * entry withdrawn) are left out.
 */
export async function* readJourneys(store: EventStore, options: ReadJourneysOptions): AsyncGenerator<JourneyCase> {
  const batchSize = options.batchSize ?? 5000;
  const head = options.head ?? (await store.headPosition());
  const open = new Map<string, RecordedJourneyEvent[]>();
  for (let after = 0; after < head;) {
    const batch = await store.readAllToHead({ tenantId: options.tenantId, head, after, maxCount: batchSize, streamPrefix: JOURNEY_STREAM_PREFIX });
    if (batch.length === 0) break;
    after = batch[batch.length - 1].position;
    for (const e of batch) {
      let events = open.get(e.streamId);
      if (events === undefined) open.set(e.streamId, (events = []));
      events.push(toJourneyEvent(e));
      if (!e.lastInStream) continue;
      open.delete(e.streamId);
      const c = toJourneyCase(journeyIdOfStream(e.streamId), events);
      if (exported(c, options.filter)) yield c;
    }
  }
}
