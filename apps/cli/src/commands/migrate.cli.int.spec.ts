import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { openStore } from '@journey-ledger/event-store';
import type { OpenedStore, RecordedEvent, StoreSettings } from '@journey-ledger/event-store';
import { buildProgram } from '../main';
import { runMigrate } from './migrate.command';

/**
 * Given a council's generated log in the embedded store, when it is migrated to PostgreSQL in two
 * runs (the first stopped part way, as an interrupted run is), then PostgreSQL holds the same log:
 * every event once, in the same order, at the same revisions, with the same hashes and seals, and
 * verification of the target finds it intact.
 */
describe('migrating a council’s log from the embedded store to PostgreSQL', () => {
  let dir: string;
  let saved: NodeJS.ProcessEnv;
  const schema = `jl_migrate_${randomBytes(4).toString('hex')}`;
  const sealKey = () => process.env.JOURNEY_LEDGER_SEAL_KEY;
  const embedded = (): StoreSettings => ({ kind: 'embedded', dataDir: dir, sealKey: sealKey() });
  const postgres = (): StoreSettings => ({ kind: 'postgres', databaseUrl: process.env.DATABASE_URL, schema, sealKey: sealKey() });

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'jl-migrate-'));
    saved = { ...process.env };
    Object.assign(process.env, { JOURNEY_LEDGER_STORE: 'embedded', JOURNEY_LEDGER_DATA_DIR: dir });
    jest.spyOn(process.stdout, 'write').mockImplementation(() => true);
    jest.spyOn(process.stderr, 'write').mockImplementation(() => true);
    await buildProgram().parseAsync(['node', 'journey-ledger', 'generate', '--journeys', '150', '--seed', '7']);
    jest.restoreAllMocks();
  });

  afterAll(async () => {
    const { db, eventStore } = await openStore(postgres());
    await db.execute(`drop schema if exists ${schema} cascade`);
    await eventStore.close();
    process.env = saved;
    rmSync(dir, { recursive: true, force: true });
  });

  const log = async (store: OpenedStore): Promise<RecordedEvent[]> => {
    const all: RecordedEvent[] = [];
    for (let page = await store.eventStore.readAll({ tenantId: 'north-shire', maxCount: 1000 }); page.length > 0;) {
      all.push(...page);
      page = await store.eventStore.readAll({ tenantId: 'north-shire', after: page[page.length - 1].position, maxCount: 1000 });
    }
    return all;
  };
  const identity = (e: RecordedEvent) => ({
    streamId: e.streamId,
    revision: e.revision,
    eventId: e.eventId,
    recordedAt: e.recordedAt,
    hash: e.hash,
    seal: e.seal,
  });

  it('copies every event once, with ids, order, hashes and seals, across an interrupted and a resumed run, and verifies the target', async () => {
    const source = await openStore(embedded());
    try {
      const sourceLog = await log(source);
      expect(sourceLog.length).toBeGreaterThan(450); // 150 journeys, at least three events each

      // The first run stops after 300 events, as an interrupted migration would.
      const first = await runMigrate(source, (clock) => openStore(postgres(), clock), { tenantId: 'north-shire', limit: 300, batch: 64, verify: false });
      expect(first).toMatchObject({ sourceEvents: sourceLog.length, alreadyCopied: 0 });
      expect(first.copied).toBeLessThanOrEqual(300);
      expect(first.copied).toBeGreaterThan(0);

      const progress: number[] = [];
      const second = await runMigrate(source, (clock) => openStore(postgres(), clock), {
        tenantId: 'north-shire',
        batch: 64,
        onProgress: (done) => progress.push(done),
      });
      expect(second.alreadyCopied).toBe(first.copied);
      expect(second.copied).toBe(sourceLog.length - first.copied);
      expect(progress[0]).toBe(first.copied);
      expect(progress[progress.length - 1]).toBe(sourceLog.length);
      expect(second.verification).toMatchObject({ status: 'intact', eventCount: sourceLog.length, breaks: [] });

      const target = await openStore(postgres());
      try {
        const targetLog = await log(target);
        expect(targetLog.map(identity)).toEqual(sourceLog.map(identity));
        expect(new Set(targetLog.map((e) => e.eventId)).size).toBe(targetLog.length);
        expect(targetLog.map((e) => e.data)).toEqual(sourceLog.map((e) => e.data));
      } finally {
        await target.eventStore.close();
      }

      // A third run finds everything there and copies nothing.
      const third = await runMigrate(source, (clock) => openStore(postgres(), clock), { tenantId: 'north-shire', verify: false });
      expect(third).toMatchObject({ alreadyCopied: sourceLog.length, copied: 0 });
    } finally {
      await source.eventStore.close();
    }
  });

  it('stops at the first event the target would seal with another key', async () => {
    const source = await openStore(embedded());
    const otherSchema = `${schema}_key`;
    const other: StoreSettings = { kind: 'postgres', databaseUrl: process.env.DATABASE_URL, schema: otherSchema, sealKey: randomBytes(32).toString('base64') };
    try {
      await expect(runMigrate(source, (clock) => openStore(other, clock), { tenantId: 'north-shire', verify: false })).rejects.toThrow(
        /sealed differently in the target: both stores need the same JOURNEY_LEDGER_SEAL_KEY/,
      );
    } finally {
      const opened = await openStore(other);
      await opened.db.execute(`drop schema if exists ${otherSchema} cascade`);
      await opened.eventStore.close();
      await source.eventStore.close();
    }
  });

  it('refuses to continue into a target that holds another log', async () => {
    const source = await openStore(embedded());
    const otherSchema = `${schema}_other`;
    const other: StoreSettings = { kind: 'postgres', databaseUrl: process.env.DATABASE_URL, schema: otherSchema, sealKey: sealKey() };
    const stranger = await openStore(other);
    try {
      await stranger.eventStore.appendToStream({
        tenantId: 'north-shire',
        streamId: 'journey-elsewhere',
        events: [{ eventId: '0e9d2f4c-5a43-4f6b-9a7e-5a0f3a1f0b01', type: 'ContactReceived', version: 1, data: {}, metadata: {} }],
        expectedRevision: 'no_stream',
      });
      await expect(runMigrate(source, (clock) => openStore(other, clock), { tenantId: 'north-shire', verify: false })).rejects.toThrow(
        /not a copy of this source/,
      );
    } finally {
      await stranger.db.execute(`drop schema if exists ${otherSchema} cascade`);
      await stranger.eventStore.close();
      await source.eventStore.close();
    }
  });
});
