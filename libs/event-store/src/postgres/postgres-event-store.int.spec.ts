import { randomUUID } from 'node:crypto';
import { freshPostgres } from '@journey-ledger/testing';
import { eventStoreContract } from '../contract/event-store.contract';
import { eventHash } from '../integrity/hash-chain';
import { EventSeal } from '../integrity/seal';
import { DuplicateEventError } from '../port/errors';
import type { AppendRequest } from '../port/event-store.port';
import { PostgresEventStore } from './postgres-event-store';

eventStoreContract('PostgreSQL', async () => {
  const db = await freshPostgres();
  const store = new PostgresEventStore(db);
  await store.migrate();
  return {
    store,
    async dispose() {
      await db.drop();
    },
  };
});

// The same contract with every batch of two events or more written by COPY (the bulk import's path).
eventStoreContract('PostgreSQL, batches by COPY', async () => {
  const db = await freshPostgres();
  const store = new PostgresEventStore(db, undefined, undefined, { copyFromEvents: 2 });
  await store.migrate();
  return {
    store,
    async dispose() {
      await db.drop();
    },
  };
});

describe('PostgreSQL bulk appends by COPY', () => {
  const event = (data: unknown) => ({ eventId: randomUUID(), type: 'T', version: 1, data, metadata: { occurredAt: '2025-01-06T10:00:00.000Z' } });
  const batch = (prefix: string, streams: number, perStream: number): AppendRequest[] =>
    Array.from({ length: streams }, (_, k) => ({
      tenantId: 't',
      streamId: `${prefix}-${k}`,
      events: Array.from({ length: perStream }, (_, n) => event({ k, n, text: 'tab\there, line\nbreak, back\\slash, "quoted", é €' })),
      expectedRevision: 'no_stream' as const,
    }));

  it('gives a batch one block of positions after everything before it, returns the positions it stored, and chains and seals every event', async () => {
    const db = await freshPostgres('jl_copy');
    const seal = EventSeal.fromKey(undefined);
    const store = new PostgresEventStore(db, undefined, seal, { copyFromEvents: 10 });
    await store.migrate();
    try {
      // given one event appended by the one-statement path
      await store.appendToStream({ tenantId: 't', streamId: 'before', events: [event({})], expectedRevision: 'no_stream' });
      // when a batch of 40 streams of 3 events each is appended
      const results = await store.appendBatch(batch('copy', 40, 3));
      // then its positions follow on, one block, in the batch's order, as returned
      const log = await store.readAll({ maxCount: 1000 });
      expect(log.map((e) => e.position)).toEqual(Array.from({ length: 121 }, (_, i) => log[0].position + i));
      expect(results.flatMap((r) => r.events.map((e) => e.position))).toEqual(log.slice(1).map((e) => e.position));
      expect(results.map((r) => r.position)).toEqual(results.map((r) => r.events[2].position));
      // and each event is stored as given, hashed over its content after the one before it, and sealed
      for (const r of results) {
        const stored = await store.readStream('t', r.events[0].streamId);
        expect(stored).toEqual(r.events);
        stored.forEach((e, i) => {
          expect(e.previousHash).toBe(i === 0 ? null : stored[i - 1].hash);
          expect(eventHash(e, e.previousHash)).toBe(e.hash);
          expect(seal.verify(e.hash, e.seal)).toBe(true);
        });
      }
      // and a later append by the insert path draws after the block
      const after = await store.appendToStream({ tenantId: 't', streamId: 'after', events: [event({})], expectedRevision: 'no_stream' });
      expect(after.position).toBeGreaterThan(log[log.length - 1].position);
    } finally {
      await db.drop();
    }
  });

  it('refuses a batch holding an event id already stored: nothing of it is written, no stream moves, its positions are a gap', async () => {
    const db = await freshPostgres('jl_copy_dup');
    const store = new PostgresEventStore(db, undefined, undefined, { copyFromEvents: 10 });
    await store.migrate();
    try {
      const [stored] = await store.appendBatch(batch('first', 5, 2));
      const last = await store.headPosition();
      const again = batch('second', 10, 2);
      again[7] = { ...again[7], events: [again[7].events[0], stored.events[1]] };
      await expect(store.appendBatch(again)).rejects.toBeInstanceOf(DuplicateEventError);
      expect(await store.streamRevision('t', 'second-0')).toBeUndefined();
      expect(await store.readAll({ maxCount: 1000 })).toHaveLength(10);
      // the refused batch's 20 positions are never used: the next batch starts after them
      const next = await store.appendBatch(batch('third', 5, 2));
      expect(next[0].events[0].position).toBe(last + 20 + 1);
      expect(await store.readAll({ maxCount: 1000 })).toHaveLength(20);
    } finally {
      await db.drop();
    }
  });
});

