import type { RecordedJourneyEvent } from './events';
import { upcast } from './upcast';

/** A journey is one stream; its id is the journey id. */
export const JOURNEY_STREAM_PREFIX = 'journey-';
export const journeyStreamId = (journeyId: string) => `${JOURNEY_STREAM_PREFIX}${journeyId}`;
export const journeyIdOfStream = (streamId: string) => streamId.replace(/^journey-/, '');
export const isJourneyStream = (streamId: string) => streamId.startsWith(JOURNEY_STREAM_PREFIX);

/** What the domain needs of a stored event, whichever store it came from. */
export interface StoredJourneyEvent {
  readonly eventId: string;
  readonly type: string;
  readonly version: number;
  readonly data: unknown;
  readonly metadata: Readonly<Record<string, unknown>>;
  readonly recordedAt: string;
}

/** A stored event as the domain sees it: upcast to the current shape, with its full metadata. */
export function toJourneyEvent(e: StoredJourneyEvent): RecordedJourneyEvent {
  const event = upcast({ type: e.type, version: e.version, data: e.data, metadata: e.metadata as Record<string, unknown> });
  return { ...event, metadata: { ...(e.metadata as object), eventId: e.eventId, recordedAt: e.recordedAt } } as RecordedJourneyEvent;
}
