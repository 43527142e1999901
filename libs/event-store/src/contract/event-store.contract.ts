import { randomUUID } from 'node:crypto';
import { firstValueFrom, take, toArray } from 'rxjs';
import { eventHash } from '../integrity/hash-chain';
import { DuplicateEventError, WrongExpectedRevisionError } from '../port/errors';
import type { EventStore, EventToAppend } from '../port/event-store.port';

export interface ContractFixture {
  readonly store: EventStore;
  dispose(): Promise<void>;
}

const event = (type = 'ContactReceived', data: unknown = { n: 1 }): EventToAppend => ({
  eventId: randomUUID(),
  type,
  version: 1,
  data,
  metadata: { occurredAt: '2025-01-06T10:00:00.000Z', causationId: randomUUID() },
});

/**
 * One specification for every adapter of the event store port. An adapter is correct when it
 * passes this suite; the scale-out adapter (KurrentDB) will be held to the same one.
 */
export interface ContractOptions {
  /** Whether the adapter reads whole streams (`readStreamsToHead`); one that does not is read by position instead. */
  readonly readsWholeStreams: boolean;
}

export function eventStoreContract(name: string, open: () => Promise<ContractFixture>, options: ContractOptions = { readsWholeStreams: true }): void {
  describe(`event store contract: ${name}`, () => {
    let fixture: ContractFixture;
    let store: EventStore;
    const tenant = 'north-shire';

    beforeEach(async () => {
      fixture = await open();
      store = fixture.store;
    });
    afterEach(async () => fixture.dispose());

    describe('appending with an expected revision', () => {
      it('creates a stream when no stream is expected, and numbers events from revision 0', async () => {
        const result = await store.appendToStream({ tenantId: tenant, streamId: 'j-1', events: [event(), event()], expectedRevision: 'no_stream' });
        expect(result.nextExpectedRevision).toBe(1);
        const read = await store.readStream(tenant, 'j-1');
        expect(read.map((e) => e.revision)).toEqual([0, 1]);
        expect(await store.streamRevision(tenant, 'j-1')).toBe(1);
      });

      it('refuses no_stream when the stream exists', async () => {
        await store.appendToStream({ tenantId: tenant, streamId: 'j-1', events: [event()], expectedRevision: 'no_stream' });
        await expect(store.appendToStream({ tenantId: tenant, streamId: 'j-1', events: [event()], expectedRevision: 'no_stream' })).rejects.toBeInstanceOf(
          WrongExpectedRevisionError,
        );
      });

      it('appends at the exact revision and refuses a stale one, writing nothing', async () => {
        await store.appendToStream({ tenantId: tenant, streamId: 'j-1', events: [event()], expectedRevision: 'no_stream' });
        await store.appendToStream({ tenantId: tenant, streamId: 'j-1', events: [event()], expectedRevision: 0 });
        await expect(store.appendToStream({ tenantId: tenant, streamId: 'j-1', events: [event(), event()], expectedRevision: 0 })).rejects.toMatchObject({
          name: 'WrongExpectedRevisionError',
          actual: 1,
        });
        expect(await store.readStream(tenant, 'j-1')).toHaveLength(2);
      });

      it('accepts any revision with "any", and requires a stream with "stream_exists"', async () => {
        await store.appendToStream({ tenantId: tenant, streamId: 'j-1', events: [event()], expectedRevision: 'any' });
        await store.appendToStream({ tenantId: tenant, streamId: 'j-1', events: [event()], expectedRevision: 'any' });
        await store.appendToStream({ tenantId: tenant, streamId: 'j-1', events: [event()], expectedRevision: 'stream_exists' });
        await expect(store.appendToStream({ tenantId: tenant, streamId: 'j-2', events: [event()], expectedRevision: 'stream_exists' })).rejects.toBeInstanceOf(
          WrongExpectedRevisionError,
        );
        expect(await store.streamRevision(tenant, 'j-1')).toBe(2);
      });

      it('refuses an event id that is already stored, and writes none of the batch', async () => {
        const e = event();
        await store.appendToStream({ tenantId: tenant, streamId: 'j-1', events: [e], expectedRevision: 'no_stream' });
        await expect(store.appendToStream({ tenantId: tenant, streamId: 'j-2', events: [event(), e], expectedRevision: 'no_stream' })).rejects.toBeInstanceOf(
          DuplicateEventError,
        );
        expect(await store.readStream(tenant, 'j-2')).toEqual([]);
        expect(await store.streamRevision(tenant, 'j-2')).toBeUndefined();
      });

      it('round-trips type, version, data and metadata unchanged', async () => {
        const e = event('CaseHandedOver', { fromTeam: 'mash', toTeam: 'cart', nested: { list: [1, 'two', null], flag: true } });
        await store.appendToStream({ tenantId: tenant, streamId: 'j-1', events: [e], expectedRevision: 'no_stream' });
        const [read] = await store.readStream(tenant, 'j-1');
        expect(read).toMatchObject({ eventId: e.eventId, type: e.type, version: 1, data: e.data, metadata: e.metadata, streamId: 'j-1', tenantId: tenant });
        expect(Number.isNaN(Date.parse(read.recordedAt))).toBe(false);
      });
    });

    describe('the batch (bulk) path', () => {
      it('appends to many streams at once, all or nothing', async () => {
        await store.appendBatch([
          { tenantId: tenant, streamId: 'a', events: [event(), event()], expectedRevision: 'no_stream' },
          { tenantId: tenant, streamId: 'b', events: [event()], expectedRevision: 'no_stream' },
        ]);
        await expect(
          store.appendBatch([
            { tenantId: tenant, streamId: 'c', events: [event()], expectedRevision: 'no_stream' },
            { tenantId: tenant, streamId: 'a', events: [event()], expectedRevision: 0 },
          ]),
        ).rejects.toBeInstanceOf(WrongExpectedRevisionError);
        expect(await store.streamRevision(tenant, 'c')).toBeUndefined();
        expect((await store.readAll({ maxCount: 100 })).length).toBe(3);
      });

      it('lets a later request in a batch build on an earlier one for the same stream', async () => {
        const results = await store.appendBatch([
          { tenantId: tenant, streamId: 'a', events: [event()], expectedRevision: 'no_stream' },
          { tenantId: tenant, streamId: 'a', events: [event()], expectedRevision: 0 },
        ]);
        expect(results.map((r) => r.nextExpectedRevision)).toEqual([0, 1]);
      });
    });

    describe('reading', () => {
      it('reads a stream forwards from a revision, with a maximum count', async () => {
        await store.appendToStream({ tenantId: tenant, streamId: 'j-1', events: [event(), event(), event(), event()], expectedRevision: 'no_stream' });
        const read = await store.readStream(tenant, 'j-1', { fromRevision: 1, maxCount: 2 });
        expect(read.map((e) => e.revision)).toEqual([1, 2]);
      });

      it('reads an unknown stream as empty', async () => {
        expect(await store.readStream(tenant, 'nobody')).toEqual([]);
        expect(await store.streamRevision(tenant, 'nobody')).toBeUndefined();
      });

      it('reads the global log in commit order after a position', async () => {
        await store.appendToStream({ tenantId: tenant, streamId: 'a', events: [event()], expectedRevision: 'no_stream' });
        await store.appendToStream({ tenantId: tenant, streamId: 'b', events: [event(), event()], expectedRevision: 'no_stream' });
        await store.appendToStream({ tenantId: tenant, streamId: 'a', events: [event()], expectedRevision: 0 });
        const all = await store.readAll();
        expect(all.map((e) => `${e.streamId}@${e.revision}`)).toEqual(['a@0', 'b@0', 'b@1', 'a@1']);
        const positions = all.map((e) => e.position);
        expect([...positions].sort((x, y) => x - y)).toEqual(positions);
        const rest = await store.readAll({ after: positions[1] });
        expect(rest.map((e) => e.eventId)).toEqual(all.slice(2).map((e) => e.eventId));
        expect(await store.headPosition()).toBe(positions[3]);
        expect(await store.committedPosition()).toBe(positions[3]);
      });

      it('reads the global log of one kind of stream only, in commit order, page by page', async () => {
        await store.appendToStream({ tenantId: tenant, streamId: 'journey-1', events: [event()], expectedRevision: 'no_stream' });
        await store.appendToStream({ tenantId: tenant, streamId: 'access-user-1', events: [event()], expectedRevision: 'no_stream' });
        await store.appendToStream({ tenantId: 'south-shire', streamId: 'journey-2', events: [event(), event()], expectedRevision: 'no_stream' });
        await store.appendToStream({ tenantId: 'south-shire', streamId: 'access-user-2', events: [event()], expectedRevision: 'no_stream' });
        await store.appendToStream({ tenantId: tenant, streamId: 'access-user-1', events: [event()], expectedRevision: 0 });
        const all = await store.readAll({ maxCount: 100 });
        const access = await store.readAll({ streamPrefix: 'access-', maxCount: 100 });
        expect(access.map((e) => e.eventId)).toEqual(all.filter((e) => e.streamId.startsWith('access-')).map((e) => e.eventId));
        expect(access.map((e) => `${e.tenantId}/${e.streamId}@${e.revision}`)).toEqual([
          `${tenant}/access-user-1@0`,
          'south-shire/access-user-2@0',
          `${tenant}/access-user-1@1`,
        ]);
        const paged: string[] = [];
        for (let after = 0; ;) {
          const page = await store.readAll({ streamPrefix: 'access-', maxCount: 1, after });
          if (page.length === 0) break;
          expect(page).toHaveLength(1);
          paged.push(page[0].eventId);
          after = page[0].position;
        }
        expect(paged).toEqual(access.map((e) => e.eventId));
        expect((await store.readAll({ streamPrefix: 'access-', tenantId: 'south-shire' })).map((e) => e.streamId)).toEqual(['access-user-2']);
        expect(await store.readAll({ streamPrefix: 'nothing-' })).toEqual([]);
      });

      it('keeps tenants apart: same stream id, separate streams; reads filtered by tenant', async () => {
        await store.appendToStream({ tenantId: 'north-shire', streamId: 'j-1', events: [event()], expectedRevision: 'no_stream' });
        await store.appendToStream({ tenantId: 'south-shire', streamId: 'j-1', events: [event(), event()], expectedRevision: 'no_stream' });
        expect(await store.readStream('north-shire', 'j-1')).toHaveLength(1);
        expect(await store.readStream('south-shire', 'j-1')).toHaveLength(2);
        expect((await store.readAll({ tenantId: 'south-shire' })).every((e) => e.tenantId === 'south-shire')).toBe(true);
      });

      it('reads a snapshot up to a head, marking each stream’s last event in it, one tenant and one stream prefix only', async () => {
        await store.appendToStream({ tenantId: tenant, streamId: 'j-a', events: [event(), event()], expectedRevision: 'no_stream' });
        await store.appendToStream({ tenantId: tenant, streamId: 'other', events: [event()], expectedRevision: 'no_stream' });
        await store.appendToStream({ tenantId: 'south-shire', streamId: 'j-a', events: [event()], expectedRevision: 'no_stream' });
        await store.appendToStream({ tenantId: tenant, streamId: 'j-b', events: [event()], expectedRevision: 'no_stream' });
        await store.appendToStream({ tenantId: tenant, streamId: 'j-a', events: [event()], expectedRevision: 1 });
        const head = await store.headPosition();
        // After the snapshot: j-b goes on, but not within it, so its first event is still its last there.
        await store.appendToStream({ tenantId: tenant, streamId: 'j-b', events: [event()], expectedRevision: 0 });
        const marked = (events: { streamId: string; revision: number; lastInStream: boolean }[]) =>
          events.map((e) => `${e.streamId}@${e.revision}${e.lastInStream ? ' last' : ''}`);
        const all = await store.readAllToHead({ tenantId: tenant, head, streamPrefix: 'j-' });
        expect(marked(all)).toEqual(['j-a@0', 'j-a@1', 'j-b@0 last', 'j-a@2 last']);
        const paged = [];
        for (let after = 0; ;) {
          const page = await store.readAllToHead({ tenantId: tenant, head, streamPrefix: 'j-', after, maxCount: 1 });
          if (page.length === 0) break;
          paged.push(...page);
          after = page[page.length - 1].position;
        }
        expect(marked(paged)).toEqual(marked(all));
        expect(all.every((e) => e.tenantId === tenant && e.position <= head)).toBe(true);
      });

      it(
        options.readsWholeStreams
          ? 'reads whole streams up to a head, every tenant’s, one stream prefix, a page of streams at a time'
          : 'offers no whole-stream read, so batch jobs read it by position',
        async () => {
          if (!options.readsWholeStreams) {
            expect(store.readStreamsToHead).toBeUndefined();
            return;
          }
          const read = store.readStreamsToHead?.bind(store);
          if (read === undefined) throw new Error(`${name} does not read whole streams`);
          // Interleaved, as a live log is: j-a, other, j-b (south), j-c, j-a, j-b, j-a.
          await store.appendToStream({ tenantId: tenant, streamId: 'j-a', events: [event()], expectedRevision: 'no_stream' });
          await store.appendToStream({ tenantId: tenant, streamId: 'other', events: [event()], expectedRevision: 'no_stream' });
          await store.appendToStream({ tenantId: 'south-shire', streamId: 'j-b', events: [event()], expectedRevision: 'no_stream' });
          await store.appendToStream({ tenantId: tenant, streamId: 'j-c', events: [event(), event()], expectedRevision: 'no_stream' });
          await store.appendToStream({ tenantId: tenant, streamId: 'j-a', events: [event()], expectedRevision: 0 });
          await store.appendToStream({ tenantId: 'south-shire', streamId: 'j-b', events: [event()], expectedRevision: 0 });
          const head = await store.headPosition();
          // After the snapshot: neither the new event of j-a nor the new stream j-d is read.
          await store.appendToStream({ tenantId: tenant, streamId: 'j-a', events: [event()], expectedRevision: 1 });
          await store.appendToStream({ tenantId: tenant, streamId: 'j-d', events: [event()], expectedRevision: 'no_stream' });
          const byStream = (events: readonly { tenantId: string; streamId: string; revision: number }[]) => {
            const streams = new Map<string, number[]>();
            for (const e of events) {
              const key = `${e.tenantId}/${e.streamId}`;
              streams.set(key, [...(streams.get(key) ?? []), e.revision]);
            }
            return streams;
          };
          const expected = new Map([
            ['north-shire/j-a', [0, 1]],
            ['south-shire/j-b', [0, 1]],
            ['north-shire/j-c', [0, 1]],
          ]);
          const whole = await read({ head, streamPrefix: 'j-' });
          expect(whole.next).toBeUndefined();
          expect(new Map([...byStream(whole.events)].sort())).toEqual(new Map([...expected].sort()));
          // Each stream's events come together, in revision order.
          const keys = whole.events.map((e) => `${e.tenantId}/${e.streamId}`);
          expect(keys.filter((k, i) => i === 0 || k !== keys[i - 1])).toHaveLength(3);
          expect(whole.events.every((e) => e.position <= head)).toBe(true);
          // A page at a time, one stream each: every stream once, whole, and a cursor to the end.
          const pages: (readonly { tenantId: string; streamId: string; revision: number }[])[] = [];
          let after: string | undefined;
          do {
            const page = await read({ head, streamPrefix: 'j-', maxStreams: 1, ...(after === undefined ? {} : { after }) });
            pages.push(page.events);
            after = page.next;
          } while (after !== undefined && pages.length < 10);
          const nonEmpty = pages.filter((p) => p.length > 0);
          expect(nonEmpty.every((p) => byStream(p).size === 1)).toBe(true);
          expect(new Map([...byStream(nonEmpty.flat())].sort())).toEqual(new Map([...expected].sort()));
          await expect(read({ head, streamPrefix: 'j-', after: 'not a cursor' })).rejects.toThrow(RangeError);
        },
      );

      it('lists one tenant’s streams with a stream-id prefix and their current revisions', async () => {
        await store.appendToStream({ tenantId: tenant, streamId: 'scenario-b', events: [event()], expectedRevision: 'no_stream' });
        await store.appendToStream({ tenantId: tenant, streamId: 'j-1', events: [event()], expectedRevision: 'no_stream' });
        await store.appendToStream({ tenantId: tenant, streamId: 'scenario-a', events: [event(), event()], expectedRevision: 'no_stream' });
        await store.appendToStream({ tenantId: 'south-shire', streamId: 'scenario-c', events: [event()], expectedRevision: 'no_stream' });
        await store.appendToStream({ tenantId: tenant, streamId: 'scenario-b', events: [event()], expectedRevision: 0 });
        expect(await store.streamsWithPrefix(tenant, 'scenario-')).toEqual([
          { streamId: 'scenario-a', revision: 1 },
          { streamId: 'scenario-b', revision: 1 },
        ]);
        expect(await store.streamsWithPrefix(tenant, 'none-')).toEqual([]);
      });
    });

    describe('tamper evidence', () => {
      it('chains each event to the previous one in its stream by hash', async () => {
        await store.appendToStream({ tenantId: tenant, streamId: 'j-1', events: [event(), event()], expectedRevision: 'no_stream' });
        await store.appendToStream({ tenantId: tenant, streamId: 'j-1', events: [event()], expectedRevision: 1 });
        const read = await store.readStream(tenant, 'j-1');
        expect(read[0].previousHash).toBeNull();
        read.forEach((e, i) => {
          if (i > 0) expect(e.previousHash).toBe(read[i - 1].hash);
          expect(eventHash(e, e.previousHash)).toBe(e.hash);
        });
      });
    });

    describe('subscribing', () => {
      it('delivers what is after the checkpoint, then what is appended later', async () => {
        await store.appendToStream({ tenantId: tenant, streamId: 'a', events: [event(), event()], expectedRevision: 'no_stream' });
        const [first] = await store.readAll();
        const received = firstValueFrom(store.subscribeToAll({ after: first.position, batchSize: 1 }).pipe(take(2), toArray()));
        await new Promise((r) => setTimeout(r, 20));
        await store.appendToStream({ tenantId: tenant, streamId: 'b', events: [event()], expectedRevision: 'no_stream' });
        const batches = await received;
        expect(batches.flat().map((e) => `${e.streamId}@${e.revision}`)).toEqual(['a@1', 'b@0']);
      });

      it('wakes a reader after an append, without handing it the events', async () => {
        const woken = firstValueFrom(store.wakeUps());
        await store.appendToStream({ tenantId: tenant, streamId: 'c', events: [event()], expectedRevision: 'no_stream' });
        await expect(woken).resolves.toBeUndefined();
      });
    });
  });
}
