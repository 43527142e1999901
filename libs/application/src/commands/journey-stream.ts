import type { EventStore, EventToAppend, RecordedEvent } from '@journey-ledger/event-store';
import { foldJourney, upcast } from '@journey-ledger/domain';
import type { Actor, JourneyEvent, JourneyState, RecordedJourneyEvent } from '@journey-ledger/domain';
import { eventIdFor } from '../identity/ids';

/** A journey is one stream; its id is the journey id. */
export const journeyStreamId = (journeyId: string) => `journey-${journeyId}`;
export const journeyIdOfStream = (streamId: string) => streamId.replace(/^journey-/, '');

/** A stored event as the domain sees it: upcast to the current shape, with its full metadata. */
export function toJourneyEvent(e: RecordedEvent): RecordedJourneyEvent {
  const event = upcast({ type: e.type, version: e.version, data: e.data, metadata: e.metadata as Record<string, unknown> });
  return { ...event, metadata: { ...(e.metadata as object), eventId: e.eventId, recordedAt: e.recordedAt } } as RecordedJourneyEvent;
}

export interface LoadedJourney {
  readonly events: RecordedEvent[];
  readonly state: JourneyState;
  readonly revision: number | undefined;
}

export async function loadJourney(store: EventStore, tenantId: string, journeyId: string): Promise<LoadedJourney> {
  const events = await store.readStream(tenantId, journeyStreamId(journeyId));
  return {
    events,
    state: foldJourney(events.map(toJourneyEvent)),
    revision: events.length > 0 ? events[events.length - 1].revision : undefined,
  };
}

export interface CommandEnvelope {
  readonly tenantId: string;
  readonly journeyId: string;
  readonly commandId: string;
  readonly correlationId: string;
  readonly actor: Actor;
}

/** Turns what the decider decided into events to append, with ids derived from the command. */
export function toEventsToAppend(decided: readonly JourneyEvent[], envelope: CommandEnvelope): EventToAppend[] {
  return decided.map((e, i) => ({
    eventId: eventIdFor(envelope.tenantId, envelope.commandId, i),
    type: e.type,
    version: e.version,
    data: e.data,
    metadata: {
      occurredAt: e.metadata.occurredAt,
      journeyId: envelope.journeyId,
      tenantId: envelope.tenantId,
      actor: envelope.actor,
      correlationId: envelope.correlationId,
      causationId: envelope.commandId,
    },
  }));
}
