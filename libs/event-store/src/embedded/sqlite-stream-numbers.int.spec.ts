import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { SqliteDatabase } from '@journey-ledger/sql';
import { DuplicateEventError, WrongExpectedRevisionError } from '../port/errors';
import type { EventToAppend, RecordedEvent } from '../port/event-store.port';
import { SqliteEventStore } from './sqlite-event-store';

/** The layout files had before streams were numbered: the log keyed by tenant, stream name and revision. */
const KEYED_BY_NAME = (sealed: boolean) => `
create table events (
  position integer primary key autoincrement,
  tenant_id text not null,
  stream_id text not null,
  revision integer not null,
  event_id text not null unique,
  type text not null,
  version integer not null,
  data text not null,
  metadata text not null,
  recorded_at text not null,
  hash text not null,
  previous_hash text${sealed ? ',\n  seal text' : ''},
  unique (tenant_id, stream_id, revision)
);
create index events_tenant_position on events (tenant_id, position);
create table streams (
  tenant_id text not null,
  stream_id text not null,
  revision integer not null,
  last_hash text not null,
  primary key (tenant_id, stream_id)
) without rowid;
`;

const event = (type = 'ContactReceived'): EventToAppend => ({
  eventId: randomUUID(),
  type,
  version: 1,
  data: { team: 'mash' },
  metadata: { occurredAt: '2025-01-06T10:00:00.000Z' },
});

/** Three journeys of two tenants, appended in interleaved order, as a store of the current layout records them. */
async function recordedLog(dir: string): Promise<RecordedEvent[]> {
  const store = new SqliteEventStore(new SqliteDatabase({ filename: join(dir, 'source.sqlite') }));
  await store.migrate();
  await store.appendToStream({ tenantId: 'north-shire', streamId: 'journey-a', events: [event(), event('ContactDecided')], expectedRevision: 'no_stream' });
  await store.appendToStream({ tenantId: 'south-vale', streamId: 'journey-a', events: [event()], expectedRevision: 'no_stream' });
  await store.appendToStream({ tenantId: 'north-shire', streamId: 'journey-b', events: [event()], expectedRevision: 'no_stream' });
  await store.appendToStream({ tenantId: 'north-shire', streamId: 'journey-a', events: [event('CaseHandedOver')], expectedRevision: 1 });
  const log = await store.readAll({ maxCount: 100 });
  await store.close();
  return log;
}

/** The same events written into a file of the former layout, positions and hashes as recorded. */
function writeKeyedByName(file: string, log: readonly RecordedEvent[], sealed: boolean, sequence: number): void {
  const db = new Database(file);
  db.exec(KEYED_BY_NAME(sealed));
  const columns = 'position, tenant_id, stream_id, revision, event_id, type, version, data, metadata, recorded_at, hash, previous_hash';
  const insert = db.prepare(`insert into events (${columns}) values (?,?,?,?,?,?,?,?,?,?,?,?)`);
  const head = db.prepare(
    'insert into streams values (?,?,?,?) on conflict (tenant_id, stream_id) do update set revision = excluded.revision, last_hash = excluded.last_hash',
  );
  for (const e of log) {
    insert.run(
      e.position,
      e.tenantId,
      e.streamId,
      e.revision,
      e.eventId,
      e.type,
      e.version,
      JSON.stringify(e.data),
      JSON.stringify(e.metadata),
      e.recordedAt,
      e.hash,
      e.previousHash,
    );
    head.run(e.tenantId, e.streamId, e.revision, e.hash);
  }
  // An event once appended and since removed (or a rolled-back append) leaves the sequence past the last row.
  db.prepare("update sqlite_sequence set seq = ? where name = 'events'").run(sequence);
  db.close();
}

