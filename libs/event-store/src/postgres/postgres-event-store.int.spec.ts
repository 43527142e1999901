import { randomUUID } from 'node:crypto';
import { freshPostgres } from '@journey-ledger/testing';
import { eventStoreContract } from '../contract/event-store.contract';
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
