import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { parseTenantConfig, TeamDirectory } from '@journey-ledger/domain';
import { journeyIdFor } from '@journey-ledger/application';
import { PostgresEventStore, SqliteEventStore } from '@journey-ledger/event-store';
import type { EventStore } from '@journey-ledger/event-store';
import { importCsv, LIST_NAMES, planFromEmpty } from '@journey-ledger/ingest';
import { SqliteDatabase } from '@journey-ledger/sql';
import { freshPostgres } from '@journey-ledger/testing';
import { writeJourneysAsCsv } from './csv-export';
import { generateJourneys } from './generator';
import { england202425 } from './presets';

const config = parseTenantConfig(parse(readFileSync(join(__dirname, '../../../config/tenants/north-shire.yaml'), 'utf8')));
const teams = new TeamDirectory(config.teams);
const now = new Date('2026-01-01T00:00:00Z');

const STORES: [string, (dir: string) => Promise<{ store: EventStore; dispose: () => Promise<void> }>][] = [
  [
    'embedded',
    async (dir) => {
      const store = new SqliteEventStore(new SqliteDatabase({ filename: join(dir, 's.sqlite') }));
      return { store, dispose: () => store.close() };
    },
  ],
  [
    'postgres',
    async () => {
      const db = await freshPostgres('jl_export', 4);
      return { store: new PostgresEventStore(db), dispose: () => db.drop() };
    },
  ],
];

describe.each(STORES)('synthetic journeys exported as CSV lists and imported again (%s store)', (_kind, open) => {
  it('gives back every journey, event for event (plans aside: they have no list)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'jl-export-'));
    const { store, dispose } = await open(dir);
    try {
      await store.migrate();
      const generated = [...generateJourneys({ tenant: config, preset: england202425, journeys: 300, seed: 21, now })];
      const counts = await writeJourneysAsCsv(generated, dir);
      expect(counts.contacts).toBe(300);
      const report = await importCsv(
        LIST_NAMES.map((list) => ({ list, path: join(dir, `${list}.csv`) })),
        { store, tenant: { config, teams }, now: () => now },
      );
      expect(report.rejects).toEqual([]);
      expect(report.journeys).toEqual({ seen: 300, written: 300, alreadyStored: 0, rejected: 0 });

      const planned = planFromEmpty(generated, () => teams, now.toISOString()).plans;
      for (const i of [0, 1, 2, 50, 123, 299]) {
        const expected = (planned[i] as { events: { type: string; metadata: Record<string, unknown> }[] }).events
          .filter((e) => e.type !== 'PlanStarted' && e.type !== 'PlanEnded')
          .map((e) => `${e.type}@${e.metadata.occurredAt}`);
        const ref = `J${String(i).padStart(9, '0')}`;
        const stored = await store.readStream('north-shire', `journey-${journeyIdFor('north-shire', `import/${ref}`)}`);
        expect(stored.map((e) => `${e.type}@${e.metadata.occurredAt}`)).toEqual(expected);
      }
    } finally {
      await dispose();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
