import { ANY, AccessDeniedError, NO_STREAM, START, STREAM_EXISTS, StreamNotFoundError, WrongExpectedVersionError } from '@kurrent/kurrentdb-client';
import type { ResolvedEvent } from '@kurrent/kurrentdb-client';
import { chainEvents } from '../integrity/chain-events';
import { eventHash } from '../integrity/hash-chain';
import { EventSeal } from '../integrity/seal';
import { DuplicateEventError, WrongExpectedRevisionError } from '../port/errors';
import {
  eventIdGuardStream,
  fromCurrentStreamState,
  fromResolved,
  headStreamState,
  isAfter,
  isMissingStream,
  parseStreamName,
  readPositionAfter,
  streamName,
  streamPrefix,
  toAppendStreamState,
  toEventData,
  toPortError,
  toPortPosition,
} from './mapping';

const NS = 'jl';

describe('KurrentDB mapping: streams and tenants', () => {
  it('names a council’s stream under the namespace and reads the name back', () => {
    expect(streamName(NS, 'north-shire', 'journey-1')).toBe('jl:north-shire:journey-1');
    expect(parseStreamName(NS, 'jl:north-shire:access-journey-1')).toEqual({ tenantId: 'north-shire', streamId: 'access-journey-1' });
  });

  it('gives each council a filter prefix that no other council’s stream matches', () => {
    const north = streamPrefix(NS, 'north');
    expect(streamName(NS, 'north', 'j').startsWith(north)).toBe(true);
    expect(streamName(NS, 'north-east', 'j').startsWith(north)).toBe(false);
    expect(streamPrefix(NS)).toBe('jl:');
  });

  it('leaves system streams, other ledgers and event-id claims out of the ledger’s streams', () => {
    expect(parseStreamName(NS, '$stats-127.0.0.1:2113')).toBeUndefined();
    expect(parseStreamName(NS, 'other:north:j')).toBeUndefined();
    expect(parseStreamName(NS, eventIdGuardStream(NS, 'abc'))).toBeUndefined();
  });

  it('refuses a tenant id with the separator in it', () => {
    expect(() => streamName(NS, 'a:b', 'j')).toThrow(/may not contain/);
  });
});

describe('KurrentDB mapping: revisions', () => {
  it('maps each expected revision of the port to the client’s stream state', () => {
    expect(toAppendStreamState('no_stream')).toBe(NO_STREAM);
    expect(toAppendStreamState('stream_exists')).toBe(STREAM_EXISTS);
    expect(toAppendStreamState('any')).toBe(ANY);
    expect(toAppendStreamState(41)).toBe(41n);
  });

  it('appends at the head it chained onto: no stream, or the exact last revision', () => {
    expect(headStreamState(undefined)).toBe(NO_STREAM);
    expect(headStreamState(0)).toBe(0n);
  });

  it('reads the client’s current stream state as the port’s revision', () => {
    expect(fromCurrentStreamState(NO_STREAM)).toBeUndefined();
    expect(fromCurrentStreamState(7n)).toBe(7);
    expect(() => fromCurrentStreamState(2n ** 60n)).toThrow(RangeError);
  });
});

describe('KurrentDB mapping: positions', () => {
  it('uses the prepare position, unique per event, as the port’s position', () => {
    // Two events of one append share the commit position and differ in prepare position.
    expect(toPortPosition({ commit: 5000n, prepare: 4800n })).toBe(4800);
    expect(toPortPosition({ commit: 5000n, prepare: 4900n })).toBe(4900);
    expect(() => toPortPosition({ commit: 2n ** 54n, prepare: 2n ** 54n })).toThrow(RangeError);
  });

  it('starts $all at the beginning for position 0, else at the position, and keeps only what is after it', () => {
    expect(readPositionAfter(0)).toBe(START);
    expect(readPositionAfter(4800)).toEqual({ commit: 4800n, prepare: 4800n });
    // The rest of the append that holds 4800 is returned by the server again: the first is dropped, the next kept.
    expect(isAfter({ commit: 5000n, prepare: 4800n }, 4800)).toBe(false);
    expect(isAfter({ commit: 5000n, prepare: 4900n }, 4800)).toBe(true);
    expect(isAfter({ commit: 1n, prepare: 1n }, 0)).toBe(true);
  });
});