describe('PostgreSQL global log under concurrent writers', () => {
  it('makes writers behind a stalled commit wait for it, so no reader ever sees a position before one below it', async () => {
    const db = await freshPostgres('jl_gap', 20);
    const store = new PostgresEventStore(db);
    await store.migrate();
    try {
      // A writer that has drawn its position and stalls before committing, following the
      // store's protocol: the commit-order lock is held from the draw to the commit.
      const slow = await db.connect();
      await slow.query('begin');
      await slow.query(`insert into streams (tenant_id, stream_id, revision, last_hash) values ('t', 'slow', 0, 'x')`);
      await slow.query('select pg_advisory_xact_lock(7342003, hashtext(current_schema()))');
      await slow.query(
        `insert into events (tenant_id, stream_id, revision, event_id, type, version, data, metadata, recorded_at, hash, previous_hash)
         values ('t', 'slow', 0, $1, 'Slow', 1, '{}', '{}', now(), 'x', null)`,
        [randomUUID()],
      );
      const writers = 8;
      const perWriter = 25;
      const seen: number[] = [];
      let checkpoint = 0;
      let done = false;
      const reader = (async () => {
        while (!done || (await store.headPosition()) > checkpoint) {
          const batch = await store.readAll({ after: checkpoint, maxCount: 7 });
          for (const e of batch) seen.push(e.position);
          if (batch.length > 0) checkpoint = batch[batch.length - 1].position;
          else await new Promise((r) => setTimeout(r, 2));
        }
      })();
      let appended = 0;
      const appending = Promise.all(
        Array.from({ length: writers }, async (_, w) => {
          for (let i = 0; i < perWriter; i++) {
            await store.appendToStream({
              tenantId: 't',
              streamId: `w${w}`,
              events: [{ eventId: randomUUID(), type: 'Fast', version: 1, data: { i }, metadata: {} }],
              expectedRevision: i === 0 ? 'no_stream' : i - 1,
            });
            appended += 1;
          }
        }),
      );
      await new Promise((r) => setTimeout(r, 200));
      expect({ appended, seen: seen.length }).toEqual({ appended: 0, seen: 0 });
      await slow.query('commit');
      slow.release();
      await appending;
      done = true;
      await reader;
      const all = (await store.readAll({ maxCount: 10_000 })).map((e) => e.position);
      expect(all).toHaveLength(writers * perWriter + 1);
      expect(seen).toEqual(all);
      expect(all[0]).toBe(Math.min(...all));
    } finally {
      await db.drop();
    }
  });
});

describe('PostgreSQL readers and unrelated transactions', () => {
  it('are not held back by a long transaction that is not appending to this store', async () => {
    const db = await freshPostgres('jl_fence');
    const other = await freshPostgres('jl_other');
    const store = new PostgresEventStore(db);
    await store.migrate();
    const busy = await other.connect();
    try {
      // A long writer elsewhere on the server: it has a transaction id older than ours.
      await busy.query('begin');
      await busy.query('create table long_job (n int)');
      await busy.query('insert into long_job values (1)');
      await store.appendToStream({
        tenantId: 't',
        streamId: 's',
        events: [{ eventId: randomUUID(), type: 'T', version: 1, data: {}, metadata: {} }],
        expectedRevision: 'no_stream',
      });
      expect(await store.readAll()).toHaveLength(1);
      expect(await store.headPosition()).toBe(await store.committedPosition());
    } finally {
      await busy.query('rollback');
      busy.release();
      await other.drop();
      await db.drop();
    }
  });
});
