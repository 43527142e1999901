import type { ExpectedRevision, StreamRevision } from './event-store.port';

/** The optimistic concurrency check failed: someone else wrote to the stream first. */
export class WrongExpectedRevisionError extends Error {
  constructor(
    readonly streamId: string,
    readonly expected: ExpectedRevision,
    readonly actual: StreamRevision | undefined,
  ) {
    super(`stream ${streamId}: expected revision ${String(expected)}, actual ${actual === undefined ? 'no stream' : actual}`);
    this.name = 'WrongExpectedRevisionError';
  }
}

/** An event id was appended twice. */
export class DuplicateEventError extends Error {
  constructor(readonly eventId: string) {
    super(`event ${eventId} is already in the store`);
    this.name = 'DuplicateEventError';
  }
}

export function checkExpectedRevision(streamId: string, expected: ExpectedRevision, actual: StreamRevision | undefined): void {
  const ok =
    expected === 'any' ||
    (expected === 'no_stream' && actual === undefined) ||
    (expected === 'stream_exists' && actual !== undefined) ||
    (typeof expected === 'number' && actual === expected);
  if (!ok) throw new WrongExpectedRevisionError(streamId, expected, actual);
}