describe('KurrentDB mapping: events', () => {
  it('stores the whole recorded event and reads it back with its hash still valid', () => {
    const seal = EventSeal.fromKey(undefined);
    const [recorded] = chainEvents(
      'north-shire',
      'journey-1',
      [
        {
          eventId: '6f1c1c0e-4b8e-4d5f-9a55-0d3f0d8f1a11',
          type: 'CaseHandedOver',
          version: 1,
          data: { fromTeam: 'mash', toTeam: 'cart' },
          metadata: { actor: { role: 'recorder' } },
        },
      ],
      { revision: -1, hash: null },
      '2025-01-06T10:00:00.000Z',
      seal,
    );
    const data = toEventData(recorded);
    expect(data).toMatchObject({ id: recorded.eventId, type: 'CaseHandedOver', contentType: 'application/json' });
    // What the client yields for that event read back from $all.
    const resolved = {
      event: {
        streamId: 'jl:north-shire:journey-1',
        id: recorded.eventId,
        isJson: true,
        revision: 0n,
        type: 'CaseHandedOver',
        created: new Date(),
        data: data.data,
        metadata: undefined,
        position: { commit: 9100n, prepare: 9000n },
      },
    } as ResolvedEvent;
    const read = fromResolved(NS, resolved);
    expect(read).toEqual({ ...recorded, position: 9000 });
    expect(eventHash(read!, read!.previousHash)).toBe(recorded.hash);
    expect(seal.verify(read!.hash, read!.seal)).toBe(true);
  });

  it('ignores events outside the ledger’s streams', () => {
    const resolved = {
      event: { streamId: '$settings', id: 'x', isJson: true, revision: 0n, type: '$settings', created: new Date(), data: {}, metadata: undefined },
    } as ResolvedEvent;
    expect(fromResolved(NS, resolved)).toBeUndefined();
  });
});

describe('KurrentDB mapping: errors', () => {
  const conflict = (stream: string, expected: bigint | 'no_stream', current: bigint | 'no_stream') =>
    new WrongExpectedVersionError(undefined, { streamName: stream, expected, current });

  it('turns a stale revision into the port’s WrongExpectedRevisionError, with what the caller expected and the actual revision', () => {
    const error = toPortError(NS, conflict('jl:north-shire:journey-1', 0n, 1n), () => 0);
    expect(error).toBeInstanceOf(WrongExpectedRevisionError);
    expect(error).toMatchObject({ streamId: 'journey-1', expected: 0, actual: 1 });
  });

  it('reports the caller’s own expectation (no_stream) when the stream exists', () => {
    const error = toPortError(NS, conflict('jl:north-shire:journey-1', 'no_stream', 3n), () => 'no_stream');
    expect(error).toMatchObject({ name: 'WrongExpectedRevisionError', expected: 'no_stream', actual: 3 });
  });

  it('turns a failed event-id claim into DuplicateEventError', () => {
    const error = toPortError(NS, conflict(eventIdGuardStream(NS, 'e-1'), 'no_stream', 0n), () => undefined);
    expect(error).toBeInstanceOf(DuplicateEventError);
    expect(error).toMatchObject({ eventId: 'e-1' });
  });

  it('passes other client errors through, and reads a missing stream as empty', () => {
    const denied = new AccessDeniedError();
    expect(toPortError(NS, denied, () => undefined)).toBe(denied);
    expect(isMissingStream(new StreamNotFoundError(undefined, 'jl:north-shire:nobody'))).toBe(true);
    expect(isMissingStream(denied)).toBe(false);
  });
});
