import type { EventStore, EventToAppend, RecordedEvent } from '@journey-ledger/event-store';
import { foldJourney, journeyStreamId, toJourneyEvent } from '@journey-ledger/domain';
import type { Actor, JourneyEvent, JourneyState } from '@journey-ledger/domain';
import { eventIdFor } from '../identity/ids';

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
