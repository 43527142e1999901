import { foldJourney, initialJourneyState } from '@journey-ledger/domain';
import type { JourneyState, RecordedJourneyEvent } from '@journey-ledger/domain';

/**
 * Bitemporal views of one journey, pure functions over its recorded events (recording order,
 * as the stream returns them: the index is the stream revision).
 *
 * - **as known at** `t` (system time): only the events recorded by `t`. A withdrawal
 *   (`EntryRecordedInError`) takes effect from the moment it was recorded: before it, the
 *   withdrawn entry counts; after it, it never happened.
 * - **as at** `t` (business time): the entries whose `occurredAt` is at or before `t`, as the
 *   ledger knows them (now, or at `asKnownAt` when both are given). A withdrawal is a
 *   correction of knowledge, not a business happening: it applies whatever its own
 *   `occurredAt`, as soon as it is known.
 *
 * Before the journey existed (or before anything about it was recorded) the result is an empty
 * journey (`status: 'empty'`), never an error.
 */
export interface AsOf {
  /** ISO instant: filter by `recordedAt`. */
  readonly asKnownAt?: string;
  /** ISO instant: filter by `occurredAt`. */
  readonly asAt?: string;
}

/** An event with its stream revision, so that ties in business time keep recording order. */
export interface RevisionedEvent {
  readonly revision: number;
  readonly event: RecordedJourneyEvent;
}

export interface WithdrawnEntry {
  readonly eventId: string;
  readonly type: string;
  readonly occurredAt: string;
  readonly recordedAt: string;
  readonly withdrawnBy: string;
  readonly withdrawnAt: string;
  readonly reason: string;
}

const ms = (iso: string) => Date.parse(iso);

function checkInstant(name: string, iso: string | undefined): void {
  if (iso !== undefined && Number.isNaN(ms(iso))) throw new RangeError(`${name} "${iso}" is not an ISO-8601 instant`);
}

export function withRevisions(events: readonly RecordedJourneyEvent[]): RevisionedEvent[] {
  return events.map((event, revision) => ({ revision, event }));
}

/** Events recorded at or before `t` (recording order kept). */
export function knownAt(events: readonly RevisionedEvent[], t: string | undefined): RevisionedEvent[] {
  checkInstant('asKnownAt', t);
  if (t === undefined) return [...events];
  const limit = ms(t);
  return events.filter((e) => ms(e.event.metadata.recordedAt) <= limit);
}

/** Splits known events into standing entries (recording order) and the entries withdrawn, with their withdrawals. */
export function standingAndWithdrawn(events: readonly RevisionedEvent[]): { standing: RevisionedEvent[]; withdrawn: WithdrawnEntry[] } {
  const withdrawals = new Map<string, RecordedJourneyEvent>();
  for (const { event } of events) {
    if (event.type === 'EntryRecordedInError') withdrawals.set(event.data.withdrawnEventId, event);
  }
  const standing: RevisionedEvent[] = [];
  const withdrawn: WithdrawnEntry[] = [];
  for (const e of events) {
    if (e.event.type === 'EntryRecordedInError') continue;
    const by = withdrawals.get(e.event.metadata.eventId);
    if (by === undefined || by.type !== 'EntryRecordedInError') {
      standing.push(e);
      continue;
    }
    withdrawn.push({
      eventId: e.event.metadata.eventId,
      type: e.event.type,
      occurredAt: e.event.metadata.occurredAt,
      recordedAt: e.event.metadata.recordedAt,
      withdrawnBy: by.metadata.eventId,
      withdrawnAt: by.metadata.recordedAt,
      reason: by.data.reason,
    });
  }
  return { standing, withdrawn };
}

/** Business order: `occurredAt`, ties by revision (recording order). */
export function inBusinessOrder(events: readonly RevisionedEvent[]): RevisionedEvent[] {
  return [...events].sort((a, b) => ms(a.event.metadata.occurredAt) - ms(b.event.metadata.occurredAt) || a.revision - b.revision);
}

export interface JourneyAsOf {
  /** The standing entries in business order, as of the given times. */
  readonly entries: RevisionedEvent[];
  readonly withdrawn: WithdrawnEntry[];
  readonly state: JourneyState;
}

/**
 * The journey as it stood at `asAt` as known at `asKnownAt` (either or both may be omitted).
 * The state is the domain's own fold of the standing entries in business order.
 */
export function journeyAsOf(events: readonly RecordedJourneyEvent[] | readonly RevisionedEvent[], asOf: AsOf = {}): JourneyAsOf {
  checkInstant('asAt', asOf.asAt);
  const revisioned = toRevisioned(events);
  const known = knownAt(revisioned, asOf.asKnownAt);
  const { standing, withdrawn } = standingAndWithdrawn(known);
  const limit = asOf.asAt === undefined ? undefined : ms(asOf.asAt);
  const entries = inBusinessOrder(limit === undefined ? standing : standing.filter((e) => ms(e.event.metadata.occurredAt) <= limit));
  const folded = foldJourney(entries.map((e) => e.event));
  const everythingWithdrawn = entries.length === 0 && withdrawn.length > 0 && standing.length === 0;
  const state: JourneyState =
    entries.length === 0
      ? { ...initialJourneyState(), status: everythingWithdrawn ? 'withdrawn' : 'empty', withdrawals: withdrawn.length }
      : { ...folded, withdrawals: withdrawn.length };
  return { entries, withdrawn, state };
}

export function toRevisioned(events: readonly RecordedJourneyEvent[] | readonly RevisionedEvent[]): RevisionedEvent[] {
  if (events.length === 0) return [];
  return 'revision' in events[0] && 'event' in events[0]
    ? [...(events as readonly RevisionedEvent[])]
    : withRevisions(events as readonly RecordedJourneyEvent[]);
}