describe('embedded store: a file written before streams were numbered', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'jl-numbering-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it.each([
    ['with sealed events', true],
    ['from before events were sealed', false],
  ])('%s: opens with every event, position, hash and head as it was, and appends where the log left off', async (_, sealed) => {
    const log = await recordedLog(dir);
    const file = join(dir, 'before.sqlite');
    writeKeyedByName(file, log, sealed, log.length + 3);

    const store = new SqliteEventStore(new SqliteDatabase({ filename: file }));
    await store.migrate();
    await store.migrate();
    try {
      expect(await store.readAll({ maxCount: 100 })).toEqual(log);
      expect((await store.readStream('north-shire', 'journey-a')).map((e) => e.eventId)).toEqual(
        log.filter((e) => e.tenantId === 'north-shire' && e.streamId === 'journey-a').map((e) => e.eventId),
      );
      expect(await store.readStream('south-vale', 'journey-a')).toEqual(log.filter((e) => e.tenantId === 'south-vale'));
      expect(await store.streamRevision('north-shire', 'journey-a')).toBe(2);

      // The chain goes on from the head as it was, after the highest position ever given.
      const [last] = (await store.readStream('north-shire', 'journey-a')).slice(-1);
      const next = await store.appendToStream({ tenantId: 'north-shire', streamId: 'journey-a', events: [event('JourneyClosed')], expectedRevision: 2 });
      expect(next.events[0]).toMatchObject({ revision: 3, previousHash: last.hash, position: log.length + 4 });
      await expect(store.appendToStream({ tenantId: 'north-shire', streamId: 'journey-a', events: [event()], expectedRevision: 2 })).rejects.toBeInstanceOf(
        WrongExpectedRevisionError,
      );
      await expect(
        store.appendToStream({
          tenantId: 'north-shire',
          streamId: 'journey-c',
          events: [{ ...event(), eventId: log[0].eventId }],
          expectedRevision: 'no_stream',
        }),
      ).rejects.toBeInstanceOf(DuplicateEventError);

      // A new stream gets a number of its own: its revisions do not meet any other stream's.
      await store.appendToStream({ tenantId: 'north-shire', streamId: 'journey-c', events: [event(), event()], expectedRevision: 'no_stream' });
      expect((await store.readStream('north-shire', 'journey-c')).map((e) => e.revision)).toEqual([0, 1]);
      const numbers = await store.db.query<{ stream_no: number }>('select stream_no from streams order by stream_no');
      expect(numbers.map((r) => r.stream_no)).toEqual([1, 2, 3, 4]);
      // The copy's old pages are not kept free inside the file.
      expect(await store.db.query('select freelist_count as free from pragma_freelist_count')).toEqual([{ free: 0 }]);
    } finally {
      await store.close();
    }
  });

  it('a file of the current layout is left as it is, and gets any index it lacks', async () => {
    const log = await recordedLog(dir);
    const file = join(dir, 'source.sqlite');
    const raw = new Database(file);
    raw.exec('drop index events_tenant_position');
    raw.close();
    const store = new SqliteEventStore(new SqliteDatabase({ filename: file }));
    try {
      await store.migrate();
      const indexes = await store.db.query<{ name: string }>("select name from sqlite_master where type = 'index' and tbl_name = 'events'");
      expect(indexes.map((i) => i.name)).toContain('events_tenant_position');
      expect(await store.readAll({ maxCount: 100 })).toEqual(log);
    } finally {
      await store.close();
    }
  });

  it('two connections opening the same older file at once number it once', async () => {
    const log = await recordedLog(dir);
    const file = join(dir, 'before.sqlite');
    writeKeyedByName(file, log, true, log.length);
    const stores = [0, 1].map(() => new SqliteEventStore(new SqliteDatabase({ filename: file })));
    try {
      await Promise.all(stores.map((s) => s.migrate()));
      for (const s of stores) expect(await s.readAll({ maxCount: 100 })).toEqual(log);
    } finally {
      await Promise.all(stores.map((s) => s.close()));
    }
  });
});

describe('embedded store: event ids by key', () => {
  let dir: string;
  let store: SqliteEventStore;
  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'jl-event-key-'));
    store = new SqliteEventStore(new SqliteDatabase({ filename: join(dir, 'ledger.sqlite') }));
    await store.migrate();
  });
  afterEach(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  // 'costarring' and 'liquid' have the same 32-bit FNV-1a hash.
  it('keeps two ids that share a key apart, and still refuses either a second time', async () => {
    await store.appendToStream({
      tenantId: 'north-shire',
      streamId: 'journey-a',
      events: [{ ...event(), eventId: 'costarring' }],
      expectedRevision: 'no_stream',
    });
    await store.appendToStream({ tenantId: 'north-shire', streamId: 'journey-b', events: [{ ...event(), eventId: 'liquid' }], expectedRevision: 'no_stream' });
    await expect(
      store.appendToStream({ tenantId: 'north-shire', streamId: 'journey-c', events: [{ ...event(), eventId: 'liquid' }], expectedRevision: 'no_stream' }),
    ).rejects.toEqual(new DuplicateEventError('liquid'));
    await expect(
      store.appendBatch([
        { tenantId: 'north-shire', streamId: 'journey-d', events: [event()], expectedRevision: 'no_stream' },
        { tenantId: 'north-shire', streamId: 'journey-e', events: [{ ...event(), eventId: 'costarring' }], expectedRevision: 'no_stream' },
      ]),
    ).rejects.toBeInstanceOf(DuplicateEventError);
    // Nothing of a refused batch is written.
    expect(await store.streamRevision('north-shire', 'journey-d')).toBeUndefined();
    expect((await store.readAll({ maxCount: 10 })).map((e) => e.eventId)).toEqual(['costarring', 'liquid']);
  });

  it('refuses an id repeated within one batch', async () => {
    const twice = event();
    await expect(
      store.appendBatch([
        { tenantId: 'north-shire', streamId: 'journey-a', events: [twice], expectedRevision: 'no_stream' },
        { tenantId: 'south-vale', streamId: 'journey-a', events: [twice], expectedRevision: 'no_stream' },
      ]),
    ).rejects.toEqual(new DuplicateEventError(twice.eventId));
    expect(await store.readAll({ maxCount: 10 })).toEqual([]);
  });
});
